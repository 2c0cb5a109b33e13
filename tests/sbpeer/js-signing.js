// SPDX-License-Identifier: MIT
'use strict';
// Signed updates between sbpeer and the real npm scuttlebutt 5.6.15 with its
// security.js plugin (RSA-SHA1 over JSON.stringify, base64; ids are base64
// SHA-1 of the public key PEM text):
//  - node signs, sbpeer verifies against a trust list holding node's key, and
//    the id sbpeer derives from that key is node's createId();
//  - sbpeer signs with an imported RSA key, node's security.js verifies;
//  - forged updates (a bad signature under node A's id, and one signed by an
//    untrusted key) relayed by an honest middle peer that does not verify (npm
//    without security, or sbpeer without --key) are rejected by a verifying
//    sbpeer at the far end, while honest updates still arrive;
//  - a forgery stamped ahead under node A's id moves no clock of a verifying
//    sbpeer (npm scuttlebutt would move A's first), so A's later writes stand,
//    live and after A resyncs.
//
// Usage: node js-signing.js /path/to/sbpeer

const crypto = require('crypto');
const { execFileSync } = require('child_process');
const { Suite, npm, expect, expectEqual, show, until, withTimeout, delay, stateOf } = require('./lib/harness');

const Model = npm('scuttlebutt/model');
const security = npm('scuttlebutt/security');

const suite = new Suite('js-signing');

// security.js's createId, for any PEM text.
function jsId(pem) {
    return crypto.createHash('sha1').update(pem).digest('base64');
}

// A 2048-bit RSA pair as PKCS#1 PEM text, the shape security.js was written for.
function rsaPair() {
    const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', {
        modulusLength: 2048,
        publicKeyEncoding: { type: 'pkcs1', format: 'pem' },
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    return { publicKey, privateKey, id: jsId(publicKey) };
}

// The original README's way: ssh-keygen, then its public half as PEM.
function sshKeygenPair(t, name) {
    const file = t.file(name);
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-m', 'PEM', '-N', '', '-f', file]);
    const publicKey = execFileSync('ssh-keygen', ['-e', '-m', 'PEM', '-f', `${file}.pub`], { encoding: 'utf8' });
    t.write(`${name}.pem`, publicKey);
    return { privateKey: t.read(name), publicKey, id: jsId(publicKey), publicFile: t.file(`${name}.pem`) };
}

// A node Model signing with pair and trusting keys ({id: PEM}); it counts
// what its security.js refuses.
function secureModel(pair, keys = {}) {
    const model = new Model(security(keys, pair.privateKey, pair.publicKey));
    model.unverified = [];
    model.on('unverified_data', (update) => model.unverified.push(update));
    return model;
}

function rejections(lines) {
    return lines.filter((line) => /rejected update /.test(line));
}

suite.test('node signs (ssh-keygen RSA key), sbpeer sync --key --trust verifies and applies', async (t) => {
    const node = sshKeygenPair(t, 'node_key');
    const js = secureModel(node);
    expectEqual(js.id, node.id, 'node\'s id is createId() of its public key');
    js.set('greeting', 'signed by node');
    js.set('nested', { b: [1, 2.5, 1e-7, 1e21], a: 'caf\u00e9 \u2028 \u{1F600}', c: null });
    js.set('n', 42);
    const port = await t.jsServer(js);

    await t.ok(['keygen', 'reader', '--key-dir', t.file('keys')]);
    const trusted = await t.fields(['trust', 'add', node.publicFile, '--name', 'node', '--trust', t.file('trust.json')]);
    expectEqual(trusted.id, node.id, 'the id sbpeer derives from node\'s public key');

    const sync = await t.syncOk(port, ['--key', 'reader', '--key-dir', t.file('keys'), '--trust', t.file('trust.json'),
        '--file', t.file('replica.sb')]);
    expectEqual(sync.replica, stateOf(js), 'sbpeer\'s replica after verifying node\'s updates');
    expectEqual(rejections(sync.stderr), [], 'rejections');
    // The updates kept in sbpeer's file are node's, under node's createId(), signed.
    const updates = t.read('replica.sb').split('\n').filter((line) => line.startsWith('[')).map((line) => JSON.parse(line));
    expectEqual(updates.length, 3, 'updates in sbpeer\'s file');
    for (const update of updates) {
        expectEqual(update[2], js.id, 'the source of an update in sbpeer\'s file');
        expect(typeof update[3] === 'string' && update[3].length > 300, `update ${show(update)} keeps node's RSA signature`);
    }
});

