// SPDX-License-Identifier: MIT
// node snapshot.js IN OUT: loads the replica file IN as load.js does, then times
// writing the replica out whole to OUT with npm's createReadStream, npm's way
// of making a fresh copy of a replica (it has no compaction of its own).
var fs = require('fs')
var c = require('./common')
var model = new c.Model()
var stream = model.createWriteStream()
stream.on('synced', function () {
  var start = c.nowMs()
  var out = fs.createWriteStream(process.argv[3])
  out.on('finish', function () {
    // Made durable, as our compaction's snapshot is.
    var fd = fs.openSync(process.argv[3], 'r+')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    c.print({ ms: c.nowMs() - start, keys: Object.keys(model.store).length })
    process.exit(0)
  })
  model.createReadStream({ tail: false }).pipe(out)
})
fs.createReadStream(process.argv[2]).pipe(stream)
