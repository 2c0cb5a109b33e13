// SPDX-License-Identifier: MIT
'use strict';
// TLS between sbpeers through the CLI: tls-cert identities, pins in trust
// lists (trust pin-cert), serve --tls and sync --tls. Pinned peers replicate;
// a client whose certificate is not pinned is refused and the server says
// why; a client refuses a server it has not pinned; a plain TCP client gets
// nothing. TLS and signing go together.
//
// Usage: node sbpeer-tls.js /path/to/sbpeer

const { Suite, expect, expectEqual, show } = require('./lib/harness');

const suite = new Suite('sbpeer-tls');

// Identities A (server), B (pinned client) and C (unpinned client) in one key
// store; each trust list pins the other side as named.
async function identities(t) {
    const keyDir = t.file('keys');
    const fingerprints = {};
    for (const name of ['A', 'B', 'C']) {
        const made = await t.fields(['tls-cert', name, '--key-dir', keyDir]);
        expect(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/.test(made.fingerprint), `tls-cert ${name} prints a SHA-256 fingerprint: ${made.fingerprint}`);
        expectEqual(made.certificate, `${keyDir}/${name}.crt`, `where tls-cert ${name} wrote its certificate`);
        fingerprints[name] = made.fingerprint;
    }
    const pin = async (list, name, what) => t.ok(['trust', 'pin-cert', what, '--name', name, '--trust', t.file(list), '--key-dir', keyDir]);
    await pin('server.json', 'B', fingerprints.B);
    // The client pins A by its certificate file, C by the fingerprint without colons.
    await pin('client.json', 'A', `${keyDir}/A.crt`);
    await pin('unpinned.json', 'A', fingerprints.A.replace(/:/g, '').toLowerCase());
    await pin('wrong-server.json', 'C', fingerprints.C);
    const listed = await t.ok(['trust', 'list', '--trust', t.file('unpinned.json')]);
    expectEqual(listed, [`cert ${fingerprints.A} A`], 'trust list of a pinned certificate');
    return { keyDir, fingerprints, tls: (name, list) => ['--tls', name, '--trust', t.file(list), '--key-dir', keyDir] };
}

suite.test('serve --tls A with B pinned and sync --tls B with A pinned replicate', async (t) => {
    const { tls } = await identities(t);
    const serve = await t.serve([...tls('A', 'server.json'), '--set', 'secret="over TLS"']);
    const sync = await t.syncOk(serve.port, [...tls('B', 'client.json'), '--set', 'reply=1']);
    expectEqual(sync.replica, { secret: 'over TLS', reply: 1 }, 'the client\'s replica');
    const again = await t.syncOk(serve.port, tls('B', 'client.json'));
    expectEqual(again.replica, { secret: 'over TLS', reply: 1 }, 'the server\'s replica, read by a second client');
});

suite.test('a client with an unpinned certificate is refused and the server prints why', async (t) => {
    const { tls, fingerprints } = await identities(t);
    const serve = await t.serve([...tls('A', 'server.json'), '--set', 'secret=1']);
    const refused = await t.sync(serve.port, [...tls('C', 'unpinned.json'), '--set', 'intruder=1']);
    expectEqual(refused.code, 1, 'the unpinned client\'s exit status');
    expectEqual(refused.replica, undefined, 'what the unpinned client printed');
    expect(refused.stderr.some((line) => line.includes('refuses peers whose certificate it has not pinned') && line.includes(fingerprints.C)),
        `the client says it was refused, with its fingerprint: ${show(refused.stderr)}`);
    const line = await serve.waitForStderr(/refused/);
    expect(line.includes(`its certificate ${fingerprints.C} is not pinned in the trust list`), `the server says why: ${line}`);
    const reader = await t.syncOk(serve.port, tls('B', 'client.json'));
    expectEqual(reader.replica, { secret: 1 }, 'the server\'s replica, without the refused client\'s value');
});

suite.test('a client refuses a server whose certificate it has not pinned', async (t) => {
    const { tls, fingerprints } = await identities(t);
    const serve = await t.serve(tls('A', 'server.json'));
    const refused = await t.sync(serve.port, [...tls('B', 'wrong-server.json'), '--set', 'private=1']);
    expectEqual(refused.code, 1, 'the client\'s exit status');
    expect(refused.stderr.some((line) => line.includes(`refused: its certificate ${fingerprints.A} is not pinned in the trust list`)),
        `the client names the server's certificate: ${show(refused.stderr)}`);
    const reader = await t.syncOk(serve.port, tls('B', 'client.json'));
    expectEqual(reader.replica, {}, 'the server\'s replica: nothing of the refusing client');
});

suite.test('a plain TCP client of serve --tls gets nothing', async (t) => {
    const { tls } = await identities(t);
    const serve = await t.serve([...tls('A', 'server.json'), '--set', 'secret=1']);
    const plain = await t.sync(serve.port, ['--timeout', '3']);
    expect(plain.code === 1 && plain.replica === undefined, `the plain client fails: ${plain.code} ${show(plain.stderr)}`);
    await serve.waitForStderr(/refused: TLS handshake failed/);
});

suite.test('TLS and signing together; --tls without pins is refused at start', async (t) => {
    const { keyDir, tls } = await identities(t);
    await t.ok(['keygen', 'signer', '--key-dir', keyDir]);
    const exported = t.write('signer.pem', (await t.run(['key', 'export', 'signer', '--key-dir', keyDir])).text);
    await t.ok(['trust', 'add', exported, '--trust', t.file('client.json'), '--key-dir', keyDir]);
    const serve = await t.serve([...tls('A', 'server.json'), '--key', 'signer', '--set', 'signed=true']);
    const sync = await t.syncOk(serve.port, [...tls('B', 'client.json'), '--verify']);
    expectEqual(sync.replica, { signed: true }, 'the verifying TLS client\'s replica');

    const none = await t.run(['serve', '--listen', '127.0.0.1:0', '--tls', 'A', '--key-dir', keyDir]);
    expectEqual(none.code, 1, 'the exit status of --tls with a trust list without pins');
    expect(none.stderr.length === 1 && none.stderr[0].includes('pins no certificates'), `one line saying why: ${show(none.stderr)}`);
    const unknown = await t.run(['sync', '127.0.0.1:1', '--tls', 'Z', '--trust', t.file('client.json'), '--key-dir', keyDir]);
    expectEqual(unknown.code, 1, 'the exit status of an unknown --tls identity');
    expect(unknown.stderr.length === 1 && unknown.stderr[0].includes('--tls Z: no TLS identity of that name'), `one line saying why: ${show(unknown.stderr)}`);
});

suite.run();
