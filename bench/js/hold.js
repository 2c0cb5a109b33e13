// SPDX-License-Identifier: MIT
// node hold.js N [SOURCES] [npm|synthetic]: holds N keys from SOURCES sources and serves them.
var net = require('net')
var c = require('./common')
var model = new c.Model()
c.fill(model, +process.argv[2], +(process.argv[3] || 10), process.argv[4] || 'npm')
var server = net.createServer(function (socket) {
  var stream = model.createStream()
  socket.on('error', function () {})
  socket.pipe(stream).pipe(socket)
})
server.listen(0, '127.0.0.1', function () { c.print({ port: server.address().port, rssKb: c.rssKb() }) })
