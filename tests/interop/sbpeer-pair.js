// SPDX-License-Identifier: MIT
'use strict';
// Two sbpeers against each other, checked by the real npm scuttlebutt where a
// third opinion helps: serve + sync with data on both sides in every dialect
// pairing that can work (5/5, 4/4, auto on the client against 5 and 4, auto on
// both, 4 on the client against auto), for Model and Events; and live updates
// between serve --stdin and connect --stdin.
//
// Usage: node sbpeer-pair.js /path/to/sbpeer

const { Suite, js5, js4, expectEqual, until, withTimeout, show, stateOf, setArgs, sortedEvents } = require('./lib/peers');
const { isDeepStrictEqual } = require('util');

const suite = new Suite('sbpeer-pair');

const serverData = [['server key', 'from serve'], ['shared', 'serve'], ['unicode \u{1F600}', '\u2028\u00e9']];
const clientData = [['client key', [1, 2.5, { x: null }]], ['shared', 'sync']];

const pairings = [
    { server: '5', client: '5' },
    { server: '4', client: '4' },
    { server: '5', client: 'auto' },
    { server: '4', client: 'auto' },
    { server: 'auto', client: 'auto' },
    // The client has data: its first update shows sbpeer serve it speaks 4.x.
    { server: 'auto', client: '4' },
];

for (const kind of ['model', 'events']) {
    for (const { server, client } of pairings) {
        suite.test(`${kind}: sbpeer serve --dialect ${server} and sbpeer sync --dialect ${client}`, async (t) => {
            const serve = await t.serve(['--type', kind, '--dialect', server, '--id', 'SB-SERVE', ...setArgs(serverData)]);
            const sync = await t.sync(serve.port, ['--type', kind, '--dialect', client, '--id', 'SB-SYNC', ...setArgs(clientData)]);
            const all = [...serverData, ...clientData];
            if (kind === 'model') {
                // The client set "shared" after the server: its value is newer.
                const expected = Object.fromEntries(all);
                expectEqual(sync.replica, expected, 'sbpeer sync\'s replica');
                const reader = await t.syncUntil(serve.port, ['--type', kind, '--dialect', server === '4' ? '4' : '5'], expected);
                expectEqual(reader.replica, expected, 'sbpeer serve\'s replica (read by another sbpeer sync)');
            } else {
                expectEqual(sortedEvents(sync.replica), sortedEvents(all), 'sbpeer sync\'s events');
                const reader = await t.syncUntil(serve.port, ['--type', kind, '--dialect', server === '4' ? '4' : '5'],
                    (replica) => replica.length === all.length);
                expectEqual(reader.replica, sync.replica, 'sbpeer serve\'s events, in order (read by another sbpeer sync)');
            }
            // The real npm package reads sbpeer serve too.
            const js = server === '4' ? js4 : js5;
            const replica = kind === 'model' ? new js.Model('JS-READER') : new js.Events('JS-READER');
            const stream = t.jsClient(serve.port, replica);
            await withTimeout(stream.synced, 5000, 'a JS reader to sync');
            await until(() => isDeepStrictEqual(kind === 'model' ? stateOf(replica) : stateOf(replica).length, kind === 'model' ? sync.replica : all.length),
                () => `the JS reader to hold sbpeer serve's replica; it holds ${show(stateOf(replica))}`);
            expectEqual(stateOf(replica), sync.replica, 'the JS reader and sbpeer sync hold the same replica');
        });
    }
}

for (const dialect of ['5', '4', 'auto']) {
    suite.test(`live updates between sbpeer serve --stdin and sbpeer connect --stdin (--dialect ${dialect})`, async (t) => {
        const serve = await t.serve(['--stdin', '--dialect', dialect, '--id', 'SB-SERVE', ...setArgs([['before', 1]])]);
        const peer = await t.connect(serve.port, ['--dialect', dialect, '--id', 'SB-CONNECT']);
        await until(() => peer.updates().some((u) => u[0][0] === 'before'), 'sbpeer connect to apply the history');
        serve.send('set from serve="live \\u2028"');
        await until(() => peer.updates().some((u) => u[0][0] === 'from serve'), () => `sbpeer connect to print the live update; it printed ${show(peer.stdoutLines)}`);
        peer.send('set from connect={"a":[1,2]}');
        peer.send('set before=null');
        const expected = { 'from serve': 'live \u2028', 'from connect': { a: [1, 2] } };
        // The last update may still be on its way to sbpeer serve.
        let served;
        for (let attempt = 0; attempt < 100; ++attempt) {
            served = await serve.dump();
            if (isDeepStrictEqual(served, expected))
                break;
            await new Promise((resolve) => setTimeout(resolve, 20));
        }
        expectEqual(served, expected, 'sbpeer serve\'s replica');
        expectEqual(await peer.dump(), expected, 'sbpeer connect\'s replica');
    });
}

suite.run();
