// SPDX-License-Identifier: MIT
// node meshnode.js TOTAL: one node of the scale benchmark (the same stdin protocol as `sbbench node`).
var net = require('net')
var readline = require('readline')
var c = require('./common')
var total = +process.argv[2]
var model = new c.Model()
var old = 0
var useful = 0
var keys = new Set()
var reported = false
model.on('old_data', function () { old++ })
model.on('update', function (trx, ts, source) {
  keys.add(trx[0])
  if (source !== model.id) useful++
  check()
})
function check () {
  if (reported || keys.size < total) return
  reported = true
  c.print({ converged: c.nowMs(), old: old, useful: useful })
}
var server = net.createServer(function (socket) {
  socket.on('error', function () {})
  socket.pipe(model.createStream()).pipe(socket)
})
server.listen(0, '127.0.0.1', function () { c.print({ port: server.address().port }) })
readline.createInterface({ input: process.stdin }).on('line', function (line) {
  var words = line.trim().split(' ')
  if (words[0] === 'connect') {
    var socket = net.connect(+words[1], '127.0.0.1')
    socket.on('error', function () {})
    socket.pipe(model.createStream()).pipe(socket)
  } else if (words[0] === 'go') {
    for (var i = 0; i < +words[2]; i++) model.set(words[1] + '-' + i, i)
  } else if (words[0] === 'stats') {
    c.print({ old: old, useful: useful, keys: Object.keys(model.store).length })
  } else if (words[0] === 'quit') {
    process.exit(0)
  }
}).on('close', function () { process.exit(0) })
