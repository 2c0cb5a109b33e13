// SPDX-License-Identifier: MIT
'use strict';
// Ed25519-signed replication between sbpeers, each with its own key store:
// two peers that trust each other sign and verify both ways, a third whose
// key they do not trust is rejected (and reported, and counted), and the
// signatures on the wire are plain Ed25519 over JSON.stringify of the update,
// as node's crypto checks them. A forged update moves no clock: the source it
// names writes on, live and after a resync; a forgery under the verifier's own
// id leaves its stamps on the wall clock; a flood of forgeries is refused in
// bounded memory, and offered again it is refused from memory, not re-checked.
//
// Usage: node sbpeer-signing.js /path/to/sbpeer

const crypto = require('crypto');
const { Suite, npm, expect, expectEqual, show, until, withTimeout } = require('./lib/harness');

const suite = new Suite('sbpeer-signing');

function rejections(lines) {
    return lines.filter((line) => /rejected update /.test(line));
}

// A key store per peer: keygen NAME there and the exported public key in DIR/NAME.pub.pem.
async function makePeer(t, name) {
    const keyDir = t.file(`${name}-keys`);
    const key = await t.fields(['keygen', name, '--key-dir', keyDir]);
    expectEqual(key.algorithm, 'Ed25519', `${name}'s algorithm`);
    expect(key.id.startsWith('ed25519:'), `${name}'s id ${key.id} is an Ed25519 id`);
    const pem = (await t.run(['key', 'export', name, '--key-dir', keyDir])).text;
    const pemFile = t.write(`${name}.pub.pem`, pem);
    return { name, keyDir, id: key.id, pem, pemFile, args: ['--key', name, '--key-dir', keyDir] };
}

// peer trusts each of others, in its key store's default trust list.
async function trust(t, peer, ...others) {
    for (const other of others)
        await t.ok(['trust', 'add', other.pemFile, '--name', other.name, '--key-dir', peer.keyDir]);
}

suite.test('two sbpeers sign and verify both ways; an untrusted third is rejected', async (t) => {
    const alice = await makePeer(t, 'alice');
    const bob = await makePeer(t, 'bob');
    const carol = await makePeer(t, 'carol');
    await trust(t, alice, bob);
    await trust(t, bob, alice);
    await trust(t, carol, alice, bob);

    const serve = await t.serve([...alice.args, '--set', 'from alice="a"'], 'alice: sbpeer serve');
    const bobSync = await t.syncOk(serve.port, [...bob.args, '--set', 'from bob="b"'], 'bob: sbpeer sync');
    expectEqual(bobSync.replica, { 'from alice': 'a', 'from bob': 'b' }, 'bob\'s replica');
    expectEqual(rejections(bobSync.stderr), [], 'bob\'s rejections');

    const carolSync = await t.syncOk(serve.port, [...carol.args, '--set', 'from carol="c"'], 'carol: sbpeer sync');
    expectEqual(carolSync.replica, { 'from alice': 'a', 'from bob': 'b', 'from carol': 'c' }, 'carol\'s replica (she trusts both)');
    await serve.waitForStderr(/rejected update "from carol"/);
    expectEqual(rejections(serve.stderrLines),
        [`sbpeer: rejected update "from carol" from ${carol.id}: no trusted key for source ${carol.id}`], 'alice\'s rejections');

    // A third party that trusts alice and bob only verifies what alice holds: both signatures.
    const reader = t.file('reader-trust.json');
    for (const peer of [alice, bob])
        await t.ok(['trust', 'add', peer.pemFile, '--trust', reader]);
    const read = await t.syncOk(serve.port, ['--verify', '--trust', reader], 'reader: sbpeer sync --verify');
    expectEqual(read.replica, { 'from alice': 'a', 'from bob': 'b' }, 'what alice serves');
    expectEqual(rejections(read.stderr), [], 'the reader\'s rejections');

    await serve.stop();
    expectEqual(serve.exitCode, 0, 'alice\'s exit status');
    expect(serve.stderrLines.includes('sbpeer: 1 unverified update rejected'), `alice's count in ${show(serve.stderrLines)}`);
});

