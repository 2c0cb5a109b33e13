#!/usr/bin/env node
// SPDX-License-Identifier: MIT
// Runs the same workloads on Scuttlescope (sbbench/sbpeer) and on the pinned
// npm scuttlebutt, in one run, and prints both with their ratio.
//   node bench/run-benchmarks.js [--build DIR] [--sizes 10000,100000,1000000] [--file-sizes 100000,1000000] [--markdown]
//                                [--only apply,sync,file,syncprint,stream,mesh,gui] [--repeat N]
//                                [--data npm|synthetic|both]
// --data picks the replicas the full syncs hold: npm-shaped (key:N keys, object
// values, fractional monotonic-timestamp stamps, as npm peers make them), the
// easy synthetic ones (k0.., integers), or both, synthetic rows labelled as such.
// --repeat runs each apply and sync measurement N times and reports the medians:
// the machine is shared, and one run can be off by half.
'use strict'
var childProcess = require('child_process')
var path = require('path')
var readline = require('readline')

var args = process.argv.slice(2)
function option (name, fallback) {
  var i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : fallback
}
var build = path.resolve(option('--build', path.join(__dirname, '..', 'build')))
var sizes = option('--sizes', '10000,100000,1000000').split(',').map(Number)
var fileSizes = option('--file-sizes', '100000,1000000').split(',').map(Number)
var markdown = args.indexOf('--markdown') >= 0
var repeat = Math.max(1, +option('--repeat', '1'))
var dataKinds = (function (choice) {
  if (choice === 'both') return ['npm', 'synthetic']
  if (choice === 'npm' || choice === 'synthetic') return [choice]
  throw new Error('--data takes npm, synthetic or both, not ' + choice)
})(option('--data', 'both'))
function dataLabel (data) { return data === 'synthetic' ? ' (synthetic data)' : ' (npm-shaped data)' }
var sbbench = path.join(build, 'bench', 'sbbench')
var sbpeer = path.join(build, 'app', 'sbpeer', 'sbpeer')
var js = function (name) { return path.join(__dirname, 'js', name) }
var rows = []
var notes = [] // lines printed after the table: spreads, growth
var children = [] // every process started, so that a failed run leaves none behind

// Starts a process and resolves with its first JSON line (and the process).
function start (command, argv, timeoutMs) {
  return new Promise(function (resolve, reject) {
    var child = childProcess.spawn(command, argv, { stdio: ['pipe', 'pipe', 'inherit'] })
    children.push(child)
    var lines = readline.createInterface({ input: child.stdout })
    var timer = setTimeout(function () { child.kill('SIGKILL'); reject(new Error(command + ' ' + argv.join(' ') + ': timed out')) }, timeoutMs || 600000)
    child.on('error', reject)
    child.on('exit', function (code) { clearTimeout(timer); reject(new Error(command + ' ' + argv.join(' ') + ' exited ' + code + ' before answering')) })
    lines.once('line', function (line) {
      clearTimeout(timer)
      child.removeAllListeners('exit')
      var parsed
      try { parsed = JSON.parse(line) } catch (e) { parsed = { text: line } }
      resolve({ child: child, result: parsed, lines: lines })
    })
  })
}

function run (command, argv, timeoutMs) {
  return start(command, argv, timeoutMs).then(function (started) {
    started.child.kill()
    return started.result
  })
}

function portOf (result) {
  if (result.port) return result.port
  var match = /:(\d+)$/.exec(result.text || '')
  return match && +match[1]
}

function record (workload, unit, ours, theirs, better) {
  var ratio = better === 'lower' ? theirs / ours : ours / theirs
  rows.push({ workload: workload, unit: unit, ours: ours, theirs: theirs, ratio: ratio })
  console.error('  ' + workload + ': sblib ' + format(ours) + ' ' + unit + ', npm ' + format(theirs) + ' ' + unit + ' (' + ratio.toFixed(1) + 'x)')
}

function format (n) {
  if (n >= 100) return Math.round(n).toLocaleString('en-US')
  return n.toFixed(n >= 10 ? 1 : 2)
}

