// SPDX-License-Identifier: MIT
// node fetch.js HOST:PORT: a fresh Model syncs; prints the time to synced, the CPU
// time it took, and memory.
// No tail:false here: npm ends its output right after its own "SYNC", and the
// npm holder (allowHalfOpen off) then drops whatever history it has not yet
// written, so from about 400,000 keys on the fetch never gets synced.
var net = require('net')
var c = require('./common')
var where = c.address(process.argv[2])
var model = new c.Model()
var start = c.nowMs()
var cpuStart = process.cpuUsage()
var socket = net.connect(where.port, where.host)
var stream = model.createStream()
stream.on('synced', function () {
  var cpu = process.cpuUsage(cpuStart)
  c.print({ ms: c.nowMs() - start, cpuMs: (cpu.user + cpu.system) / 1000, keys: Object.keys(model.store).length, rssKb: c.rssKb(), peakRssKb: c.peakRssKb() })
  process.exit(0)
})
socket.on('error', function (e) { console.error('fetch: ' + e.message); process.exit(1) })
socket.pipe(stream).pipe(socket)
