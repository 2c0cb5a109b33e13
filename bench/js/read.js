// SPDX-License-Identifier: MIT
// node read.js HOST:PORT COUNT PREFIX: waits for COUNT updates PREFIX*, prints the rate and latency percentiles.
var net = require('net')
var c = require('./common')
var where = c.address(process.argv[2])
var count = +process.argv[3]
var prefix = process.argv[4] || 'w'
var model = new c.Model()
var socket = net.connect(where.port, where.host)
var stream = model.createStream()
socket.on('error', function () { process.exit(1) })
socket.pipe(stream).pipe(socket)
var latencies = []
var firstSent = 0
model.on('update', function (trx) {
  var key = trx[0]
  if (!key.startsWith(prefix)) return
  var now = c.nowMs()
  var sentAt = trx[1].t
  if (!firstSent || sentAt < firstSent) firstSent = sentAt
  latencies.push(now - sentAt)
  if (latencies.length < count) return
  latencies.sort(function (a, b) { return a - b })
  function percentile (p) { return latencies[Math.floor(p * (latencies.length - 1))] }
  c.print({ rate: Math.round(count / ((now - firstSent) / 1000)), p50: percentile(0.5), p99: percentile(0.99) })
  process.exit(0)
})