suite.test('sbpeer does not apply node\'s signed updates without node\'s key in its trust list', async (t) => {
    const node = rsaPair();
    const js = secureModel(node);
    js.set('a', 1);
    js.set('b', 2);
    const port = await t.jsServer(js);
    await t.ok(['keygen', 'reader', '--key-dir', t.file('keys')]);
    const sync = await t.syncOk(port, ['--key', 'reader', '--key-dir', t.file('keys')]);
    expectEqual(sync.replica, {}, 'sbpeer\'s replica');
    const lines = rejections(sync.stderr);
    expectEqual(lines.length, 2, `rejection lines in ${show(sync.stderr)}`);
    for (const line of lines)
        expect(line.includes(`from ${node.id}: no trusted key for source ${node.id}`), `"${line}" names node's id and the reason`);
    expect(sync.stderr.includes('sbpeer: 2 unverified updates rejected'), `the count in ${show(sync.stderr)}`);
});

suite.test('sbpeer signs with an imported RSA key, node\'s security.js verifies', async (t) => {
    const sbKey = rsaPair();
    t.write('sb_rsa', sbKey.privateKey);
    const keys = ['--key-dir', t.file('keys')];
    const imported = await t.fields(['key', 'import', 'sbrsa', t.file('sb_rsa'), ...keys]);
    expectEqual(imported.algorithm, 'RSA-2048', 'the imported key\'s algorithm');
    // What peers trust is the PEM text sbpeer exports: its id is security.js's createId of that text.
    const exported = (await t.run(['key', 'export', 'sbrsa', ...keys])).text;
    expectEqual(jsId(exported), imported.id, 'security.js\'s id of the exported public key');

    const node = rsaPair();
    const js = secureModel(node, { [imported.id]: exported });
    js.set('from node', 'hello');
    const port = await t.jsServer(js);
    t.write('node.pem', node.publicKey);
    await t.ok(['trust', 'add', t.file('node.pem'), '--name', 'node', ...keys]);

    const values = [['plain', 'from sbpeer'], ['tricky', { z: 1, a: [0.1, 1e21, 1e-7, -0], s: '\u0001"\\\u2028\u00e9\u{1F600}' }], ['gone', null]];
    const sync = await t.syncOk(port, ['--key', 'sbrsa', ...keys, ...values.flatMap(([k, v]) => ['--set', `${k}=${JSON.stringify(v)}`])]);
    // As JSON carries it (-0 is 0 there).
    const tricky = JSON.parse(JSON.stringify(values[1][1]));
    expectEqual(sync.replica, { 'from node': 'hello', plain: 'from sbpeer', tricky }, 'sbpeer\'s replica');
    await until(() => js.get('plain') !== undefined && js.get('tricky') !== undefined && js.store.gone,
        () => `node to hold sbpeer's values; it holds ${show(stateOf(js))}, refused ${show(js.unverified)}`);
    expectEqual(js.unverified, [], 'updates node\'s security.js refused');
    expectEqual(stateOf(js), { 'from node': 'hello', plain: 'from sbpeer', tricky }, 'node\'s replica');
    expectEqual(js.store.plain[2], imported.id, 'the source node sees for sbpeer\'s update');

    // Live, over connect --stdin: each new update is signed as it is made.
    const peer = await t.serve(['--key', 'sbrsa', ...keys, '--stdin']);
    const client = t.jsClient(peer.port, js);
    await withTimeout(client.synced, 5000, 'node to sync with sbpeer serve');
    peer.send('set live=[1,"two"]');
    await until(() => js.get('live') !== undefined, () => `node to receive the live update; refused ${show(js.unverified)}`);
    expectEqual(js.get('live'), [1, 'two'], 'the live value at node');
    expectEqual(js.unverified, [], 'updates node\'s security.js refused');
});