function median (values) {
  var sorted = values.slice().sort(function (a, b) { return a - b })
  var middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

// Runs measure() `repeat` times; each field of the result is the median.
async function repeated (measure) {
  var results = []
  for (var i = 0; i < repeat; i++) results.push(await measure())
  var combined = {}
  Object.keys(results[0]).forEach(function (field) {
    combined[field] = median(results.map(function (r) { return r[field] }))
  })
  return combined
}

async function localApply () {
  for (var n of [100000, 1000000]) {
    var ours = await repeated(function () { return run(sbbench, ['apply', String(n)]) })
    var theirs = await repeated(function () { return run('node', [js('apply.js'), String(n)]) })
    record('local apply, ' + n.toLocaleString('en-US') + ' set()', 'ms', ours.ms, theirs.ms, 'lower')
  }
}

async function syncOnce (side, n, data) {
  var holder = side === 'ours'
    ? await start(sbbench, ['hold', String(n), '--sources', '10', '--data', data])
    : await start('node', ['--max-old-space-size=8192', js('hold.js'), String(n), '10', data])
  var where = '127.0.0.1:' + portOf(holder.result)
  try {
    var figures = side === 'ours'
      ? await run(sbbench, ['fetch', where])
      : await run('node', ['--max-old-space-size=8192', js('fetch.js'), where], 900000)
  } finally {
    holder.child.kill('SIGKILL')
  }
  if (figures.keys !== n) throw new Error(side + ' fetched ' + figures.keys + ' of ' + n + ' keys')
  return figures
}

// What the library's client peaked at holding the most keys, per data kind:
// the window's RSS is set against it.
var libraryRss = {}

async function fullSync () {
  for (var data of dataKinds) {
    var largest = {}
    for (var n of sizes) {
      var figures = {}
      for (var side of ['ours', 'theirs']) {
        figures[side] = await repeated(syncOnce.bind(null, side, n, data))
      }
      record('full sync over TCP, ' + n.toLocaleString('en-US') + ' keys / 10 sources' + dataLabel(data), 'ms',
        figures.ours.ms, figures.theirs.ms, 'lower')
      record('  the fetching client\'s CPU time' + dataLabel(data), 'ms', figures.ours.cpuMs, figures.theirs.cpuMs, 'lower')
      if (largest.n) {
        notes.push('fetching client\'s CPU time' + dataLabel(data) + ', sblib, ' + largest.n.toLocaleString('en-US') + ' to ' +
          n.toLocaleString('en-US') + ' keys: ' + format(largest.figures.ours.cpuMs) + ' to ' + format(figures.ours.cpuMs) +
          ' ms, ' + (figures.ours.cpuMs / largest.figures.ours.cpuMs).toFixed(1) + 'x for ' + (n / largest.n) + 'x the keys')
      }
      largest = { n: n, figures: figures }
    }
    var perKey = function (f) { return f.peakRssKb * 1024 / largest.n }
    libraryRss[data] = { keys: largest.n, kb: largest.figures.ours.peakRssKb }
    record('peak RSS per key held (client, ' + largest.n.toLocaleString('en-US') + ' keys)' + dataLabel(data), 'bytes',
      perKey(largest.figures.ours), perKey(largest.figures.theirs), 'lower')
  }
}

// The flood runs kFloodRuns times on each side, alternating, because npm's
// rate varies from run to run: the row is the median, and a note after the
// table gives each run's ratio.
var kFloodRuns = 5
async function streaming () {
  // Each phase gets a fresh relay, so that no history is in flight.
  var measure = async function (side, count, rate, prefix) {
    var relay = side === 'ours'
      ? await start(sbpeer, ['serve', '--listen', '127.0.0.1:0'])
      : await start('node', [js('relay.js')])
    var where = '127.0.0.1:' + portOf(relay.result)
    var reader = side === 'ours'
      ? start(sbbench, ['read', where, '--count', String(count), '--prefix', prefix])
      : start('node', [js('read.js'), where, String(count), prefix])
    await new Promise(function (resolve) { setTimeout(resolve, 300) })
    var writer = childProcess.spawn(side === 'ours' ? sbbench : 'node',
      side === 'ours' ? ['write', where, '--count', String(count), '--rate', String(rate), '--prefix', prefix]
        : [js('write.js'), where, String(count), String(rate), prefix], { stdio: 'ignore' })
    try {
      return (await reader).result
    } finally {
      writer.kill('SIGKILL')
      relay.child.kill('SIGKILL')
      reader.then(function (r) { r.child.kill() }, function () {})
    }
  }
  var floods = { ours: [], theirs: [] }
  for (var run = 0; run < kFloodRuns; run++) {
    for (var side of ['ours', 'theirs']) floods[side].push((await measure(side, 200000, 0, 'flood')).rate)
  }
  var ratios = floods.ours.map(function (rate, i) { return rate / floods.theirs[i] })
  record('live streaming through a relay, flood (median of ' + kFloodRuns + ' runs)', 'updates/s',
    median(floods.ours), median(floods.theirs), 'higher')
  notes.push('flood, each run: sblib ' + floods.ours.map(format).join(', ') + ' updates/s; npm ' +
    floods.theirs.map(format).join(', ') + ' updates/s; ratios ' +
    ratios.map(function (r) { return r.toFixed(1) + 'x' }).join(', ') + ' (lowest ' +
    Math.min.apply(null, ratios).toFixed(1) + 'x)')
  var paced = {}
  for (side of ['ours', 'theirs']) paced[side] = await repeated(function () { return measure(side, 10000, 5000, 'paced') })
  record('latency at 5,000 updates/s, p50', 'ms', paced.ours.p50, paced.theirs.p50, 'lower')
  record('latency at 5,000 updates/s, p99', 'ms', paced.ours.p99, paced.theirs.p99, 'lower')
}

// 32 processes in a random connected graph, 10,000 updates spread over them.
async function mesh () {
  var nodes = 32
  var total = 10000
  var figures = {}
  for (var side of ['ours', 'theirs']) {
    var started = []
    for (var i = 0; i < nodes; i++) {
      started.push(side === 'ours' ? await start(sbbench, ['node', '--total', String(total)])
        : await start('node', [js('meshnode.js'), String(total)]))
    }
    var edges = []
    for (i = 1; i < nodes; i++) edges.push([i, Math.floor(seeded() * i)])
    for (i = 0; i < nodes; i++) edges.push([i, Math.floor(seeded() * nodes)])
    edges = edges.filter(function (e) { return e[0] !== e[1] })
    edges.forEach(function (e) { started[e[0]].child.stdin.write('connect ' + portOf(started[e[1]].result) + '\n') })
    await new Promise(function (resolve) { setTimeout(resolve, 1500) })
    var converged = started.map(function (node) {
      return new Promise(function (resolve) { node.lines.once('line', function (l) { resolve(JSON.parse(l)) }) })
    })
    var go = Date.now()
    started.forEach(function (node, index) {
      var share = Math.floor(total / nodes) + (index < total % nodes ? 1 : 0)
      node.child.stdin.write('go n' + index + ' ' + share + '\n')
    })
    var done = await Promise.race([Promise.all(converged), new Promise(function (resolve, reject) {
      setTimeout(function () { reject(new Error(side + ' mesh did not converge in 300 s')) }, 300000)
    })])
    var ms = Math.max.apply(null, done.map(function (d) { return d.converged })) - go
    await new Promise(function (resolve) { setTimeout(resolve, 1000) })
    var stats = await Promise.all(started.map(function (node) {
      return new Promise(function (resolve) {
        node.lines.once('line', function (l) { resolve(JSON.parse(l)) })
        node.child.stdin.write('stats\n')
      })
    }))
    started.forEach(function (node) { node.child.kill('SIGKILL') })
    var old = stats.reduce(function (a, s) { return a + s.old }, 0)
    var useful = stats.reduce(function (a, s) { return a + s.useful }, 0)
    figures[side] = { ms: ms, redundancy: old / useful }
  }
  record('32 peers, 10,000 updates: time to converge', 'ms', figures.ours.ms, figures.theirs.ms, 'lower')
  record('32 peers: old data per useful update', 'messages', figures.ours.redundancy, figures.theirs.redundancy, 'lower')
}

// Wall time of a whole process, from spawn until `done(line)` says so (or, without
// done, until it exits), its stdout read all along.
function timed (command, argv, done) {
  return new Promise(function (resolve, reject) {
    var begin = Date.now()
    var child = childProcess.spawn(command, argv, { stdio: ['ignore', 'pipe', 'inherit'] })
    children.push(child)
    var finished = false
    var finish = function () { if (!finished) { finished = true; resolve({ ms: Date.now() - begin, child: child }) } }
    if (done) readline.createInterface({ input: child.stdout }).on('line', function (line) { if (done(line)) finish() })
    else child.stdout.resume()
    child.on('error', reject)
    child.on('exit', function (code) {
      if (!done && code === 0) finish()
      else if (!finished) reject(new Error(command + ' ' + argv.join(' ') + ' exited ' + code))
    })
  })
}

// Replica files made by npm's createReadStream: sbpeer serve --file until it
// prints "listening", against npm's createWriteStream reading the same file.
async function fileLoad () {
  var fs = require('fs')
  var os = require('os')
  var dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbbench-'))
  try {
    for (var data of dataKinds) {
      for (var n of fileSizes) {
        var made = path.join(dir, 'made-' + n + '.sb')
        await run('node', ['--max-old-space-size=8192', js('makefile.js'), String(n), made, data], 900000)
        var ours = await repeated(async function () {
          var copy = path.join(dir, 'copy.sb')
          fs.copyFileSync(made, copy)
          var served = await timed(sbpeer, ['serve', '--file', copy, '--listen', '127.0.0.1:0'],
            function (line) { return line.startsWith('listening') })
          served.child.kill('SIGKILL')
          fs.rmSync(copy, { force: true })
          return { ms: served.ms }
        })
        var theirs = await repeated(function () { return run('node', ['--max-old-space-size=8192', js('load.js'), made], 900000) })
        record('load a replica file, ' + n.toLocaleString('en-US') + ' keys' + dataLabel(data), 'ms', ours.ms, theirs.ms, 'lower')
        // The window's File > Open, until its table shows every key, against
        // the same npm load (npm has no window).
        var opened = await repeated(async function () {
          var copy = path.join(dir, 'copy.sb')
          fs.copyFileSync(made, copy)
          var result = await run(path.join(build, 'bench', 'guibench'), ['--open', copy, '--keys', String(n)], 900000)
          fs.rmSync(copy, { force: true })
          return { ms: result.shownMs }
        })
        record('open a replica file in the window until every key shows, ' + n.toLocaleString('en-US') + ' keys' +
          dataLabel(data) + ' (npm: load it)', 'ms', opened.ms, theirs.ms, 'lower')
        // Compaction: a fresh snapshot of the loaded replica, made durable;
        // npm has none, so its counterpart writes the replica out whole.
        var compacted = await repeated(async function () {
          var copy = path.join(dir, 'copy.sb')
          fs.copyFileSync(made, copy)
          var result = await run(sbbench, ['compact', copy], 900000)
          fs.rmSync(copy, { force: true })
          return { ms: result.compactMs }
        })
        var written = await repeated(async function () {
          var out = path.join(dir, 'written.sb')
          var result = await run('node', ['--max-old-space-size=8192', js('snapshot.js'), made, out], 900000)
          fs.rmSync(out, { force: true })
          return result
        })
        record('compact a replica file (npm: write it out whole), ' + n.toLocaleString('en-US') + ' keys' + dataLabel(data), 'ms', compacted.ms, written.ms, 'lower')
        fs.rmSync(made, { force: true })
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

// `sbpeer sync HOST:PORT` wall time including printing the replica, against a
// node peer that syncs and prints its replica, each from a holder of its own kind.
async function syncAndPrint () {
  var n = 100000
  for (var data of dataKinds) {
    var figures = {}
    for (var side of ['ours', 'theirs']) {
      figures[side] = await repeated(async function () {
        var holder = side === 'ours'
          ? await start(sbbench, ['hold', String(n), '--sources', '10', '--data', data])
          : await start('node', ['--max-old-space-size=8192', js('hold.js'), String(n), '10', data])
        var where = '127.0.0.1:' + portOf(holder.result)
        try {
          return { ms: (await timed(side === 'ours' ? sbpeer : 'node',
            side === 'ours' ? ['sync', where] : [js('syncprint.js'), where])).ms }
        } finally {
          holder.child.kill('SIGKILL')
        }
      })
    }
    record('sync and print the replica (process wall), ' + n.toLocaleString('en-US') + ' keys' + dataLabel(data), 'ms',
      figures.ours.ms, figures.theirs.ms, 'lower')
  }
}

// The window's responsiveness (issue 6): no JS counterpart, so it is printed
// after the table against its target, event loop p99 under 50 ms.
var guiFigures = null
async function guiResponsiveness () {
  var keys = Math.max.apply(null, sizes)
  var result = await run(path.join(build, 'bench', 'guibench'),
    ['--sbbench', sbbench, '--keys', String(keys), '--rate', '20000', '--seconds', '10', '--data', dataKinds[0]], 900000)
  guiFigures = result
  console.error('  GUI with ' + keys.toLocaleString('en-US') + ' keys, 20,000 updates/s: event loop p99 ' +
    result.streaming.p99.toFixed(1) + ' ms')
}

function printGui () {
  if (!guiFigures) return
  var f = guiFigures
  // The targets of the window at a million keys: every key shown within 2 s
  // of the sync's start, event loop p99 within one frame while syncing and
  // while streaming, and RSS within 250 MB.
  var verdict = function (ok) { return ok ? 'met' : 'MISSED' }
  var rssMb = f.rssKb / 1024
  console.log('')
  console.log('Scuttlescope window, ' + f.keys.toLocaleString('en-US') + ' keys' + dataLabel(dataKinds[0]) + ':')
  console.log('  every key shown after ' + format(f.shownMs) + ' ms (the replica held them after ' + format(f.syncMs) +
    ' ms); target 2,000 ms: ' + verdict(f.shownMs <= 2000))
  console.log('  event loop lateness while syncing p50 ' + format(f.syncing.p50) + ' ms, p99 ' + format(f.syncing.p99) +
    ' ms, max ' + format(f.syncing.max) + ' ms; target p99 16 ms: ' + verdict(f.syncing.p99 <= 16))
  console.log('  streaming ' + f.streamed.toLocaleString('en-US') + ' updates at ' + f.rate.toLocaleString('en-US') +
    '/s: p50 ' + format(f.streaming.p50) + ' ms, p99 ' + format(f.streaming.p99) + ' ms, max ' +
    format(f.streaming.max) + ' ms; target p99 16 ms: ' + verdict(f.streaming.p99 <= 16))
  // RSS three times: with the 10^6 keys shown (set against the library holding
  // the same keys), and after the stream has added its keys, at once and once
  // the window has settled.
  var shownMb = f.rssShownKb / 1024
  var settledMb = f.rssSettledKb / 1024
  console.log('  RSS with every key shown ' + format(shownMb) + ' MiB; after streaming ' +
    f.streamed.toLocaleString('en-US') + ' more updates ' + format(rssMb) + ' MiB, settled 1.5 s later ' +
    format(settledMb) + ' MiB; target 250 MB: ' + verdict(Math.max(shownMb, settledMb) * 1.048576 <= 250))
  var library = libraryRss[dataKinds[0]]
  if (library && library.keys === f.keys) {
    var ratio = f.rssShownKb / library.kb
    console.log('  with every key shown, against the library holding the same keys (sbbench fetch, ' +
      format(library.kb / 1024) + ' MiB): ' + ratio.toFixed(2) + 'x; target 2x: ' + verdict(ratio <= 2))
  }
}

var seed = 12345
function seeded () { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }

function printTable () {
  var header = ['workload', 'sblib', 'npm scuttlebutt 5.6.15', 'ratio (sblib advantage)']
  var body = rows.map(function (r) {
    return [r.workload, format(r.ours) + ' ' + r.unit, format(r.theirs) + ' ' + r.unit, r.ratio.toFixed(1) + 'x']
  })
  if (markdown) {
    console.log('| ' + header.join(' | ') + ' |')
    console.log('|' + header.map(function () { return '---' }).join('|') + '|')
    body.forEach(function (r) { console.log('| ' + r.join(' | ') + ' |') })
    return
  }
  var widths = header.map(function (h, i) { return Math.max(h.length, ...body.map(function (r) { return r[i].length })) })
  var line = function (cells) { return cells.map(function (c, i) { return c.padEnd(widths[i]) }).join('  ') }
  console.log(line(header))
  console.log(widths.map(function (w) { return '-'.repeat(w) }).join('  '))
  body.forEach(function (r) { console.log(line(r)) })
}

function printNotes () {
  if (!notes.length) return
  console.log('')
  notes.forEach(function (note) { console.log('- ' + note) })
}

(async function main () {
  console.error('benchmarks: sblib from ' + build + ' against npm scuttlebutt 5.6.15 on node ' + process.version)
  var only = option('--only', 'apply,sync,file,syncprint,stream,mesh,gui').split(',')
  if (only.includes('apply')) await localApply()
  if (only.includes('sync')) await fullSync()
  if (only.includes('file')) await fileLoad()
  if (only.includes('syncprint')) await syncAndPrint()
  if (only.includes('stream')) await streaming()
  if (only.includes('mesh')) await mesh()
  if (only.includes('gui')) await guiResponsiveness()
  printTable()
  printNotes()
  printGui()
  // Done: a reader or relay that outlived its workload must not keep node up.
  children.forEach(function (child) { child.kill('SIGKILL') })
  process.exit(0)
})().catch(function (error) {
  console.error('benchmarks failed: ' + error.message)
  children.forEach(function (child) { child.kill('SIGKILL') })
  process.exit(1)
})
