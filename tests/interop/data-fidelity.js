// SPDX-License-Identifier: MIT
'use strict';
// What the data looks like after it crossed between the real npm scuttlebutt
// and sbpeer: unicode keys and values (astral, CJK, combining marks, U+2028,
// quotes, backslashes, control characters), fractional timestamps exact to the
// last bit, several sources with their clocks, and deletes. sbpeer connect
// prints every update it applies in 5.x form, so its lines must be byte for
// byte what node's JSON.stringify writes for the same update.
//
// Usage: node data-fidelity.js /path/to/sbpeer

const {
    Suite, js5, js4, expect, expectEqual, until, withTimeout, apply, stateOf, updatesOf, clockOf,
    syncInProcess, snapshot, show, setArgs,
} = require('./lib/peers');
const { isDeepStrictEqual } = require('util');

const suite = new Suite('data-fidelity');

// Entries a JS replica sets; any string is a fine key here.
const jsUnicode = [
    ['\u{1F600} emoji key', '\u{1F389} astral \u{1D11E} \u{10FFFF}'],
    ['\u4E2D\u6587\u952E', '\u65E5\u672C\u8A9E\u306E\u30C6\u30AD\u30B9\u30C8, \uD55C\uAD6D\uC5B4'],
    ['e\u0301 combining', 'a\u0308o\u0308u\u0308 \u0915\u094D\u0937'],
    ['line\u2028separator\u2029', 'U+2028 \u2028 and U+2029 \u2029'],
    ['quote "key"', 'say "hi" \'there\''],
    ['back\\slash\\', 'C:\\path\\to\\ \\u0041 is not A'],
    ['control \u0001\u001f\t\n\r\b\f', 'nul \u0000 bell \u0007 del \u007f esc \u001b c1 \u0085'],
    ['', 'the empty key'],
    ['lone \uD800 surrogate', 'lone \uDFFF too, and a pair \uD83D\uDE00'],
    ['10', 'an array-index key'],
    ['nested', { '\u{1F600}': ['\u2028', '"', '\\', '\u0000'], 'caf\u00e9': { 'na\u00efve': 1.5e-7 } }],
    ['numbers', [0, -1, 0.1, 1e21, 1.7976931348623157e308, 5e-324, -2.5e-8, 123456789012345680000]],
];
// Entries sbpeer sets with --set KEY=JSON: the key is an argument, so no NUL
// and no "=", the value any JSON text.
const sbUnicode = [
    ['\u{1F680} sbpeer rocket', '\u{1F9D1}\u200D\u{1F4BB} zwj \u{1F1EF}\u{1F1F5} flag'],
    ['\u03A9\u2248\u00E7\u221A', '\u0645\u0631\u062D\u0628\u0627 \u05E9\u05DC\u05D5\u05DD'],
    ['sb line\u2028break', 'tab\there\nnewline "quoted" back\\slash'],
    ['sb control \u0001\u007f', '\u0000\u0001\u001f\u2029'],
    ['sb nested', { '\u{1F600}': [null, true, false, { '': '' }], 'k\u0301': -0.000001 }],
];

