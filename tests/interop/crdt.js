// SPDX-License-Identifier: MIT
'use strict';
// sbpeer --type doc against npm crdt 3.6.4 (on scuttlebutt 5.6.15), both
// ways, from history and live: rows, fields merged from two sources in either
// order, row removal (crdt's [null, ts, source] tombstones), rows with
// integer-like ids, sets' and sequences' fields. What sbpeer prints must be
// exactly, byte for byte, what crdt's toJSON() gives.
//
// Usage: node crdt.js /path/to/sbpeer

const crdt = require('crdt');
const { isDeepStrictEqual } = require('util');
const { Suite, expect, expectEqual, until, delay, withTimeout, show, syncInProcess } = require('./lib/peers');

const suite = new Suite('crdt');

// Two crdt Docs that edited the same rows apart, then synced: r1 holds
// fields from both, "gone" was removed (tombstones), "2" and "10" list first.
async function editedDocs() {
    const a = new crdt.Doc('NODE-A');
    const b = new crdt.Doc('NODE-B');
    a.add({ id: 'r1', name: 'x', type: 'task' });
    a.add({ id: 'gone', a: 1, b: [1, { c: null }] });
    a.add({ id: '10', n: 10 });
    b.set('r1', { colour: 'red', name: 'y' }); // later: y wins over x
    b.add({ id: '2', n: 2, text: 'caf\u00e9 \u{1F600}' });
    a.rm('gone');
    const seq = a.createSeq('list', 'todo');
    seq.push({ id: 's1', what: 'first' });
    seq.push({ id: 's2', what: 'second' });
    b.createSeq('list', 'todo').unshift({ id: 's0', what: 'zeroth' });
    await syncInProcess(a, b);
    // Equal, but not in the same order: each lists rows as they reached it.
    expect(isDeepStrictEqual(a.toJSON(), b.toJSON()), 'the two crdt Docs agree after syncing');
    return { a, b };
}

// Dumps peer's doc until it prints expected (as JSON text), or fails.
async function untilDumped(peer, expected, what) {
    const text = JSON.stringify(expected);
    const deadline = Date.now() + 5000;
    let last;
    while ((last = JSON.stringify(await peer.dump())) !== text) {
        if (Date.now() > deadline)
            throw new Error(`timed out waiting for ${what}: holds ${last}, expected ${text}`);
        await delay(20);
    }
}

function setArgs(rows) {
    return Object.entries(rows).flatMap(([id, fields]) => ['--set', `${id}=${JSON.stringify(fields)}`]);
}

suite.test('sbpeer sync prints exactly what crdt\'s toJSON prints', async (t) => {
    const { a } = await editedDocs();
    expect(a.history().some((u) => u[0] === null), 'crdt holds tombstones for the removed row');
    const server = await t.jsServer(a);
    const sync = await t.sync(server.port, ['--type', 'doc', '--id', 'SCOPE']);
    const printed = sync.stdoutLines.filter((line) => line.length > 0)[0];
    expect(isDeepStrictEqual(JSON.parse(printed), a.toJSON()), `sbpeer sync holds what crdt holds: ${printed}`);
    const reader = new crdt.Doc('NODE-READER');
    const stream = t.jsClient(server.port, reader);
    await withTimeout(stream.synced, 5000, 'a crdt reader to sync');
    expectEqual(printed, JSON.stringify(reader.toJSON()), 'sbpeer sync\'s line against the crdt reader\'s toJSON');
});