suite.test('a signed sbpeer\'s updates are Ed25519 signatures over JSON.stringify, as node verifies them', async (t) => {
    const alice = await makePeer(t, 'alice');
    const serve = await t.serve([...alice.args, '--set', 'k={"b":1,"a":[0.5,"\\u00e9"]}', '--set', 'n=null'], 'alice: sbpeer serve');
    const Model = npm('scuttlebutt/model');
    const js = new Model('JS-READER');
    const stream = t.jsClient(serve.port, js);
    await withTimeout(stream.synced, 5000, 'node to sync');
    await until(() => Object.keys(js.store).length === 2, () => `node to hold 2 updates; it holds ${show(js.store)}`);
    for (const update of Object.values(js.store)) {
        expectEqual(update[2], alice.id, 'the source of alice\'s update');
        const text = JSON.stringify(update.slice(0, 3));
        expect(crypto.verify(null, Buffer.from(text), alice.pem, Buffer.from(update[3], 'base64')),
            `alice's signature on ${text} verifies in node`);
    }
    await serve.stop();
});

suite.test('a --file made with one key is refused with another, and kept', async (t) => {
    const alice = await makePeer(t, 'alice');
    const bob = await makePeer(t, 'bob');
    const first = await t.serve([...alice.args, '--file', t.file('alice.sb'), '--set', 'x=1']);
    await first.stop();
    const before = t.read('alice.sb');
    expect(before.includes(alice.id), 'the file holds alice\'s id');
    const refused = await t.run(['serve', '--listen', '127.0.0.1:0', ...bob.args, '--file', t.file('alice.sb')]);
    expectEqual(refused.code, 1, 'the exit status with bob\'s key');
    expectEqual(refused.stderr.length, 1, `one line on stderr: ${show(refused.stderr)}`);
    expect(refused.stderr[0].includes(`holds replica ${alice.id}, not ${bob.id}`) && refused.stderr[0].includes('--key bob'),
        `the reason names both ids and the key: ${refused.stderr[0]}`);
    expectEqual(t.read('alice.sb'), before, 'the file, untouched');

    // With its own key it opens, and what it holds is still signed for others.
    const again = await t.serve([...alice.args, '--file', t.file('alice.sb')]);
    await trust(t, bob, alice);
    const bobSync = await t.syncOk(again.port, bob.args);
    expectEqual(bobSync.replica, { x: 1 }, 'bob\'s replica');
    expectEqual(rejections(bobSync.stderr), [], 'bob\'s rejections');
});

suite.test('an encrypted key opens with its passphrase from a file or stdin, never from the command line', async (t) => {
    const keyDir = t.file('keys');
    const passphrase = 'correct horse battery staple';
    t.write('pass.txt', `${passphrase}\n`);
    await t.ok(['keygen', 'locked', '--key-dir', keyDir, '--passphrase-file', t.file('pass.txt')]);
    const serve = await t.serve(['--key', 'locked', '--key-dir', keyDir, '--passphrase-file', t.file('pass.txt'), '--set', 'a=1']);
    const connect = t.spawn(['connect', `127.0.0.1:${serve.port}`, '--key', 'locked', '--key-dir', keyDir, '--passphrase-file', '-', '--stdin']);
    connect.send(passphrase);
    await connect.waitForStderr(/: synced$/);
    connect.send('set b=2');
    connect.send('dump');
    const dumped = await connect.waitForStdout((line) => line.startsWith('{'), 'its replica');
    expectEqual(JSON.parse(dumped), { a: 1, b: 2 }, 'the replica of connect --stdin, after its passphrase line');
    const wrong = await t.run(['sync', `127.0.0.1:${serve.port}`, '--key', 'locked', '--key-dir', keyDir, '--passphrase-file', '-'], { input: 'hunter2\n' });
    expectEqual(wrong.code, 1, 'the exit status with a wrong passphrase');
    expect(wrong.stderr.length === 1 && /locked\.key: cannot decrypt the private key: wrong passphrase/.test(wrong.stderr[0]),
        `one line naming the key file: ${show(wrong.stderr)}`);
    // A passphrase line given for a key that needs none is still taken off stdin, not run as a command.
    await t.ok(['keygen', 'open', '--key-dir', keyDir]);
    const unneeded = t.spawn(['connect', `127.0.0.1:${serve.port}`, '--key', 'open', '--key-dir', keyDir, '--passphrase-file', '-', '--stdin']);
    unneeded.send('unneeded-secret');
    await unneeded.waitForStderr(/: synced$/);
    unneeded.send('dump');
    await unneeded.waitForStdout((line) => line.startsWith('{'), 'its replica');
    for (const peer of t.children)
        expect(!peer.stderrLines.concat(peer.stdoutLines).some((line) => /correct horse|hunter2|unneeded-secret/.test(line)),
            `${peer.label} never shows a passphrase`);
});

