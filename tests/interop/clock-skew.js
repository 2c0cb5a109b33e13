// SPDX-License-Identifier: MIT
'use strict';
// Clock poisoning from a real npm scuttlebutt 5.6.15 peer. A node peer sends
// updates stamped far in the future: in a third source's name, and forged in
// sbpeer's own name at the end of time. sbpeer serve must reject each one
// (not applied, no clock moved), report it on stderr naming the peer and the
// line, keep the link and every honest update, and go on writing: a second,
// clean node peer receives sbpeer's later writes. Within --max-clock-skew, an
// update from a clock that runs ahead is taken in, and sbpeer's later write of
// the same key still wins.
//
// Usage: node clock-skew.js /path/to/sbpeer

const { Suite, js5, expect, expectEqual, until, delay, withTimeout, stateOf, show } = require('./lib/peers');
const { isDeepStrictEqual } = require('util');

const suite = new Suite('clock-skew');
const hour = 3600 * 1000;

function rejectedLines(peer) {
    return peer.stderrLines.filter((line) => /rejected update/.test(line));
}

suite.test('updates from the far future, in our own name too, are rejected and reported; sbpeer keeps writing', async (t) => {
    const serve = await t.serve(['--id', 'SB', '--stdin', '--set', 'mine=1']);
    const node = new js5.Model('NODE');
    node.set('honest', 'now');
    // In node's history before it connects, so sent with its history.
    node._update([['ahead', 'an hour ahead'], Date.now() + hour, 'FAR']);
    node._update([['x', 'forged'], Number.MAX_VALUE, 'SB']);
    const stream = t.jsClient(serve.port, node);
    await withTimeout(stream.synced, 5000, 'the node peer to sync');

    const port = stream.socket.localPort;
    await until(() => rejectedLines(serve).length >= 2,
        () => `sbpeer serve to report two rejected updates; it said ${show(serve.stderrLines)}`);
    const prefix = `sbpeer: peer 127.0.0.1:${port}: line \\d+: rejected update`;
    for (const [key, source] of [['ahead', 'FAR'], ['x', 'SB']]) {
        const pattern = new RegExp(`^${prefix} "${key}" from ${source}: it is stamped .* s ahead of our clock, more than the maximum clock skew of 600 s$`);
        expect(rejectedLines(serve).some((line) => pattern.test(line)),
            `sbpeer serve to say ${pattern}; it said ${show(serve.stderrLines)}`);
    }

    // Live, after the sync: rejected too, and the honest update after it arrives.
    node._update([['live ahead', 1], Date.now() + 2 * hour, 'FAR2']);
    node.set('honest after', 2);
    await until(() => rejectedLines(serve).length >= 3,
        () => `sbpeer serve to reject the live update from the future; it said ${show(serve.stderrLines)}`);

    // sbpeer still writes, and its writes reach a clean node peer.
    serve.send('set later=3');
    const observer = new js5.Model('OBSERVER');
    const observed = t.jsClient(serve.port, observer);
    await withTimeout(observed.synced, 5000, 'the observing node peer to sync');
    const expected = { mine: 1, honest: 'now', 'honest after': 2, later: 3 };
    await until(() => isDeepStrictEqual(stateOf(observer), expected),
        () => `the observer to hold ${show(expected)}; it holds ${show(stateOf(observer))}`);
    expectEqual(await serve.dump(), expected, 'sbpeer serve\'s replica');
    expect(observer.sources.SB < Date.now() + 60000, `sbpeer's clock stayed near now: ${observer.sources.SB}`);
    expect(observer.sources.FAR === undefined && observer.sources.FAR2 === undefined,
        `no clock of the future sources was passed on: ${show(observer.sources)}`);
    expect(stream.errors.length === 0 && !stream.socket.destroyed, `the node peer's link stayed up: ${stream.errors}`);
    expect(serve.running, 'sbpeer serve keeps running');
});

suite.test('within --max-clock-skew a clock that runs ahead is followed: sbpeer\'s later write wins', async (t) => {
    const serve = await t.serve(['--id', 'SB', '--stdin', '--max-clock-skew', '7200']);
    const node = new js5.Model('NODE');
    const stream = t.jsClient(serve.port, node);
    await withTimeout(stream.synced, 5000, 'the node peer to sync');
    node._update([['k', 'theirs'], Date.now() + hour, 'AHEAD']);
    let held;
    for (const deadline = Date.now() + 5000; Date.now() < deadline && (held = await serve.dump()).k !== 'theirs';)
        await delay(20);
    expectEqual(held, { k: 'theirs' }, 'sbpeer serve\'s replica once the update an hour ahead reached it');
    serve.send('set k="mine"');
    await until(() => node.get('k') === 'mine',
        () => `the node peer to receive sbpeer's later write; it holds ${show(stateOf(node))}; sbpeer said ${show(serve.stderrLines)}`);
    expectEqual(await serve.dump(), { k: 'mine' }, 'sbpeer serve\'s replica');
    expectEqual(rejectedLines(serve), [], 'rejections');
});

suite.run();
