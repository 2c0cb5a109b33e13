// SPDX-License-Identifier: MIT
'use strict';
// sbpeer's deadlines (--handshake-timeout, --line-timeout, --idle-timeout)
// against the real npm scuttlebutt, set to half a second: a node peer that is
// quiet after its "SYNC" stays connected and live, both as a client of sbpeer
// serve and as the server of sbpeer connect, in 5.x and 4.x; nothing sbpeer
// sends makes node fail its stream; a connection that says nothing is closed
// at the handshake deadline with a message naming it.
//
// Usage: node deadlines.js /path/to/sbpeer

const { Suite, js5, js4, expect, expectEqual, until, delay, stateOf, show } = require('./lib/peers');

const suite = new Suite('deadlines');
const short = ['--handshake-timeout', '0.5', '--line-timeout', '0.5', '--idle-timeout', '0.5'];
const quietMs = 2000; // four times every deadline

for (const [dialect, js] of [['5', js5], ['4', js4]]) {
    suite.test(`a node client quiet after SYNC stays live with sbpeer serve (--dialect ${dialect})`, async (t) => {
        const serve = await t.serve(['--stdin', '--dialect', dialect, '--id', 'SB-SERVE', '--set', 'a=1', ...short]);
        const replica = new js.Model('JS-CLIENT');
        const stream = t.jsClient(serve.port, replica);
        let closed = false;
        stream.socketClosed.then(() => { closed = true; });
        await until(() => stateOf(replica).a === 1, 'the node client to sync');
        await delay(quietMs);
        expect(!closed, 'sbpeer serve closed a quiet node client');
        expectEqual(stream.errors.map(String), [], 'errors of the node stream');
        expect(!serve.stderrLines.some((line) => /deadline/.test(line)), `sbpeer serve said ${show(serve.stderrLines)}`);
        // Still live both ways.
        replica.set('from node', 'after the quiet');
        serve.send('set from sbpeer="after the quiet"');
        await until(() => stateOf(replica)['from sbpeer'] === 'after the quiet', 'the node client to get a live update');
        let served;
        for (let attempt = 0; attempt < 100; ++attempt) {
            served = await serve.dump();
            if (served['from node'] === 'after the quiet')
                break;
            await delay(20);
        }
        expectEqual(served['from node'], 'after the quiet', 'the node client\'s update in sbpeer serve');
    });

    suite.test(`sbpeer connect stays live with a node server quiet after SYNC (--dialect ${dialect})`, async (t) => {
        const replica = new js.Model('JS-SERVER');
        replica.set('held', 'by node');
        const server = await t.jsServer(replica);
        const peer = await t.connect(server.port, ['--dialect', dialect, '--id', 'SB-CONNECT', ...short]);
        await delay(quietMs);
        expect(peer.running, `sbpeer connect ${peer.endText()}: ${show(peer.stderrLines)}`);
        expectEqual(server.streams.flatMap((s) => s.errors).map(String), [], 'errors of the node server');
        replica.set('later', 'still live');
        await until(() => peer.updates().some((u) => u[0][0] === 'later'),
            () => `sbpeer connect to print the live update; it printed ${show(peer.stdoutLines)}`);
    });
}

suite.test('a connection that sends no digest is closed at the handshake deadline, named', async (t) => {
    const serve = await t.serve([...short]);
    const socket = t.rawClient(serve.port);
    await socket.connected;
    const started = Date.now();
    await socket.ended;
    const took = Date.now() - started;
    expect(took >= 400 && took < 3000, `closed after ${took} ms`);
    await serve.waitForStderr(new RegExp(`^sbpeer: peer 127\\.0\\.0\\.1:${socket.boundPort}: sent no digest within the handshake deadline \\(0\\.5 s\\); closed$`));
    expect(socket.lines.length === 1 && socket.lines[0].startsWith('{"id":"'), `it was sent ${show(socket.lines)}, our digest only`);
});

suite.run();
