// SPDX-License-Identifier: MIT
// node apply.js N: N local set() calls into a Model.
var c = require('./common')
var n = +process.argv[2]
var model = new c.Model()
var start = c.nowMs()
for (var i = 0; i < n; i++) model.set('k' + i, i)
c.print({ ms: c.nowMs() - start, rssKb: c.peakRssKb() })
