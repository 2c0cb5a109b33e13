// SPDX-License-Identifier: MIT
'use strict';
// Bad input from a raw TCP client to sbpeer serve, while a well-behaved npm
// scuttlebutt client is connected at the same time. For each bad input sbpeer
// must print one line on stderr naming the peer and the reason, close that
// connection only, keep serving the JS client (which still syncs, sends and
// receives), and keep all it held before, as a final sync shows.
//
// Usage: node bad-input.js /path/to/sbpeer

const { Suite, js5, expect, expectEqual, until, withTimeout, apply, stateOf, show } = require('./lib/peers');
const { isDeepStrictEqual } = require('util');

const suite = new Suite('bad-input');

const maxLine = 1024;
const digest = '{"id":"RAW","clock":{}}';
const good = '[["raw ok","kept"],1700000000000.5,"RAW"]'; // a valid update before the bad one

// name, the lines the raw client writes, what sbpeer must say, and whether the
// valid update before the bad line is kept.
const cases = [
    ['an unparsable line', [digest, good, '{"id":'], /line 3: invalid JSON/, true],
    ['a line of garbage bytes', [digest, good, 'SYNC please'], /line 3: invalid JSON/, true],
    ['a line one byte over --max-line', [digest, good, `[["k","${'x'.repeat(maxLine - 15)}"],1,"R"]`], /line 3 is longer than 1024 bytes/, true],
    ['a huge line without its newline yet', [digest, good, 'x'.repeat(4 * maxLine)], /line 3 is longer than 1024 bytes/, true, true],
    ['a 1e400 timestamp', [digest, good, '[["k",1],1e400,"RAW"]'], /line 3: .*number out of range/, true],
    ['a -1e400 timestamp', [digest, good, '[["k",1],-1e400,"RAW"]'], /line 3: .*number out of range/, true],
    ['a 1e400 value', [digest, good, '[["k",1e400],2,"RAW"]'], /line 3: .*number out of range/, true],
    ['a 1e400 clock entry', ['{"id":"RAW","clock":{"RAW":1e400}}'], /line 1: .*number out of range/, false],
    ['NaN as a timestamp', [digest, good, '[["k",1],NaN,"RAW"]'], /line 3: invalid JSON/, true],
    ['a "__proto__" key (5.x)', [digest, good, '[["__proto__",{"polluted":true}],2,"RAW"]'], /line 3: the key "__proto__" is not allowed/, true],
    ['a "__proto__" key (4.x)', [digest, good, '["__proto__",{"polluted":true},2,"RAW"]'], /line 3: the key "__proto__" is not allowed/, true],
    ['a "__proto__" source', [digest, good, '[["k",1],2,"__proto__"]'], /line 3: the source id "__proto__" is not allowed/, true],
    ['a "__proto__" source in the clock', ['{"id":"RAW","clock":{"__proto__":1}}'], /line 1: .*"__proto__"/, false],
    ['an update before the digest', [good], /line 1: an update arrived before the digest/, false],
    ['"SYNC" twice', [digest, good, '"SYNC"', '"SYNC"'], /line 4: "SYNC" received twice/, true],
    ['a second digest', [digest, good, digest], /line 3: a second digest/, true],
    ['a digest without a clock', ['{"id":"RAW"}'], /line 1: the digest has no clock/, false],
    ['a clock that is a number', ['{"id":"RAW","clock":5}'], /line 1: the digest's clock is not an object/, false],
    ['a clock entry that is a string', ['{"id":"RAW","clock":{"RAW":"1"}}'], /line 1: .*not a finite number/, false],
    ['an id that is a number', ['{"id":5,"clock":{}}'], /line 1: the digest's id is not a string/, false],
    ['a timestamp that is a string', [digest, good, '[["k",1],"2","RAW"]'], /line 3: the timestamp is not a number/, true],
    ['a source that is a number', [digest, good, '[["k",1],2,5]'], /line 3: the source is not a string/, true],
    ['a key that is a number (5.x)', [digest, good, '[[5,1],2,"RAW"]'], /line 3: the key is not a string/, true],
    ['a 4.x update without its source', [digest, good, '["k",1,2]'], /line 3: a 4.x update has 4 or 5 elements/, true],
    ['a signature that is a number', [digest, good, '[["k",1],2,"RAW",5]'], /line 3: the signature is not a string/, true],
    ['an empty source', [digest, good, '[["k",1],2,""]'], /line 3: the source id is empty/, true],
    ['an empty array', [digest, good, '[]'], /line 3: not a 5.x or 4.x update/, true],
    ['an array of numbers', [digest, good, '[1,2,3]'], /line 3: not a 5.x or 4.x update/, true],
    ['a number as a message', [digest, good, '42'], /line 3: expected a digest, an update or "SYNC", got 42/, true],
    ['null as a message', [digest, good, 'null'], /line 3: expected a digest, an update or "SYNC", got null/, true],
    ['nesting 100 deep', [digest, good, `[["k",${'['.repeat(100)}${']'.repeat(100)}],2,"RAW"]`], /line 3: invalid JSON: nesting deeper/, true],
    ['invalid UTF-8', [digest, good, Buffer.from('[["k","\xff\xfe"],2,"RAW"]', 'latin1')], /line 3: invalid JSON: invalid UTF-8/, true],
    ['an empty line', [digest, good, ''], /line 3: invalid JSON/, true],
    ['Infinity as a timestamp', [digest, good, '[["k",1],Infinity,"RAW"]'], /line 3: invalid JSON/, true],
    ['a duplicate object key', [digest, good, '[["k",{"a":1,"a":2}],2,"RAW"]'], /line 3: invalid JSON: duplicate key/, true],
    ['a 4.x value too deep to pass on in 5.x', [digest, good, `["k",${'['.repeat(63)}${']'.repeat(63)},2,"RAW"]`], /line 3: the value of "k" nests 63 levels deep, more than the 62 that fit a 5.x update within the depth limit of 64/, true],
];

const heldArgs = ['--set', 'held 1="before"', '--set', 'held 2={"n":[1,2]}'];
const held = { 'held 1': 'before', 'held 2': { n: [1, 2] } };

function errorLinesAbout(peer, port) {
    return peer.stderrLines.filter((line) => line.includes(`127.0.0.1:${port}:`) && !/: synced$/.test(line));
}

// Starts sbpeer serve and a good JS client that syncs with it.
async function guardedServer(t) {
    const serve = await t.serve(['--max-line', String(maxLine), '--id', 'SB-GUARD', ...heldArgs]);
    const client = new js5.Model('JS-GOOD');
    apply(client, [['good before', 1]]);
    const stream = t.jsClient(serve.port, client);
    await withTimeout(stream.synced, 5000, 'the good JS client to sync');
    return { serve, client, stream };
}

function sendRaw(t, port, lines, withoutLastNewline = false) {
    const raw = t.rawClient(port);
    const chunks = lines.map((line, i) => {
        const bytes = Buffer.isBuffer(line) ? line : Buffer.from(line, 'utf8');
        return withoutLastNewline && i === lines.length - 1 ? bytes : Buffer.concat([bytes, Buffer.from('\n')]);
    });
    raw.on('connect', () => raw.write(Buffer.concat(chunks)));
    return raw;
}

// After the bad peer: the good client still sends and receives, and sbpeer
// serve holds all it held.
async function expectStillServing(t, serve, client, keptRaw) {
    client.set('good after', 2);
    await t.sync(serve.port, ['--set', 'late="from a later peer"'], 'sbpeer sync (later peer)');
    await until(() => client.get('late') === 'from a later peer',
        () => `the good JS client to receive a later peer's update through sbpeer serve; it holds ${show(stateOf(client))}`);
    const expected = { ...held, 'good before': 1, 'good after': 2, late: 'from a later peer' };
    if (keptRaw)
        expected['raw ok'] = 'kept';
    const reader = await t.syncUntil(serve.port, [], expected);
    expectEqual(reader.replica, expected, 'sbpeer serve\'s replica after the bad peer (read by sbpeer sync)');
    expect(serve.running, 'sbpeer serve keeps running');
}

for (const [name, lines, reason, keptRaw, withoutLastNewline] of cases) {
    suite.test(`bad input: ${name}`, async (t) => {
        const { serve, client, stream } = await guardedServer(t);
        const raw = sendRaw(t, serve.port, lines, withoutLastNewline);
        await withTimeout(raw.connected, 2000, 'the raw client to connect');
        const port = raw.boundPort;
        await withTimeout(raw.ended, 5000, `sbpeer serve to close the bad peer's connection (${name})`);
        await until(() => errorLinesAbout(serve, port).length > 0,
            () => `sbpeer serve to report the bad peer 127.0.0.1:${port}; it said ${show(serve.stderrLines)}`, 2000);
        const said = errorLinesAbout(serve, port);
        expectEqual(said.length, 1, `lines sbpeer serve printed about the bad peer: ${show(said)}`);
        const expected = new RegExp(`^sbpeer: peer 127\\.0\\.0\\.1:${port}: ${reason.source}`);
        expect(expected.test(said[0]), `sbpeer serve said ${show(said[0])}, expected ${expected}`);
        expect(stream.errors.length === 0, `the good JS client had errors: ${stream.errors}`);
        await expectStillServing(t, serve, client, keptRaw);
    });
}

suite.test('bad input: every bad peer at once, while a good JS client connects and syncs', async (t) => {
    // Every bad peer connects from 127.0.0.1: past --max-peers-per-address
    // (32), the server would make room by closing some before they speak.
    const serve = await t.serve(['--max-line', String(maxLine), '--id', 'SB-GUARD',
        '--max-peers-per-address', String(cases.length + 8), ...heldArgs]);
    const raws = cases.map(([, lines, , , withoutLastNewline]) => sendRaw(t, serve.port, lines, withoutLastNewline));
    await withTimeout(Promise.all(raws.map((raw) => raw.connected)), 5000, 'the bad peers to connect');
    const client = new js5.Model('JS-GOOD');
    apply(client, [['good before', 1]]);
    const stream = t.jsClient(serve.port, client);
    await withTimeout(stream.synced, 5000, 'the good JS client to sync among the bad peers');
    await withTimeout(Promise.all(raws.map((raw) => raw.ended)), 5000, 'sbpeer serve to close every bad peer');
    for (const [i, raw] of raws.entries()) {
        const [name, , reason] = cases[i];
        await until(() => errorLinesAbout(serve, raw.boundPort).length > 0, `sbpeer serve to report ${name}`, 2000);
        const said = errorLinesAbout(serve, raw.boundPort);
        expect(said.length === 1 && reason.test(said[0]), `about ${name} sbpeer serve said ${show(said)}, expected one line matching ${reason}`);
    }
    await until(() => isDeepStrictEqual(stateOf(client), { ...held, 'good before': 1, 'raw ok': 'kept' }),
        () => `the good JS client to hold the data; it holds ${show(stateOf(client))}`);
    await expectStillServing(t, serve, client, true);
});

suite.test('a line of exactly --max-line bytes is accepted, one byte more is refused', async (t) => {
    const serve = await t.serve(['--max-line', String(maxLine)]);
    const [prefix, suffix] = ['[["fits","', '"],1700000000001,"RAW"]'];
    const filler = 'x'.repeat(maxLine - prefix.length - suffix.length);
    const fits = prefix + filler + suffix;
    expectEqual(Buffer.byteLength(fits), maxLine, 'length of the line that fits');
    const ok = sendRaw(t, serve.port, [digest, fits, '"SYNC"']);
    await withTimeout(ok.connected, 2000, 'the raw client to connect');
    await until(() => ok.lines.includes('"SYNC"'), 'sbpeer serve to answer');
    const reader = await t.syncUntil(serve.port, [], (replica) => 'fits' in replica);
    expectEqual(reader.replica, { fits: filler }, 'sbpeer serve holds the line that fits');
    const over = fits.replace('"fits","', '"fits","y');
    const bad = sendRaw(t, serve.port, [digest, over]);
    await withTimeout(bad.ended, 5000, 'sbpeer serve to close the peer whose line is one byte too long');
    expect(errorLinesAbout(serve, bad.boundPort).some((line) => /line 2 is longer than 1024 bytes$/.test(line)),
        `sbpeer serve said ${show(serve.stderrLines)}`);
});

suite.test('a "__proto__" inside a value is data: kept and replicated as is', async (t) => {
    const serve = await t.serve();
    const raw = sendRaw(t, serve.port, [digest, '[["k",{"__proto__":{"polluted":true},"a":1}],1700000000002,"RAW"]', '"SYNC"']);
    await withTimeout(raw.connected, 2000, 'the raw client to connect');
    const client = new js5.Model('JS-READER');
    const reader = await t.syncUntil(serve.port, [], (replica) => 'k' in replica);
    expectEqual(Object.keys(reader.replica.k), ['__proto__', 'a'], 'keys of the value sbpeer serve holds');
    const stream = t.jsClient(serve.port, client);
    await withTimeout(stream.synced, 5000, 'a JS client to sync');
    await until(() => client.store.k !== undefined, 'the JS client to receive the value');
    expectEqual(JSON.stringify(client.store.k), '[["k",{"__proto__":{"polluted":true},"a":1}],1700000000002,"RAW"]',
        'the update the JS client holds');
    expect(({}).polluted === undefined, 'Object.prototype is untouched');
});

suite.run();