suite.test('crdt takes rows, merges and removals from sbpeer serve\'s history', async (t) => {
    const serve = await t.serve(['--type', 'doc', '--id', 'SCOPE', '--stdin',
        ...setArgs({ r1: { id: 'r1', name: 'x' }, '7': { n: 7 }, gone: { a: 1, b: 2 } })]);
    serve.send('set r1={"name":"y","done":false}');
    serve.send('rm gone');
    const dumped = await serve.dump();
    expectEqual(dumped, { '7': { id: '7', n: 7 }, r1: { id: 'r1', name: 'y', done: false } }, 'sbpeer serve\'s doc');

    const reader = new crdt.Doc('NODE-READER');
    const stream = t.jsClient(serve.port, reader);
    await withTimeout(stream.synced, 5000, 'crdt to sync with sbpeer serve');
    expectEqual(JSON.stringify(reader.toJSON()), JSON.stringify(dumped), 'crdt\'s toJSON against sbpeer\'s dump');
    // sbpeer sends the tombstones crdt would: the clocks agree.
    expectEqual(Object.keys(reader.sources), ['SCOPE'], 'crdt\'s clock sources');
    const tombstones = reader.history().length;
    expect(tombstones >= 2, `crdt holds the rows' updates: ${tombstones}`);
    expect(stream.errors.length === 0, `crdt's stream errors: ${show(stream.errors.map(String))}`);
});

suite.test('fields set on both sides merge the same in either order', async (t) => {
    const node = new crdt.Doc('NODE');
    node.add({ id: 'r', a: 'node', b: 'node' });
    const server = await t.jsServer(node);
    // sbpeer's edit is later for a only; node edits b again after it.
    const connect = await t.connect(server.port, ['--type', 'doc', '--id', 'SCOPE']);
    connect.send('set r={"a":"scope","c":"scope"}');
    await until(() => node.toJSON().r && node.toJSON().r.c === 'scope', 'node to take sbpeer\'s fields');
    node.set('r', { b: 'node again' });
    const expected = { r: { id: 'r', a: 'scope', b: 'node again', c: 'scope' } };
    expectEqual(node.toJSON(), expected, 'node\'s doc');
    await untilDumped(connect, expected, 'sbpeer connect to take node\'s later field');
    // A third peer that reads both in the other order gets the same.
    const late = await t.sync(server.port, ['--type', 'doc']);
    expectEqual(JSON.stringify(late.replica), JSON.stringify(expected), 'a late sbpeer sync');
});

suite.test('a removal reaches crdt live, and crdt\'s live removal reaches sbpeer', async (t) => {
    const node = new crdt.Doc('NODE');
    node.add({ id: 'mine', v: 1 });
    node.add({ id: 'yours', v: 2 });
    const server = await t.jsServer(node);
    const connect = await t.connect(server.port, ['--type', 'doc', '--id', 'SCOPE']);
    connect.send('rm yours');
    await until(() => !node.toJSON().yours, 'node to remove the row sbpeer removed');
    node.rm('mine');
    await untilDumped(connect, {}, 'sbpeer to remove the row node removed');
    expectEqual(node.toJSON(), {}, 'node\'s doc');
});

suite.test('sequence fields from two crdt peers sort the same in sbpeer', async (t) => {
    const { a } = await editedDocs();
    const server = await t.jsServer(a);
    const sync = await t.sync(server.port, ['--type', 'doc']);
    // s0 and s1 were both put first, concurrently: their random tails decide.
    const order = a.createSeq('list', 'todo').toJSON().map((row) => row.id);
    expectEqual([...order].sort(), ['s0', 's1', 's2'], 'crdt\'s sequence');
    expect(order.indexOf('s1') < order.indexOf('s2'), `s2 was pushed after s1: ${order}`);
    // The rows' _sort fields came through as they are, so any peer sorts them alike.
    const bySort = Object.values(sync.replica).filter((row) => row.list === 'todo')
        .sort((x, y) => (x._sort < y._sort ? -1 : x._sort > y._sort ? 1 : 0)).map((row) => row.id);
    expectEqual(bySort, order, 'sbpeer\'s rows ordered by _sort');
});

suite.test('a model peer refuses crdt\'s tombstones and names them', async (t) => {
    const { a } = await editedDocs();
    const server = await t.jsServer(a);
    const peer = await t.run(['sync', `127.0.0.1:${server.port}`, '--timeout', '10', '--type', 'model']);
    expect(peer.exitCode !== 0, 'sbpeer sync --type model against a crdt Doc fails');
    expect(peer.stderrLines.some((line) => line.includes('[null, ...]')), `stderr names the tombstone: ${show(peer.stderrLines)}`);
});

suite.run();
