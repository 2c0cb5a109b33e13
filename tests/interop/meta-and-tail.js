// SPDX-License-Identifier: MIT
'use strict';
// Digest meta and tail:false between the real npm scuttlebutt and sbpeer:
// sbpeer's --meta arrives exactly in the JS 'header' event, a JS stream with
// {meta} replicates with sbpeer as any other, a digest without --meta has no
// meta field, and a JS stream with {tail: false} syncs, ends, and leaves both
// sides holding the union.
//
// Usage: node meta-and-tail.js /path/to/sbpeer

const { Suite, js5, js4, expect, expectEqual, until, withTimeout, apply, stateOf, setArgs } = require('./lib/peers');
const { isDeepStrictEqual } = require('util');

const suite = new Suite('meta-and-tail');

const meta = {
    name: 'scope \u00e9t\u00e9 \u{1F600}',
    tags: ['a', 1.5, 1e21, 5e-324, null, true],
    nested: { empty: {}, list: [], quote: '"\\/', line: 'a\u2028b' },
};

const jsData = [['js-key', 'js value'], ['js-number', 7]];
const sbData = [['sb-key', 'sb value'], ['sb-list', [1, 2, 3]]];
const union = Object.fromEntries([...jsData, ...sbData]);

function onlySyncedLines(peer) {
    return peer.stderrLines.filter((line) => line.length > 0 && !/: synced$/.test(line));
}

for (const js of [js5, js4]) {
    const dialect = String(js.version);
    const v = `scuttlebutt ${js.version}.x`;

    suite.test(`sbpeer sync --meta arrives in the JS header (${v})`, async (t) => {
        const replica = new js.Model('JS-SERVER');
        apply(replica, jsData);
        const server = await t.jsServer(replica);
        const client = await t.sync(server.port, ['--dialect', dialect, '--id', 'SB-META', '--meta', JSON.stringify(meta), ...setArgs(sbData)]);
        const header = await withTimeout(server.streams[0].header, 1000, 'the JS header event');
        expectEqual(header.meta, meta, 'the meta in the JS header');
        expectEqual(header.id, 'SB-META', 'the id in the JS header');
        expectEqual(client.replica, union, 'sbpeer sync holds the union');
        await until(() => isDeepStrictEqual(stateOf(replica), union), 'the JS server to hold the union');
    });

    suite.test(`sbpeer serve --meta arrives in the JS header; no --meta, no meta (${v})`, async (t) => {
        const withMeta = await t.serve(['--dialect', dialect, '--meta', '"just a string"', ...setArgs(sbData)]);
        const without = await t.serve(['--dialect', dialect, ...setArgs(sbData)], 'sbpeer serve (no meta)');
        const a = new js.Model('A');
        const b = new js.Model('B');
        const sa = t.jsClient(withMeta.port, a);
        const sb = t.jsClient(without.port, b);
        const [headerA, headerB] = await withTimeout(Promise.all([sa.header, sb.header]), 5000, 'both headers');
        expectEqual(headerA.meta, 'just a string', 'the meta in the JS header');
        expect(!('meta' in headerB), `a digest without --meta has no meta field, got ${JSON.stringify(headerB)}`);
        await withTimeout(Promise.all([sa.synced, sb.synced]), 5000, 'both JS clients to sync');
        await until(() => isDeepStrictEqual(stateOf(a), Object.fromEntries(sbData)), 'the first JS client to hold the data');
        expectEqual(stateOf(b), Object.fromEntries(sbData), 'the second JS client holds the data');
    });

    suite.test(`a JS stream with {meta} replicates with sbpeer both ways (${v})`, async (t) => {
        const serve = await t.serve(['--dialect', dialect, ...setArgs(sbData)]);
        const client = new js.Model('JS-CLIENT');
        apply(client, jsData);
        const stream = t.jsClient(serve.port, client, { meta: meta });
        await withTimeout(stream.synced, 5000, 'the JS client with meta to sync');
        await until(() => isDeepStrictEqual(stateOf(client), union), 'the JS client to hold the union');
        const reader = await t.syncUntil(serve.port, ['--dialect', dialect], union);
        expectEqual(reader.replica, union, 'sbpeer serve holds the union (read by sbpeer sync)');
        expectEqual(onlySyncedLines(serve), [], 'sbpeer serve reports no error');

        const jsServer = new js.Model('JS-SERVER');
        apply(jsServer, jsData);
        const server = await t.jsServer(jsServer, { meta: { server: true, list: [meta] } });
        const viaServer = await t.sync(server.port, ['--dialect', dialect, ...setArgs(sbData)]);
        expectEqual(viaServer.replica, union, 'sbpeer sync against a JS server with meta holds the union');
        await until(() => isDeepStrictEqual(stateOf(jsServer), union), 'the JS server with meta to hold the union');
    });
}

// The JS ends its side right after its "SYNC", often before sbpeer has
// answered; a race, so several rounds.
suite.test('JS clients with {tail: false} sync, end, and both sides hold the union (scuttlebutt 5.x)', async (t) => {
    const serve = await t.serve(setArgs(sbData));
    let expected = Object.fromEntries(sbData);
    for (let round = 0; round < 10; ++round) {
        const client = new js5.Model(`JS-NO-TAIL-${round}`);
        apply(client, [[`round ${round}`, round]]);
        expected = { ...expected, [`round ${round}`]: round };
        const stream = t.jsClient(serve.port, client, { tail: false });
        await withTimeout(stream.socketClosed, 5000, 'the tail:false session to end');
        expectEqual(stateOf(client), expected, `the tail:false JS client of round ${round} holds the union`);
        expect(stream.errors.length === 0, `the JS stream had errors: ${stream.errors}`);
    }
    const reader = await t.syncUntil(serve.port, [], expected);
    expectEqual(reader.replica, expected, 'sbpeer serve holds the union (read by sbpeer sync)');
    expectEqual(onlySyncedLines(serve), [], 'sbpeer serve reports no error for clients that end');
    expect(serve.running, 'sbpeer serve keeps running');
});

