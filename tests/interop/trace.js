// SPDX-License-Identifier: MIT
'use strict';
// Traces of sessions with the real npm scuttlebutt (5.6.15 and 4.1.1, Model
// and Events): sbpeer sync --trace records every line that crossed the wire,
// each with its kind and, for updates read, what became of it, and the very
// bytes node wrote; sbpeer replay rebuilds from the trace exactly the replica
// that sync printed. A trace cut short or damaged is refused with its line.
//
// Usage: node trace.js /path/to/sbpeer

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Suite, js5, js4, expect, expectEqual, apply, stateOf, show, setArgs } = require('./lib/peers');

const suite = new Suite('trace');

const jsData = [['colour', 'blue'], ['nested', { list: [1, 'two', null], x: -0.5 }], ['shared', 'from js']];
const sbData = [['size', 42], ['text', 'caf\u00e9 \u2028'], ['shared', 'from sbpeer']];

function tempFile(name) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbtrace-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    return path.join(dir, name);
}

function readTrace(file) {
    return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line).map((line) => JSON.parse(line));
}

for (const { js, dialect } of [{ js: js5, dialect: '5' }, { js: js5, dialect: 'auto' }, { js: js4, dialect: '4' }, { js: js4, dialect: 'auto' }]) {
    for (const kind of ['model', 'events']) {
        suite.test(`sync --trace with npm ${js.version}.x (${kind}, --dialect ${dialect}) replays to the synced replica`, async (t) => {
            const file = tempFile('session.sbtrace');
            const replica = kind === 'model' ? new js.Model('JS-SERVER') : new js.Events('JS-SERVER');
            apply(replica, jsData);
            // What node will send: its updates as it writes them on the wire.
            const nodeLines = replica.history().map((update) => JSON.stringify(update)).sort();
            const server = await t.jsServer(replica);
            const sync = await t.sync(server.port, ['--type', kind, '--dialect', dialect, '--id', 'SB', ...setArgs(sbData), '--trace', file]);

            const replay = await t.run(['replay', file]);
            expectEqual(replay.exitCode, 0, `sbpeer replay's exit status (stderr ${show(replay.stderrLines)})`);
            expectEqual(JSON.parse(replay.stdoutLines[0]), sync.replica, 'the replica replayed from the trace');

            const [header, ...records] = readTrace(file);
            expectEqual([header.sbtrace, header.id, header.type, header.dialect], [1, 'SB', kind, dialect], 'the header');
            expectEqual(records.filter((r) => r.held !== undefined).length, sbData.length, 'updates held when recording began');
            const wire = records.filter((r) => r.held === undefined);
            const of = (dir, kindName) => wire.filter((r) => r.dir === dir && r.kind === kindName);
            expectEqual(of('in', 'digest').length, 1, 'digests read');
            expectEqual(of('in', 'sync').length, 1, '"SYNC"s read');
            expectEqual(of('out', 'digest').length, 1, 'digests written');
            expect(of('out', 'sync').length === 1, `one "SYNC" written: ${show(of('out', 'sync'))}`);
            // The updates read are node's own lines, byte for byte, all applied.
            const readLines = of('in', 'history').map((r) => r.line).sort();
            expectEqual(readLines, nodeLines, 'the update lines read, as node wrote them');
            // Each with its outcome: a Model keeps our newer "shared", so node's older one is not applied.
            for (const record of of('in', 'history')) {
                const lost = kind === 'model' && record.line.includes('"from js"');
                expectEqual(record.outcome, lost ? 'not applied' : 'applied', `the outcome of ${record.line}`);
            }
            expect(of('out', 'history').length >= sbData.length, `our updates were written: ${show(of('out', 'history'))}`);
            expect(wire.every((r, i) => i === 0 || r.t >= wire[i - 1].t), 'times never go back');
        });
    }
}

suite.test('replay refuses a trace cut short, a damaged line and a file that is no trace, naming the line', async (t) => {
    const file = tempFile('whole.sbtrace');
    const server = await t.jsServer(new js5.Model('JS'));
    await t.sync(server.port, ['--set', 'k=1', '--trace', file]);
    const whole = fs.readFileSync(file, 'utf8');
    const lines = whole.split('\n');
    const cases = [
        ['cut.sbtrace', whole.slice(0, -5), new RegExp(`line ${lines.length - 1}: cut short`)],
        ['damaged.sbtrace', [...lines.slice(0, 2), '{"t":1,"dir":"sideways"}', ...lines.slice(2)].join('\n'), /line 3: "dir" is "sideways"/],
        ['notjson.sbtrace', [...lines.slice(0, 3), '{nope', ...lines.slice(3)].join('\n'), /line 4: invalid JSON/],
        ['other.sbtrace', '{"id":"A","clock":{}}\n', /not a Scuttlescope trace/],
        ['empty.sbtrace', '', /the file is empty/],
    ];
    for (const [name, text, pattern] of cases) {
        const bad = path.join(path.dirname(file), name);
        fs.writeFileSync(bad, text);
        const replay = await t.run(['replay', bad]);
        expectEqual(replay.exitCode, 1, `replay ${name}: exit status`);
        expect(replay.stderrLines.some((line) => line.includes(bad) && pattern.test(line)),
            `replay ${name} says ${pattern}: ${show(replay.stderrLines)}`);
        expectEqual(replay.stdoutLines.filter((line) => line), [], `replay ${name} prints no replica`);
    }
});

suite.run();