suite.test('node\'s security.js refuses sbpeer\'s updates when it does not know sbpeer\'s key', async (t) => {
    const keys = ['--key-dir', t.file('keys')];
    await t.ok(['keygen', 'sbrsa', '--type', 'rsa', ...keys]);
    const js = secureModel(rsaPair());
    const port = await t.jsServer(js);
    await t.syncOk(port, ['--key', 'sbrsa', ...keys, '--set', 'x=1']);
    await until(() => js.unverified.length === 1, () => `node to refuse sbpeer's update; refused ${show(js.unverified)}`);
    expectEqual(stateOf(js), {}, 'node\'s replica');
});

// A forger writes straight to the middle peer's port: first an update under
// node A's id with a bad signature, then one properly signed by a key nobody
// trusts. The middle peer does not verify, so it takes and relays both.
async function forge(t, port, a, intruder) {
    const forgedTs = Date.now();
    const intruderUpdate = [['intruder', 'x'], forgedTs, intruder.id];
    const signature = crypto.createSign('RSA-SHA1').update(JSON.stringify(intruderUpdate)).sign(intruder.privateKey, 'base64');
    const badSignature = crypto.createSign('RSA-SHA1').update('something else').sign(intruder.privateKey, 'base64');
    const socket = await t.rawClient(port, [
        { id: 'FORGER', clock: {} },
        [['evil', 'forged'], forgedTs, a.id, badSignature],
        [...intruderUpdate, signature],
        'SYNC',
    ]);
    return { socket, forgedTs };
}

function checkFarEnd(stderr, a, intruder) {
    const lines = rejections(stderr);
    expect(lines.some((line) => line.includes(`rejected update "evil" from ${a.id}: bad signature from ${a.id}`)),
        `the far end reports the forged update under A's id; it said ${show(stderr)}`);
    expect(lines.some((line) => line.includes(`rejected update "intruder" from ${intruder.id}: no trusted key for source ${intruder.id}`)),
        `the far end reports the update of the untrusted key; it said ${show(stderr)}`);
    expectEqual(lines.length, 2, `rejection lines in ${show(stderr)}`);
}

suite.test('forgeries relayed by a JS middle without security are rejected by sbpeer at the far end', async (t) => {
    const a = rsaPair();
    const intruder = rsaPair();
    const js = secureModel(a);
    const middle = new Model('MIDDLE');
    const port = await t.jsServer(middle);
    const stream = t.jsClient(port, js);
    await withTimeout(stream.synced, 5000, 'A to sync with the middle');
    js.set('a1', 'before');
    await until(() => middle.get('a1') !== undefined, 'the middle to hold a1');

    await forge(t, port, a, intruder);
    await until(() => middle.get('evil') !== undefined && middle.get('intruder') !== undefined, 'the middle to take the forgeries');
    await delay(2);
    js.set('a2', 'after');
    await until(() => middle.get('a2') !== undefined, 'the middle to hold a2');

    const keys = ['--key-dir', t.file('keys')];
    await t.ok(['keygen', 'far', ...keys]);
    t.write('a.pem', a.publicKey);
    await t.ok(['trust', 'add', t.file('a.pem'), ...keys]);
    const sync = await t.syncOk(port, ['--key', 'far', ...keys]);
    expectEqual(sync.replica, { a1: 'before', a2: 'after' }, 'the far end\'s replica');
    checkFarEnd(sync.stderr, a, intruder);
    expect(sync.stderr.includes('sbpeer: 2 unverified updates rejected'), `the count in ${show(sync.stderr)}`);
});