suite.test('a forged update claiming the verifying sbpeer\'s own id is rejected', async (t) => {
        const alice = await makePeer(t, 'alice');
        const serve = await t.serve([...alice.args, '--stdin']);
        await t.rawClient(serve.port, [{ id: 'FORGER', clock: {} }, [['mine', 'forged'], Date.now(), alice.id, 'bm90IGEgc2lnbmF0dXJl'], 'SYNC']);
        await serve.waitForStderr(/: synced$/);
        serve.send('dump');
        const dumped = await serve.waitForStdout((line) => line.startsWith('{'), 'its replica');
        expectEqual(JSON.parse(dumped), {}, 'alice\'s replica after a forgery under her id');
    });

// A raw client's update line under source, with a well-formed Ed25519
// signature over something else: it takes a whole verification to refuse.
// (Random bytes would not: most are refused at a glance.)
const { privateKey: forgerKey } = crypto.generateKeyPairSync('ed25519');
const wellFormedSignature = crypto.sign(null, Buffer.from('something else'), forgerKey).toString('base64');
function forged(key, value, ts, source) {
    return [[key, value], ts, source, wellFormedSignature];
}

// Sends lines as a forger that then ends its side: resolves once the peer has
// read them all and closed the connection in turn.
async function floodUntilRead(t, port, lines) {
    const socket = await t.rawClient(port, lines);
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.end();
    await withTimeout(closed, 150000, 'the peer to read the flood and close');
}

suite.test('a forgery stamped 120 s ahead under alice\'s id leaves her later writes standing at bob, live and after a resync', async (t) => {
    const alice = await makePeer(t, 'alice');
    const bob = await makePeer(t, 'bob');
    await trust(t, bob, alice);
    await trust(t, alice, bob);
    const bobServe = await t.serve([...bob.args, '--stdin'], 'bob: sbpeer serve');
    const aliceLive = t.spawn(['connect', `127.0.0.1:${bobServe.port}`, ...alice.args, '--stdin'], 'alice: sbpeer connect');
    await aliceLive.waitForStderr(/: synced$/);
    aliceLive.send('set k0="v0"');
    await bobServe.untilHolds({ k0: 'v0' }, 'bob after alice set k0');

    await t.rawClient(bobServe.port, [{ id: 'FORGER', clock: {} }, forged('evil', 'x', Date.now() + 120000, alice.id), 'SYNC']);
    await bobServe.waitForStderr(/rejected update "evil" from .*: bad signature/);
    aliceLive.send('set k1="v1"');
    await bobServe.untilHolds({ k0: 'v0', k1: 'v1' }, 'bob after alice set k1 on the same stream');

    // alice again, a new process resyncing from an empty replica: her earlier
    // updates come back, and she writes on.
    aliceLive.send('quit');
    await withTimeout(aliceLive.closed, 5000, 'alice to quit');
    const again = t.spawn(['connect', `127.0.0.1:${bobServe.port}`, ...alice.args, '--stdin'], 'alice again: sbpeer connect');
    await again.waitForStderr(/: synced$/);
    await again.untilHolds({ k0: 'v0', k1: 'v1' }, 'alice after the resync');
    again.send('set k2="v2"');
    await bobServe.untilHolds({ k0: 'v0', k1: 'v1', k2: 'v2' }, 'bob after alice resynced and wrote k2');
});