function sortedObject(object) {
    return Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// A JS update in the 5.x form sbpeer connect prints.
function as5(update, dialect) {
    return dialect === 4 ? [[update[0], update[1]], update[2], update[3]] : [update[0], update[1], update[2]];
}

// The updates sbpeer connect printed, as text and parsed, by key.
function printedByKey(peer) {
    const byKey = new Map();
    for (const line of peer.stdoutLines) {
        if (!line.startsWith('[['))
            continue;
        const update = JSON.parse(line);
        byKey.set(update[0][0], { line, update });
    }
    return byKey;
}

// Every update of the JS Model must be printed by sbpeer connect exactly as
// node writes it: same text, so same key, value, timestamp and source.
function expectPrintedExactly(peer, model, keys) {
    const printed = printedByKey(peer);
    const dialect = model instanceof js4.Model ? 4 : 5;
    for (const key of keys) {
        const held = as5(model.store[key], dialect);
        const got = printed.get(key);
        expect(got, `sbpeer connect printed no update for key ${show(key)}; it printed ${show(peer.stdoutLines)}`);
        expectEqual(got.line, JSON.stringify(held), `the line sbpeer connect printed for key ${show(key)}`);
        expect(Object.is(got.update[1], held[1]), `timestamp of ${show(key)}: sbpeer ${got.update[1]}, JS ${held[1]}`);
    }
}

for (const js of [js5, js4]) {
    const dialect = String(js.version);
    const v = `scuttlebutt ${js.version}.x, --dialect ${dialect}`;

    suite.test(`unicode keys and values cross both ways, byte for byte (${v})`, async (t) => {
        // JS A -> sbpeer serve -> JS B, and sbpeer's own keys to both.
        const serve = await t.serve(['--dialect', dialect, '--id', 'SB-UNICODE', ...setArgs(sbUnicode)]);
        const a = new js.Model('JS-A');
        // scuttlebutt 4.1.1 sends Model history unsorted, in the order JS lists
        // an object's keys: an array-index key first. A later key listed first
        // makes every peer (JS or sbpeer) drop the earlier ones as old data.
        const jsEntries = js.version === 4 ? jsUnicode.filter(([key]) => key !== '10') : jsUnicode;
        apply(a, jsEntries);
        const sa = t.jsClient(serve.port, a);
        await withTimeout(sa.synced, 5000, 'JS A to sync');
        const expected = Object.fromEntries([...jsEntries, ...sbUnicode]);
        const reader = await t.syncUntil(serve.port, ['--dialect', dialect], expected);
        expectEqual(reader.replica, expected, 'sbpeer serve holds every unicode key and value (read by sbpeer sync)');
        await until(() => isDeepStrictEqual(stateOf(a), expected), () => `JS A to hold the union; it holds ${show(stateOf(a))}`);

        const b = new js.Model('JS-B');
        const sb = t.jsClient(serve.port, b);
        await withTimeout(sb.synced, 5000, 'JS B to sync');
        await until(() => isDeepStrictEqual(stateOf(b), expected), () => `JS B to hold the union; it holds ${show(stateOf(b))}`);
        // Through sbpeer and back out, every update is the one A made.
        for (const [key] of jsEntries)
            expectEqual(b.store[key], a.store[key], `JS B's update for ${show(key)} (came from A through sbpeer)`);
        for (const [key] of sbUnicode)
            expectEqual(b.store[key], a.store[key], `JS A and B hold the same update of sbpeer for ${show(key)}`);

        // And sbpeer connect prints each update as node writes it.
        const peer = await t.connect(serve.port, ['--dialect', dialect]);
        await until(() => printedByKey(peer).size === Object.keys(expected).length,
            () => `sbpeer connect to print ${Object.keys(expected).length} updates; it printed ${peer.stdoutLines.length} lines`);
        expectPrintedExactly(peer, a, Object.keys(expected));
    });

    suite.test(`fractional timestamps from the same millisecond replicate exactly (${v})`, async (t) => {
        // JS makes 60 updates in a row: one millisecond holds many of them.
        const a = new js.Model('JS-FAST');
        const fast = Array.from({ length: 60 }, (_, i) => [`fast ${i}`, i]);
        apply(a, fast);
        const stamps = fast.map(([key]) => (js.version === 4 ? a.store[key][2] : a.store[key][1]));
        expect(stamps.some((ts) => !Number.isInteger(ts)), `JS made no fractional timestamp: ${show(stamps)}`);
        const server = await t.jsServer(a);
        // sbpeer makes 40 in a row with --set.
        const sbFast = Array.from({ length: 40 }, (_, i) => [`sb fast ${i}`, i]);
        const peer = await t.connect(server.port, ['--dialect', dialect, '--id', 'SB-FAST', ...setArgs(sbFast)]);
        await until(() => printedByKey(peer).size === fast.length, 'sbpeer connect to print the JS updates');
        expectPrintedExactly(peer, a, fast.map(([key]) => key));
        await until(() => sbFast.every(([key]) => a.store[key]), 'the JS server to hold sbpeer\'s updates');
        const sbStamps = sbFast.map(([key]) => (js.version === 4 ? a.store[key][2] : a.store[key][1]));
        expect(sbStamps.some((ts) => !Number.isInteger(ts)), `sbpeer made no fractional timestamp: ${show(sbStamps)}`);
        for (let i = 1; i < sbStamps.length; ++i)
            expect(sbStamps[i] > sbStamps[i - 1], `sbpeer's timestamps rise: ${show(sbStamps)}`);
        // sbpeer's digest names its latest timestamp: the one the JS holds.
        const header = await withTimeout(server.streams[0].header, 1000, 'the digest of sbpeer connect');
        expect(Object.is(header.clock['SB-FAST'], sbStamps[sbStamps.length - 1]),
            `sbpeer's clock ${header.clock['SB-FAST']} is its last update ${sbStamps[sbStamps.length - 1]}`);
        expectEqual(a.sources['SB-FAST'], sbStamps[sbStamps.length - 1], 'the JS clock of sbpeer\'s source');
        // A second sbpeer reads the JS server: sbpeer's fractions come back intact.
        const second = await t.connect(server.port, ['--dialect', dialect]);
        await until(() => printedByKey(second).size === fast.length + sbFast.length, 'the second sbpeer connect to print everything');
        expectPrintedExactly(second, a, [...fast, ...sbFast].map(([key]) => key));
    });

    suite.test(`five sources: every side holds the union and the same clock (${v})`, async (t) => {
        const alice = new js.Model('alice');
        const bob = new js.Model('bob');
        apply(alice, [['a1', 'alice 1'], ['a2', 'alice 2']]);
        apply(bob, [['b1', 'bob 1'], ['b2', 'bob 2'], ['shared', 'bob']]);
        await syncInProcess(alice, bob);
        const serve = await t.serve(['--dialect', dialect, '--id', 'carol', ...setArgs([['c1', 'carol 1'], ['c2', 'carol 2']])]);
        const sa = t.jsClient(serve.port, alice);
        await withTimeout(sa.synced, 5000, 'alice to sync with carol');
        // What alice sent before her "SYNC" may still be on its way to carol.
        const aliceBobCarol = { a1: 'alice 1', a2: 'alice 2', b1: 'bob 1', b2: 'bob 2', shared: 'bob', c1: 'carol 1', c2: 'carol 2' };
        await t.syncUntil(serve.port, ['--dialect', dialect], aliceBobCarol);
        const dave = await t.sync(serve.port, ['--dialect', dialect, '--id', 'dave', ...setArgs([['d1', 'dave 1'], ['shared', 'dave']])]);
        const erin = new js.Model('erin');
        apply(erin, [['e1', 'erin 1']]);
        const se = t.jsClient(serve.port, erin);
        await withTimeout(se.synced, 5000, 'erin to sync with carol');
        const expected = {
            a1: 'alice 1', a2: 'alice 2', b1: 'bob 1', b2: 'bob 2', shared: 'dave',
            c1: 'carol 1', c2: 'carol 2', d1: 'dave 1', e1: 'erin 1',
        };
        const beforeErin = { ...expected };
        delete beforeErin.e1;
        expectEqual(dave.replica, beforeErin, 'sbpeer sync (dave) holds alice, bob, carol and dave');
        await until(() => isDeepStrictEqual(stateOf(alice), expected), () => `alice to hold the union; she holds ${show(stateOf(alice))}`);
        await until(() => isDeepStrictEqual(stateOf(erin), expected), () => `erin to hold the union; she holds ${show(stateOf(erin))}`);
        const seen = await snapshot(t, serve.port, { js });
        expectEqual(seen.state, expected, 'carol (sbpeer serve) holds the union');
        expectEqual(Object.keys(seen.clock).sort(), ['alice', 'bob', 'carol', 'dave', 'erin'], 'the sources in carol\'s clock');
        expectEqual(seen.clock, clockOf(alice), 'carol\'s clock and alice\'s');
        // erin came later: of bob she knows only what carol still holds ("shared"
        // of bob was overwritten by dave's before she connected).
        const heldClock = {};
        for (const [, ts, source] of updatesOf(alice))
            heldClock[source] = Math.max(heldClock[source] || 0, ts);
        expectEqual(sortedObject(clockOf(erin)), sortedObject(heldClock), 'erin\'s clock: the latest held update of each source');
        expectEqual(seen.updates, updatesOf(alice), 'carol\'s updates (timestamps, sources) and alice\'s');
        expectEqual(updatesOf(erin), updatesOf(alice), 'erin\'s updates and alice\'s');
    });

    suite.test(`deletes (set to null) are gone from every side (${v})`, async (t) => {
        // sbpeer deletes one of its own keys before the sync, the JS one of its own.
        const serve = await t.serve(['--stdin', '--dialect', dialect, '--id', 'SB-DEL',
            ...setArgs([['s1', 's1'], ['s2', 's2'], ['s1', null]])]);
        const client = new js.Model('JS-DEL');
        // scuttlebutt 4.1.1 sends Model history unsorted, in key order: a later
        // update of an earlier key goes out before older updates of the same
        // source, which every peer (JS or sbpeer) then drops as old data. So
        // with 4.x the JS deletes its last key.
        const doomed = js.version === 4 ? 'j3' : 'j2';
        apply(client, [['j1', 1], ['j2', 2], ['j3', 3], [doomed, null]]);
        const stream = t.jsClient(serve.port, client);
        await withTimeout(stream.synced, 5000, 'the JS client to sync');
        // Then each deletes a key of the other, live.
        serve.send('set j1=null');
        client.set('s2', null);
        const expected = js.version === 4 ? { j2: 2 } : { j3: 3 };
        await until(() => isDeepStrictEqual(stateOf(client), expected), () => `the JS client to hold ${show(expected)}; it holds ${show(stateOf(client))}`);
        const deleted = ['j1', doomed, 's1', 's2'];
        // A reader learns the deletes too: they are updates, with timestamps.
        // The JS delete of s2 may still be on its way to sbpeer serve.
        let reader;
        for (let attempt = 0; ; ++attempt) {
            reader = await t.connect(serve.port, ['--dialect', dialect], 'sbpeer connect (reader)');
            try {
                await until(() => deleted.every((key) => printedByKey(reader).has(key)), 'sbpeer connect to print the deletes', 300);
                const printed = printedByKey(reader);
                if (deleted.every((key) => isDeepStrictEqual(printed.get(key).update, as5(client.store[key], js.version))))
                    break;
            } catch (error) {
                if (attempt === 10)
                    throw error;
            }
            await reader.stop();
        }
        expectEqual(await reader.dump(), expected, 'sbpeer connect\'s replica (read from sbpeer serve)');
        expectPrintedExactly(reader, client, deleted);
        for (const key of deleted)
            expectEqual(printedByKey(reader).get(key).update[0], [key, null], `the delete of ${key}`);
        expectEqual(await serve.dump(), expected, 'sbpeer serve\'s replica');
    });
}

suite.test('Events: unicode and same-millisecond events keep their order and timestamps (scuttlebutt 5.x)', async (t) => {
    const a = new js5.Events('JS-EVENTS');
    const events = [...jsUnicode, ...Array.from({ length: 30 }, (_, i) => ['tick', i])];
    apply(a, events);
    const server = await t.jsServer(a);
    const peer = await t.connect(server.port, ['--type', 'events', '--id', 'SB-EVENTS', ...setArgs(sbUnicode)]);
    await until(() => peer.updates().length === events.length, 'sbpeer connect to print every JS event');
    const printed = peer.stdoutLines.filter((line) => line.startsWith('[['));
    expectEqual(printed, a.history().filter((u) => u[2] === 'JS-EVENTS').map((u) => JSON.stringify(u)),
        'the lines sbpeer connect printed, against node\'s JSON of the JS history');
    await until(() => updatesOf(a).length === events.length + sbUnicode.length, 'the JS server to hold sbpeer\'s events');
    expectEqual(await peer.dump(), stateOf(a), 'sbpeer connect\'s events and the JS history');
});

suite.run();
