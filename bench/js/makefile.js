// SPDX-License-Identifier: MIT
// node makefile.js N PATH [npm|synthetic]: writes a replica file of N keys from 10
// sources with npm's createReadStream, as an npm peer saves its replica.
var fs = require('fs')
var c = require('./common')
var model = new c.Model()
c.fill(model, +process.argv[2], 10, process.argv[4] || 'npm')
var out = fs.createWriteStream(process.argv[3])
out.on('finish', function () { c.print({ bytes: fs.statSync(process.argv[3]).size }); process.exit(0) })
model.createReadStream({ tail: false }).pipe(out)
