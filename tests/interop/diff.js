// SPDX-License-Identifier: MIT
'use strict';
// sbpeer diff against real npm scuttlebutt peers (5.6.15 and 4.1.1): it prints
// the right three groups and clocks, exits 0 for converged peers, and reads
// each peer without changing it: all a peer hears from it is a digest with an
// empty clock and "SYNC", and the peer's history and clock stay as they were.
//
// Usage: node diff.js /path/to/sbpeer

const net = require('net');
const { Suite, js5, js4, expectEqual, expect, until, withTimeout, show, delay } = require('./lib/peers');
const { collectLines } = require('./lib/runner');

const suite = new Suite('diff');

// A JS server of replica that records every line it is sent.
function recordingServer(t, replica) {
    const server = net.createServer((socket) => {
        t.sockets.push(socket);
        const lines = [];
        server.heard.push(lines);
        socket.on('error', () => {});
        const tap = new (require('stream').PassThrough)();
        socket.pipe(tap);
        collectLines(tap, lines);
        const stream = replica.createStream();
        stream.on('error', () => {});
        stream.pipe(socket).pipe(stream);
    });
    server.heard = [];
    t.servers.push(server);
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function snapshot(replica) {
    return JSON.stringify({ history: replica.history(), sources: replica.sources });
}

for (const js of [js5, js4]) {
    for (const dialect of ['auto', String(js.version)]) {
        suite.test(`${js.version}.x models that differ, --dialect ${dialect}: three groups, exit 1, peers unchanged`, async (t) => {
            const a = new js.Model('JS-A');
            const b = new js.Model('JS-B');
            a.set('onlyA', 1);
            a.set('shared', 'from A');
            b.set('onlyB', { x: [2] });
            await delay(5);
            b.set('shared', 'from B'); // later: B wins
            const before = [snapshot(a), snapshot(b)];
            let updates = 0;
            a.on('update', () => ++updates);
            b.on('update', () => ++updates);
            const serverA = await recordingServer(t, a);
            const serverB = await recordingServer(t, b);
            const peer = await t.run(['diff', `127.0.0.1:${serverA.address().port}`,
                `127.0.0.1:${serverB.address().port}`, '--json', '--dialect', dialect]);
            expectEqual(peer.exitCode, 1, `exit status (stderr ${show(peer.stderrLines)})`);
            const diff = JSON.parse(peer.stdoutLines.filter((line) => line).join(''));
            expectEqual(diff.equal, false, 'equal');
            expectEqual(diff.a.id, 'JS-A', 'A\'s id');
            expectEqual(diff.onlyInA.map((e) => [e.key, e.value, e.source]), [['onlyA', 1, 'JS-A']], 'onlyInA');
            expectEqual(diff.onlyInB.map((e) => [e.key, e.value, e.source]), [['onlyB', { x: [2] }, 'JS-B']], 'onlyInB');
            expectEqual(diff.different.map((d) => [d.key, d.a.value, d.b.value, d.winner, d.rule]),
                [['shared', 'from A', 'from B', 'b', 'later timestamp']], 'different');
            expectEqual(diff.clocks.map((row) => [row.source, row.a === a.sources['JS-A'] || row.a, row.b === b.sources['JS-B'] || row.b]),
                [['JS-A', true, null], ['JS-B', null, true]], 'clocks');
            // Read-only: each peer heard a digest with an empty clock and "SYNC", nothing else.
            await until(() => serverA.heard.length === 1 && serverB.heard.length === 1, 'both peers to be dialed');
            for (const heard of [serverA.heard[0], serverB.heard[0]]) {
                const lines = heard.filter((line) => line);
                expectEqual(lines.length, 2, `lines a peer was sent: ${show(lines)}`);
                expectEqual(JSON.parse(lines[0]).clock, {}, 'the clock of the digest sent');
                expectEqual(lines[1], '"SYNC"', 'the second line sent');
            }
            expectEqual([snapshot(a), snapshot(b)], before, 'the peers\' history and clocks');
            expectEqual(updates, 0, 'updates the peers applied');
        });
    }

    suite.test(`${js.version}.x converged models: exit 0`, async (t) => {
        const a = new js.Model('JS-A');
        const b = new js.Model('JS-B');
        a.set('x', 1);
        b.set('y', 2);
        const sa = a.createStream();
        const sb = b.createStream();
        const synced = new Promise((resolve) => sa.once('synced', resolve));
        sa.pipe(sb).pipe(sa);
        await withTimeout(synced, 5000, 'the JS peers to sync');
        await until(() => a.get('y') === 2 && b.get('x') === 1, 'both to hold x and y');
        const serverA = await recordingServer(t, a);
        const serverB = await recordingServer(t, b);
        const peer = await t.run(['diff', `127.0.0.1:${serverA.address().port}`, `127.0.0.1:${serverB.address().port}`]);
        expectEqual(peer.exitCode, 0, `exit status (stdout ${show(peer.stdoutLines)}, stderr ${show(peer.stderrLines)})`);
        expect(!peer.stdoutLines.some((line) => /only in|differently/.test(line)), `no differences printed: ${show(peer.stdoutLines)}`);
    });

    suite.test(`${js.version}.x events against sbpeer serve: events only one side holds`, async (t) => {
        const a = new js.Events('JS-E');
        a.emit('joined', 'ann');
        const before = snapshot(a);
        const serverA = await recordingServer(t, a);
        const serve = await t.serve(['--type', 'events', '--id', 'SB-E', '--set', 'left="bob"']);
        const peer = await t.run(['diff', `127.0.0.1:${serverA.address().port}`, `127.0.0.1:${serve.port}`,
            '--type', 'events', '--json']);
        expectEqual(peer.exitCode, 1, `exit status (stderr ${show(peer.stderrLines)})`);
        const diff = JSON.parse(peer.stdoutLines.filter((line) => line).join(''));
        expectEqual(diff.type, 'events', 'type');
        expectEqual(diff.onlyInA.map((e) => [e.key, e.value]), [['joined', 'ann']], 'onlyInA');
        expectEqual(diff.onlyInB.map((e) => [e.key, e.value]), [['left', 'bob']], 'onlyInB');
        expectEqual(snapshot(a), before, 'the JS peer\'s events and clock');
        const reader = await t.sync(serve.port, ['--type', 'events']);
        expectEqual(reader.replica, [['left', 'bob']], 'sbpeer serve\'s events');
    });
}

suite.run();
