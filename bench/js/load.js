// SPDX-License-Identifier: MIT
// node load.js PATH: reads a replica file with npm's createWriteStream; prints the time until it has synced.
var fs = require('fs')
var c = require('./common')
var model = new c.Model()
var start = c.nowMs()
var stream = model.createWriteStream()
stream.on('synced', function () {
  c.print({ ms: c.nowMs() - start, keys: Object.keys(model.store).length, peakRssKb: c.peakRssKb() })
  process.exit(0)
})
fs.createReadStream(process.argv[2]).pipe(stream)
