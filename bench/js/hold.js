// SPDX-License-Identifier: MIT
// node hold.js N [SOURCES]: holds N keys from SOURCES sources and serves them.
var net = require('net')
var c = require('./common')
var model = new c.Model()
c.fillFromSources(model, +process.argv[2], +(process.argv[3] || 10))
var server = net.createServer(function (socket) {
  var stream = model.createStream()
  socket.on('error', function () {})
  socket.pipe(stream).pipe(socket)
})
server.listen(0, '127.0.0.1', function () { c.print({ port: server.address().port, rssKb: c.rssKb() }) })