suite.test('forgeries relayed live by sbpeer serve without --key are rejected by sbpeer connect --verify', async (t) => {
    const a = rsaPair();
    const intruder = rsaPair();
    const middle = await t.serve([], 'middle: sbpeer serve');
    const js = secureModel(a);
    const stream = t.jsClient(middle.port, js);
    await withTimeout(stream.synced, 5000, 'A to sync with the middle');
    js.set('a1', 'before');

    t.write('a.pem', a.publicKey);
    const trust = ['--trust', t.file('trust.json'), '--key-dir', t.file('keys')];
    await t.ok(['trust', 'add', t.file('a.pem'), ...trust]);
    const farEnd = t.spawn(['connect', `127.0.0.1:${middle.port}`, '--stdin', '--verify', ...trust], 'far end: sbpeer connect');
    await farEnd.waitForStderr(/: synced$/);
    await farEnd.waitForStdout((line) => line.includes('"a1"'), 'a1');

    await forge(t, middle.port, a, intruder);
    await farEnd.waitForStderr(/rejected update "intruder"/);
    await delay(2);
    js.set('a2', 'after');
    await farEnd.waitForStdout((line) => line.includes('"a2"'), 'a2, after the forgeries, on the same stream');
    farEnd.send('dump');
    const dumped = await farEnd.waitForStdout((line) => line.startsWith('{'), 'its replica');
    expectEqual(JSON.parse(dumped), { a1: 'before', a2: 'after' }, 'the far end\'s replica');
    checkFarEnd(farEnd.stderrLines, a, intruder);
    farEnd.send('quit');
    await withTimeout(farEnd.closed, 5000, 'the far end to quit');
    expectEqual(farEnd.exitCode, 0, 'the far end\'s exit status');
    expect(farEnd.stderrLines.includes('sbpeer: 2 unverified updates rejected'), `the count in ${show(farEnd.stderrLines)}`);
});

suite.test('a forgery stamped 120 s ahead under node A\'s id leaves A\'s later writes standing at a verifying sbpeer, live and after a resync', async (t) => {
    const a = rsaPair();
    t.write('a.pem', a.publicKey);
    const trust = ['--trust', t.file('trust.json'), '--key-dir', t.file('keys')];
    await t.ok(['trust', 'add', t.file('a.pem'), ...trust]);
    const far = await t.serve(['--verify', ...trust, '--stdin'], 'far end: sbpeer serve --verify');

    const js = secureModel(a);
    const stream = t.jsClient(far.port, js);
    await withTimeout(stream.synced, 5000, 'A to sync with the far end');
    js.set('k0', 'v0');
    await far.untilHolds({ k0: 'v0' }, 'the far end after A set k0');

    const badSignature = crypto.createSign('RSA-SHA1').update('something else').sign(a.privateKey, 'base64');
    await t.rawClient(far.port, [{ id: 'FORGER', clock: {} }, [['evil', 'forged'], Date.now() + 120000, a.id, badSignature], 'SYNC']);
    await far.waitForStderr(/rejected update "evil" from .*: bad signature/);

    js.set('k1', 'v1');
    await far.untilHolds({ k0: 'v0', k1: 'v1' }, 'the far end after A set k1, live, after the forgery');

    // A comes back as a new process with the same key and resyncs from an
    // empty clock: it gets its own updates back, and writes on.
    stream.end();
    const again = secureModel(a);
    const resync = t.jsClient(far.port, again);
    await withTimeout(resync.synced, 5000, 'A to sync again');
    await until(() => again.get('k1') !== undefined, 'A to get k1 back');
    expectEqual(stateOf(again), { k0: 'v0', k1: 'v1' }, 'A\'s replica after the resync');
    again.set('k2', 'v2');
    await far.untilHolds({ k0: 'v0', k1: 'v1', k2: 'v2' }, 'the far end after A resynced and wrote k2');
});

suite.run();
