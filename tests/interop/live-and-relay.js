// SPDX-License-Identifier: MIT
'use strict';
// Updates made after everyone synced, between the real npm scuttlebutt and
// sbpeer: sbpeer connect --stdin against a JS server both ways (Model and
// Events, 5.x, 4.x and auto); a relay JS A -> sbpeer serve -> JS B and back,
// also across dialects (a 5.x and a 4.x JS through one sbpeer --dialect auto);
// and the other relay, sbpeer -> JS server -> sbpeer. Every side must end
// with the same replica.
//
// Usage: node live-and-relay.js /path/to/sbpeer

const { Suite, js5, js4, expect, expectEqual, until, withTimeout, apply, stateOf, updatesOf, show,
    makeReplica, setArgs, holds, expectHolds } = require('./lib/peers');
const { isDeepStrictEqual } = require('util');

const suite = new Suite('live-and-relay');

function printedKeys(peer) {
    return peer.updates().map((update) => update[0][0]);
}

const dialects = [
    { js: js5, dialect: '5' },
    { js: js4, dialect: '4' },
    { js: js4, dialect: 'auto' },
];

for (const kind of ['model', 'events']) {
    for (const { js, dialect } of dialects) {
        const v = `${kind}, scuttlebutt ${js.version}.x, --dialect ${dialect}`;
        const verb = kind === 'model' ? 'set' : 'emit';

        suite.test(`sbpeer connect --stdin and a JS server trade live updates (${v})`, async (t) => {
            const replica = makeReplica(js, kind, 'JS-LIVE');
            const before = [['js before', 1]];
            apply(replica, before);
            const server = await t.jsServer(replica);
            const peer = await t.connect(server.port, ['--type', kind, '--dialect', dialect, '--id', 'SB-LIVE',
                ...setArgs([['sb before', 2]])]);
            await withTimeout(server.streams[0].synced, 5000, 'the JS server to sync');
            await until(() => printedKeys(peer).includes('js before'), 'sbpeer connect to apply the JS history');

            // JS -> sbpeer, after the sync.
            const jsLive = [['js live 1', 'a'], ['js live \u{1F600}', { n: 1.5 }], ['js live 3', null]];
            apply(replica, jsLive);
            await until(() => jsLive.every(([key]) => printedKeys(peer).includes(key)),
                () => `sbpeer connect to print the live JS updates; it printed ${show(peer.stdoutLines)}`);
            // sbpeer -> JS, after the sync.
            const sbLive = [['sb live 1', 'b'], ['sb live \u00e9', [1, 2]], ['sb live 3', 'c']];
            for (const [key, value] of sbLive)
                peer.send(`${verb} ${key}=${JSON.stringify(value)}`);
            const all = [...before, ['sb before', 2], ...jsLive, ...sbLive];
            const expected = kind === 'model'
                ? Object.fromEntries(all.filter(([, value]) => value !== null)) : all;
            await until(() => holds(stateOf(replica), expected, kind),
                () => `the JS server to hold the live sbpeer updates; it holds ${show(stateOf(replica))}`);
            const dumped = await peer.dump();
            expectHolds(dumped, expected, kind, "sbpeer connect's replica");
            expectHolds(stateOf(replica), expected, kind, "the JS server's replica");
            expectEqual(dumped, stateOf(replica), 'sbpeer connect and the JS server hold the same replica');
            // The live JS updates reached sbpeer with their exact timestamps.
            const printed = new Map(peer.updates().map((u) => [u[0][0], u]));
            for (const update of updatesOf(replica).filter((u) => u[2] === 'JS-LIVE'))
                expectEqual(printed.get(update[0][0]), update, `the update sbpeer applied for ${show(update[0][0])}`);
        });
    }
}

for (const kind of ['model', 'events']) {
    suite.test(`relay JS A -> sbpeer serve -> JS B and back, all end identical (${kind}, scuttlebutt 5.x)`, async (t) => {
        const serve = await t.serve(['--type', kind, '--id', 'SB-MIDDLE', ...setArgs([['middle', 0]])]);
        const a = makeReplica(js5, kind, 'JS-A');
        const b = makeReplica(js5, kind, 'JS-B');
        apply(a, [['a before', 1]]);
        apply(b, [['b before', 2]]);
        const sa = t.jsClient(serve.port, a);
        const sb = t.jsClient(serve.port, b);
        await withTimeout(Promise.all([sa.synced, sb.synced]), 5000, 'both JS clients to sync');
        const start = [['middle', 0], ['a before', 1], ['b before', 2]];
        const startState = kind === 'model' ? Object.fromEntries(start) : start;
        await until(() => holds(stateOf(a), startState, kind) && holds(stateOf(b), startState, kind),
            () => `A and B to hold the start state; A ${show(stateOf(a))}, B ${show(stateOf(b))}`);

        apply(a, [['from a', 'live \u2028 a']]);
        await until(() => holds(stateOf(b), kind === 'model' ? { ...startState, 'from a': 'live \u2028 a' }
            : [...start, ['from a', 'live \u2028 a']], kind), () => `B to receive A's update through sbpeer; B ${show(stateOf(b))}`);
        apply(b, [['from b', 'live b'], ['from a', 'overwritten by b']]);
        const all = [...start, ['from a', 'live \u2028 a'], ['from b', 'live b'], ['from a', 'overwritten by b']];
        const expected = kind === 'model' ? Object.fromEntries(all) : all;
        await until(() => holds(stateOf(a), expected, kind), () => `A to receive B's updates through sbpeer; A ${show(stateOf(a))}`);
        const middle = await t.syncUntil(serve.port, ['--type', kind], (replica) => holds(replica, expected, kind));
        expectHolds(middle.replica, expected, kind, "sbpeer serve's replica (read by sbpeer sync)");
        expectEqual(stateOf(a), stateOf(b), 'A and B hold the same replica');
        expectEqual(middle.replica, stateOf(a), 'sbpeer serve and A hold the same replica');
        expectEqual(updatesOf(a), updatesOf(b), 'A and B hold the same updates (timestamps and sources)');
    });
}

