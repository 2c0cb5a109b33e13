// SPDX-License-Identifier: MIT
// node relay.js: a Model that serves any number of peers (the middle of the streaming benchmark).
var net = require('net')
var c = require('./common')
var model = new c.Model()
var server = net.createServer(function (socket) {
  socket.on('error', function () {})
  socket.pipe(model.createStream()).pipe(socket)
})
server.listen(0, '127.0.0.1', function () { c.print({ port: server.address().port }) })
