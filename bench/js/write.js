// SPDX-License-Identifier: MIT
// node write.js HOST:PORT COUNT RATE PREFIX: sets PREFIX0.. carrying their send time, RATE per second (0: flood).
var net = require('net')
var c = require('./common')
var where = c.address(process.argv[2])
var count = +process.argv[3]
var rate = +process.argv[4]
var prefix = process.argv[5] || 'w'
var model = new c.Model()
var socket = net.connect(where.port, where.host)
var stream = model.createStream()
socket.on('error', function () { process.exit(1) })
socket.pipe(stream).pipe(socket)
var sent = 0
stream.on('synced', function () {
  var started = c.nowMs()
  function tick () {
    var due = rate > 0 ? Math.min(count, Math.floor((c.nowMs() - started) * rate / 1000) + 1) : Math.min(count, sent + 2000)
    for (; sent < due; sent++) model.set(prefix + sent, { t: c.nowMs() })
    if (sent < count) rate > 0 ? setTimeout(tick, 1) : setImmediate(tick)
  }
  tick()
})
