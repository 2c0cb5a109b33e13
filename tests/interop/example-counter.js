// SPDX-License-Identifier: MIT
'use strict';
// The replica type of examples/counter, which sblib does not know, replicates
// through sbpeer and through the real npm scuttlebutt: each relays it as an
// event log (an event log keeps every update it is given), and the counter
// keeps, per source, the latest total. Its file persistence goes through
// sb::ReplicaTypes too.
//
// Usage: node example-counter.js /path/to/sbpeer /path/to/sbcounter

const fs = require('fs');
const os = require('os');
const path = require('path');
const { Suite, js5, expect, expectEqual, withTimeout, show } = require('./lib/peers');
const { SbPeerChild } = require('./lib/sbpeerchild');

const sbcounterPath = process.argv[3];
const suite = new Suite('example-counter');

// Runs sbcounter ARGS to its end; resolves with the value it printed.
async function counter(t, args) {
    const child = new SbPeerChild(t, `sbcounter ${args.join(' ')}`, sbcounterPath, args);
    await withTimeout(child.closed, 15000, `sbcounter ${args.join(' ')} to finish`);
    expect(child.exitCode === 0, `sbcounter ${args.join(' ')} exited ${child.exitCode}: ${show(child.stderrLines)}`);
    const printed = child.stdoutLines.filter((line) => line.length > 0);
    expectEqual(printed.length, 1, `lines sbcounter printed: ${show(printed)}`);
    return Number(printed[0]);
}

suite.test('counters add up through sbpeer serve', async (t) => {
    const relay = await t.serve(['--type', 'events', '--id', 'RELAY']);
    const address = `127.0.0.1:${relay.port}`;
    expectEqual(await counter(t, ['--id', 'A', '--add', '2', address]), 2, 'A after adding 2');
    expectEqual(await counter(t, ['--id', 'B', '--add', '3', address]), 5, 'B after adding 3');
    expectEqual(await counter(t, ['--id', 'C', '--add', '10', address]), 15, 'C after adding 10');
    expectEqual(await counter(t, ['--id', 'READER', address]), 15, 'a reader');
});

suite.test('counters add up through the npm package', async (t) => {
    const relay = new js5.Events('NODE-RELAY');
    const server = await t.jsServer(relay);
    const address = `127.0.0.1:${server.port}`;
    await counter(t, ['--id', 'A', '--add', '4', address]);
    await counter(t, ['--id', 'B', '--add', '5', address]);
    expectEqual(await counter(t, ['--id', 'READER', address]), 9, 'a reader through node');
    expectEqual(relay.history().length, 2, 'updates node relays');
});

suite.test('a counter file keeps its type and its count', async (t) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbcounter-'));
    try {
        const file = path.join(dir, 'count.sb');
        expectEqual(await counter(t, ['--file', file, '--id', 'F', '--add', '7']), 7, 'first run');
        expectEqual(await counter(t, ['--file', file, '--add', '1']), 8, 'second run');
        const digest = JSON.parse(fs.readFileSync(file, 'utf8').split('\n')[0]);
        expectEqual(digest.meta.type, 'counter', 'the type the file records');
        // sbpeer does not know the type, and says so rather than misreading it.
        const peer = await t.run(['sync', '127.0.0.1:9', '--file', file]);
        expect(peer.exitCode !== 0 && peer.stderrLines.some((line) => line.includes('does not know')),
            `sbpeer on a counter file: ${show(peer.stderrLines)}`);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

suite.run();
