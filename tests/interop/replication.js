// SPDX-License-Identifier: MIT
'use strict';
// Both directions of a replication session between the real npm scuttlebutt
// and sbpeer, for Model and Events, in every dialect pairing: scuttlebutt
// 5.6.15 with --dialect 5 and auto, scuttlebutt 4.1.1 with --dialect 4 and
// auto. Each side starts with data of its own, so both directions carry
// updates; at the end every side must hold the same replica.
//
// Usage: node replication.js /path/to/sbpeer

const { Suite, js5, js4, expect, expectEqual, until, withTimeout, apply, stateOf, show,
    makeReplica, setArgs, holds, expectHolds } = require('./lib/peers');

const suite = new Suite('replication');

const jsData = [
    ['colour', 'blue'],
    ['count', 3],
    ['nested', { list: [1, 'two', null, true], deep: { x: -0.5 } }],
    ['shared', 'from js'],
];
// sbpeer starts after the JS side has set its keys, so its "shared" is newer.
const sbData = [
    ['size', 42],
    ['flag', false],
    ['text', 'hello from sbpeer'],
    ['shared', 'from sbpeer'],
];

// Model: the union with the newer "shared"; Events: every event of both sides.
function expectedState(kind, entries = [...jsData, ...sbData]) {
    return kind === 'model' ? Object.fromEntries(entries) : entries;
}

async function jsServerSbpeerClient(t, js, dialect, kind) {
    const replica = makeReplica(js, kind, 'JS-SERVER');
    apply(replica, jsData);
    const server = await t.jsServer(replica);
    const client = await t.sync(server.port, ['--type', kind, '--dialect', dialect, '--id', 'SBPEER-CLIENT', ...setArgs(sbData)]);
    const expected = expectedState(kind);
    // sbpeer's last lines may still be on their way (with a 4.x peer and
    // --dialect auto, its 4.x copies come after its "SYNC").
    await until(() => holds(stateOf(replica), expected, kind),
        () => `the JS server to hold the union; it holds ${show(stateOf(replica))}`);
    expectHolds(client.replica, expected, kind, 'the union held by sbpeer sync');
    expectHolds(stateOf(replica), expected, kind, 'the union held by the JS server');
    expectEqual(client.replica, stateOf(replica), 'sbpeer sync and the JS server hold the same replica');
    expect(server.streams[0].errors.length === 0, `the JS stream had errors: ${server.streams[0].errors}`);
}

async function sbpeerServerJsClient(t, js, dialect, kind) {
    const serve = await t.serve(['--type', kind, '--dialect', dialect, '--id', 'SBPEER-SERVER', ...setArgs(sbData)]);
    const replica = makeReplica(js, kind, 'JS-CLIENT');
    const jsFirst = jsData.filter(([key]) => key !== 'shared');
    apply(replica, jsFirst);
    const stream = t.jsClient(serve.port, replica);
    await withTimeout(stream.synced, 5000, 'the JS client to sync');
    const synced = expectedState(kind, [...jsFirst, ...sbData]);
    await until(() => holds(stateOf(replica), synced, kind),
        () => `the JS client to hold the union; it holds ${show(stateOf(replica))}`);
    // Then a newer "shared" from the JS side travels over the live stream.
    apply(replica, [['shared', 'from js, later']]);
    const expected = expectedState(kind, [...jsFirst, ...sbData, ['shared', 'from js, later']]);
    const reader = ['--type', kind, '--dialect', dialect === '4' ? '4' : '5'];
    const held = (await t.syncUntil(serve.port, reader, (state) => holds(state, expected, kind))).replica;
    expectHolds(held, expected, kind, 'the union held by sbpeer serve (read by sbpeer sync)');
    expectHolds(stateOf(replica), expected, kind, 'the union held by the JS client');
    expectEqual(held, stateOf(replica), 'sbpeer serve and the JS client hold the same replica');
    expect(stream.errors.length === 0, `the JS stream had errors: ${stream.errors}`);
}

const pairings = [
    { js: js5, dialect: '5' },
    { js: js5, dialect: 'auto' },
    { js: js4, dialect: '4' },
    { js: js4, dialect: 'auto' },
];

for (const kind of ['model', 'events']) {
    for (const { js, dialect } of pairings) {
        const versions = `scuttlebutt ${js.version}.x / --dialect ${dialect}`;
        suite.test(`${kind}: JS server, sbpeer sync client (${versions})`, (t) => jsServerSbpeerClient(t, js, dialect, kind));
        suite.test(`${kind}: sbpeer serve, JS client (${versions})`, (t) => sbpeerServerJsClient(t, js, dialect, kind));
    }
}

suite.run();
