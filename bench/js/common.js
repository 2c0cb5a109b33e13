// SPDX-License-Identifier: MIT
// Shared pieces of the JS side of the benchmarks: the pinned npm scuttlebutt,
// clocks and memory figures comparable with sbbench's.
var path = require('path')
var fs = require('fs')
var modules = path.join(__dirname, '..', '..', 'tests', 'interop', 'node_modules')

exports.Model = require(path.join(modules, 'scuttlebutt', 'model'))
exports.nowMs = function () { return performance.timeOrigin + performance.now() }

function statusField (name) {
  var line = fs.readFileSync('/proc/self/status', 'utf8').split('\n').find(function (l) { return l.startsWith(name) })
  return line ? parseInt(line.slice(name.length).trim(), 10) : -1
}
exports.peakRssKb = function () { return statusField('VmHWM:') }
exports.rssKb = function () { return statusField('VmRSS:') }
exports.print = function (object) { process.stdout.write(JSON.stringify(object) + '\n') }

// Keys k0..k{count-1} as if received from `sources` remote sources (as sbbench fills its Model).
exports.fillFromSources = function (model, count, sources) {
  var base = 1764000000000
  for (var i = 0; i < count; i++) model._update([['k' + i, i], base + i, 'SOURCE' + (i % sources)])
}

// The same replica as sbbench's fillNpmShaped: what npm scuttlebutt peers make,
// keys key:N, object values, monotonic-timestamp stamps ms + k/1000 (ten to a millisecond).
exports.fillNpmShaped = function (model, count, sources) {
  var base = 1796349740339
  for (var i = 0; i < count; i++) {
    var stamp = (base + Math.floor(i / 10)) + (i % 10) / 1000
    model._update([['key:' + i, { n: i, text: 'value number ' + i }], stamp, 'SOURCE' + (i % sources)])
  }
}

// data: 'npm' (the default) or 'synthetic'.
exports.fill = function (model, count, sources, data) {
  if (data === 'synthetic') exports.fillFromSources(model, count, sources)
  else exports.fillNpmShaped(model, count, sources)
}

exports.address = function (text) {
  var colon = text.lastIndexOf(':')
  return { host: text.slice(0, colon), port: +text.slice(colon + 1) }
}