suite.test('relay across dialects: JS 5.x -> sbpeer serve --dialect auto -> JS 4.x and back', async (t) => {
    const serve = await t.serve(['--dialect', 'auto', '--id', 'SB-AUTO', ...setArgs([['middle', 0]])]);
    const a = new js5.Model('JS5');
    const b = new js4.Model('JS4');
    apply(a, [['five before', 5]]);
    // A 4.x peer shows its dialect by its first update: it needs data.
    apply(b, [['four before', 4]]);
    const sa = t.jsClient(serve.port, a);
    const sb = t.jsClient(serve.port, b);
    await withTimeout(Promise.all([sa.synced, sb.synced]), 5000, 'both JS clients to sync');
    const start = { middle: 0, 'five before': 5, 'four before': 4 };
    await until(() => isDeepStrictEqual(stateOf(a), start) && isDeepStrictEqual(stateOf(b), start),
        () => `both to hold the start state; 5.x ${show(stateOf(a))}, 4.x ${show(stateOf(b))}`);
    a.set('from five', 'to four');
    await until(() => b.get('from five') === 'to four', () => `the 4.x client to receive the 5.x update; it holds ${show(stateOf(b))}`);
    b.set('from four', 'to five');
    await until(() => a.get('from four') === 'to five', () => `the 5.x client to receive the 4.x update; it holds ${show(stateOf(a))}`);
    const expected = { ...start, 'from five': 'to four', 'from four': 'to five' };
    const middle = await t.syncUntil(serve.port, [], expected);
    expectEqual(middle.replica, expected, 'sbpeer serve (read by sbpeer sync)');
    expectEqual(stateOf(a), expected, 'the 5.x client');
    expectEqual(stateOf(b), expected, 'the 4.x client');
    expectEqual(updatesOf(a), updatesOf(b), 'both clients hold the same updates (timestamps and sources)');
});

for (const { js, dialect } of [{ js: js5, dialect: '5' }, { js: js4, dialect: '4' }]) {
    suite.test(`relay sbpeer P -> JS server -> sbpeer Q and back (scuttlebutt ${js.version}.x)`, async (t) => {
        const middle = new js.Model('JS-MIDDLE');
        apply(middle, [['middle', 0]]);
        const server = await t.jsServer(middle);
        const p = await t.connect(server.port, ['--dialect', dialect, '--id', 'SB-P', ...setArgs([['p before', 1]])], 'sbpeer connect P');
        const q = await t.connect(server.port, ['--dialect', dialect, '--id', 'SB-Q', ...setArgs([['q before', 2]])], 'sbpeer connect Q');
        await until(() => printedKeys(p).includes('q before'), 'P to learn Q\'s key through the JS server');
        p.send('set from p="to q \\u00e9"');
        await until(() => printedKeys(q).includes('from p'), () => `Q to print P's live update; Q printed ${show(q.stdoutLines)}`);
        q.send('set from q={"to":"p"}');
        q.send('set p before=null');
        await until(() => printedKeys(p).includes('from q') && printedKeys(p).includes('p before') && printedKeys(p).length >= 4,
            () => `P to print Q's live updates; P printed ${show(p.stdoutLines)}`);
        const expected = { middle: 0, 'q before': 2, 'from p': 'to q \u00e9', 'from q': { to: 'p' } };
        await until(() => isDeepStrictEqual(stateOf(middle), expected), () => `the JS server to hold ${show(expected)}; it holds ${show(stateOf(middle))}`);
        expectEqual(await p.dump(), expected, 'sbpeer P\'s replica');
        expectEqual(await q.dump(), expected, 'sbpeer Q\'s replica');
        expect(p.stderrLines.every((line) => !line || /: synced$/.test(line)), `P reported ${show(p.stderrLines)}`);
        expect(q.stderrLines.every((line) => !line || /: synced$/.test(line)), `Q reported ${show(q.stderrLines)}`);
    });
}

suite.run();