suite.test('a forgery under the verifier\'s own id stamped 300 s ahead leaves its next write stamped on the wall clock', async (t) => {
    const alice = await makePeer(t, 'alice');
    const serve = await t.serve([...alice.args, '--stdin'], 'alice: sbpeer serve');
    await t.rawClient(serve.port, [{ id: 'FORGER', clock: {} }, forged('y', 1, Date.now() + 300000, alice.id), 'SYNC']);
    await serve.waitForStderr(/rejected update "y" from .*: bad signature/);
    serve.send('set mine=1');
    const Model = npm('scuttlebutt/model');
    const reader = new Model('JS-READER');
    const stream = t.jsClient(serve.port, reader);
    await withTimeout(stream.synced, 5000, 'node to sync with alice');
    await until(() => reader.store.mine !== undefined, 'node to hold alice\'s write');
    const stamp = reader.store.mine[1];
    expect(Math.abs(stamp - Date.now()) < 1000, `alice's write is stamped ${stamp - Date.now()} ms from now`);
    expectEqual(reader.toJSON(), { mine: 1 }, 'what alice serves');
});

suite.test('a flood of 100,000 forged lines is refused in bounded memory while alice stays live, and offered again it is refused from memory', async (t) => {
    const alice = await makePeer(t, 'alice');
    const bob = await makePeer(t, 'bob');
    await trust(t, bob, alice);
    const bobServe = await t.serve([...bob.args, '--stdin'], 'bob: sbpeer serve');
    const before = bobServe.usage();
    // Stamped a minute ahead, past alice's honest write: all lack verifying.
    const lines = [{ id: 'FORGER', clock: {} }];
    const ahead = Date.now() + 60000;
    for (let i = 0; i < 100000; ++i)
        lines.push(forged(`f${i}`, i, ahead + i, alice.id));
    lines.push('SYNC');

    const flood = floodUntilRead(t, bobServe.port, lines);
    // alice writes while the flood is being refused, and is taken.
    const aliceSync = await t.syncOk(bobServe.port, [...alice.args, '--set', 'honest=true'], 'alice: sbpeer sync');
    expectEqual(aliceSync.replica.honest, true, 'alice\'s write, as she printed it');
    await bobServe.untilHolds({ honest: true }, 'bob, during the flood', 60000);
    await flood;
    const afterFirst = bobServe.usage();

    // Another forger offers the same lines again, as every peer holding them
    // would at each sync: they moved no clock, so they are not old data.
    await floodUntilRead(t, bobServe.port, lines);
    const afterSecond = bobServe.usage();
    const firstCpu = afterFirst.cpuSeconds - before.cpuSeconds;
    const secondCpu = afterSecond.cpuSeconds - afterFirst.cpuSeconds;
    console.log(`    100,000 forged lines: ${firstCpu.toFixed(2)} s of CPU the first time, ${secondCpu.toFixed(2)} s `
        + `offered again; RSS ${(before.rssBytes / 2 ** 20).toFixed(1)} MiB before, ${(afterSecond.rssBytes / 2 ** 20).toFixed(1)} MiB after`);
    expect(secondCpu < firstCpu / 2, `the flood offered again costs under half the CPU of the first (${secondCpu} s, ${firstCpu} s)`);
    // ASan holds freed memory in quarantine (256 MB), so RSS says nothing there.
    if (!process.env.SCUTTLESCOPE_SANITIZED)
        expect(afterSecond.rssBytes - before.rssBytes < 64 * 2 ** 20, 'bob grows by less than 64 MiB');
    expectEqual(await bobServe.dump(), { honest: true }, 'bob\'s replica: alice\'s write, no forgery');
    await bobServe.stop();
    expect(bobServe.stderrLines.includes('sbpeer: 200000 unverified updates rejected'),
        `every forged line was read and refused, twice: ${show(bobServe.stderrLines.slice(-3))}`);
}, 240000);

suite.run();
