// SPDX-License-Identifier: MIT
// node syncprint.js HOST:PORT: syncs a fresh Model, prints the replica (JSON of its
// keys and values) and exits, as `sbpeer sync` does; timed from outside.
var net = require('net')
var c = require('./common')
var where = c.address(process.argv[2])
var model = new c.Model()
var socket = net.connect(where.port, where.host)
var stream = model.createStream()
stream.on('synced', function () {
  process.stdout.write(JSON.stringify(model.toJSON()) + '\n', function () { process.exit(0) })
})
socket.on('error', function (e) { console.error('syncprint: ' + e.message); process.exit(1) })
socket.pipe(stream).pipe(socket)