suite.test('a JS server with {tail: false} syncs with sbpeer connect and ends the session (scuttlebutt 5.x)', async (t) => {
    const replica = new js5.Model('JS-SERVER-NO-TAIL');
    apply(replica, jsData);
    const server = await t.jsServer(replica, { tail: false });
    const peer = await t.connect(server.port, ['--id', 'SB-CONNECT', ...setArgs(sbData)]);
    await withTimeout(peer.exited, 5000, 'sbpeer connect to exit once the JS server ended the session');
    expectEqual(peer.exitCode, 0, 'exit status of sbpeer connect');
    const received = peer.updates().map(([[key, value]]) => [key, value]);
    expectEqual(received, jsData, 'the updates sbpeer connect applied');
    await until(() => isDeepStrictEqual(stateOf(replica), union), 'the JS server to hold the union');
    expectEqual(onlySyncedLines(peer), [], 'sbpeer connect reports no error');
});

suite.test('a JS server with {tail: false} and sbpeer sync (scuttlebutt 5.x)', async (t) => {
    const replica = new js5.Model('JS-SERVER-NO-TAIL');
    apply(replica, jsData);
    const server = await t.jsServer(replica, { tail: false });
    const peer = await t.sync(server.port, setArgs(sbData));
    expectEqual(peer.replica, union, 'sbpeer sync holds the union');
    await until(() => isDeepStrictEqual(stateOf(replica), union), 'the JS server to hold the union');
});

// What a tail:false JS peer sends (digest, history, "SYNC", then its end), all
// in one write: the end arrives long before sbpeer has read every line, and
// what it has not read yet is still the peer's word.
suite.test('a peer that sends 50000 updates and ends at once: sbpeer serve keeps every one', async (t) => {
    const serve = await t.serve(setArgs(sbData));
    const source = new js5.Model('JS-MANY');
    const many = Array.from({ length: 50000 }, (_, i) => [`k${i}`, i]);
    apply(source, many);
    const lines = [{ id: source.id, clock: source.sources }, ...source.history(), 'SYNC'];
    const raw = t.rawClient(serve.port);
    raw.end(lines.map((line) => JSON.stringify(line) + '\n').join(''));
    await withTimeout(raw.ended, 10000, 'sbpeer serve to end the session');
    const expected = Object.fromEntries([...many, ...sbData]);
    const held = (await t.sync(serve.port)).replica;
    expect(Object.keys(held).length === Object.keys(expected).length,
        `sbpeer serve holds ${Object.keys(held).length} keys, expected ${Object.keys(expected).length}`);
    expectEqual(held, expected, 'sbpeer serve holds the union');
    expectEqual(onlySyncedLines(serve), [], 'sbpeer serve reports no error');
}, 30000);

// sbpeer's answer, past its 512 KiB high-water mark, must be out before the
// peer's end closes the socket.
suite.test('sbpeer serve answers a tail:false JS client with 3500 updates (0.8 MB) in full', async (t) => {
    const serve = await t.serve();
    const loader = new js5.Model('JS-LOADER');
    const many = Array.from({ length: 3500 }, (_, i) => [`key ${i}`, 'v'.repeat(200) + i]);
    apply(loader, many);
    const loading = t.jsClient(serve.port, loader, { tail: false });
    await withTimeout(loading.socketClosed, 10000, 'loading sbpeer serve');
    for (let round = 0; round < 3; ++round) {
        const client = new js5.Model(`JS-NO-TAIL-${round}`);
        apply(client, [['mine', round]]);
        const stream = t.jsClient(serve.port, client, { tail: false });
        await withTimeout(stream.socketClosed, 10000, 'the tail:false session to end');
        expectEqual(Object.keys(stateOf(client)).length, many.length + 1, `keys the tail:false client ${round} holds`);
        expect(stream.errors.length === 0, `the JS stream had errors: ${stream.errors}`);
    }
    expectEqual(onlySyncedLines(serve), [], 'sbpeer serve reports no error');
}, 30000);

for (const dialect of ['4', 'auto']) {
    suite.test(`JS clients with {tail: false} (scuttlebutt 4.x) against sbpeer serve --dialect ${dialect}`, async (t) => {
        const serve = await t.serve(['--dialect', dialect, ...setArgs(sbData)]);
        let expected = Object.fromEntries(sbData);
        for (let round = 0; round < 5; ++round) {
            const client = new js4.Model(`JS4-NO-TAIL-${round}`);
            apply(client, [[`round ${round}`, round]]);
            expected = { ...expected, [`round ${round}`]: round };
            const stream = t.jsClient(serve.port, client, { tail: false });
            await withTimeout(stream.socketClosed, 5000, 'the tail:false session to end');
            expectEqual(stateOf(client), expected, `the tail:false 4.x client of round ${round} holds the union`);
        }
        const reader = await t.syncUntil(serve.port, ['--dialect', dialect === '4' ? '4' : '5'], expected);
        expectEqual(reader.replica, expected, 'sbpeer serve holds the union (read by sbpeer sync)');
        expectEqual(onlySyncedLines(serve), [], 'sbpeer serve reports no error for clients that end');
    });
}

suite.run();
