// SPDX-License-Identifier: MIT
'use strict';
// Writes the seed corpus of the fuzz targets from the real npm scuttlebutt
// (5.6.15 and 4.1.1, from tests/interop/node_modules): what a node peer sends
// on the wire (digests, updates in both dialects, signed updates, "SYNC"),
// the files its createReadStream writes, and the files sbpeer writes.
//
// Usage: node tests/fuzz/make-corpus.js   (rewrites tests/fuzz/corpus/*)
// The output is deterministic: ids, keys and timestamps are fixed, and the one
// RSA key is made from a fixed seed file below.

const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const { PassThrough } = require('stream');

const modules = path.join(__dirname, '../interop/node_modules');
const js5 = {
    version: 5,
    Model: require(path.join(modules, 'scuttlebutt/model')),
    Events: require(path.join(modules, 'scuttlebutt/events')),
    security: require(path.join(modules, 'scuttlebutt/security')),
};
const js4 = {
    version: 4,
    Model: require(path.join(modules, 'scuttlebutt4/model')),
    Events: require(path.join(modules, 'scuttlebutt4/events')),
};

const corpusDir = path.join(__dirname, 'corpus');
const corpora = {
    jsoncodec: new Map(),
    updatescanner: new Map(),
    stream: new Map(),
    replicafile: new Map(),
};

function add(target, name, bytes) {
    const text = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
    for (const existing of corpora[target].values()) {
        if (existing.equals(text))
            return;
    }
    if (corpora[target].has(name))
        throw new Error(`two ${target} seeds named ${name}`);
    corpora[target].set(name, text);
}

// Every line of a session or file is also a seed of the line-level targets.
let lineCount = 0;
function addLines(origin, bytes) {
    for (const line of bytes.toString('utf8').split('\n')) {
        if (line === '')
            continue;
        ++lineCount;
        const name = `${origin}-${String(lineCount).padStart(3, '0')}`;
        add('jsoncodec', name, line);
        const value = JSON.parse(line);
        if (Array.isArray(value))
            add('updatescanner', name, line);
    }
}

// Fixed timestamps, so that the corpus does not change from run to run.
function stamp(replica, version) {
    let next = 1764000000000;
    if (version === 5) {
        replica.localUpdate = function (trx) {
            this._update([trx, next++, this.id]);
            return this;
        };
    } else {
        replica.localUpdate = function (key, value) {
            this._update([key, value, next++, this.id]);
            return this;
        };
    }
    return replica;
}

// What `from` sends to `to` through createStream, once both are synced and
// `after` (live changes) has run; node's stream-serializer writes the lines.
function session(js, from, to, options = {}, after = () => {}) {
    return new Promise((resolve, reject) => {
        const a = from.createStream(options.from || {});
        const b = to.createStream(options.to || {});
        const tap = new PassThrough();
        const chunks = [];
        tap.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
        a.pipe(tap).pipe(b).pipe(a);
        let done = false;
        const finish = () => {
            if (done)
                return;
            done = true;
            setTimeout(() => resolve(Buffer.concat(chunks)), 20);
        };
        a.on('error', reject);
        b.on('error', reject);
        const synced = js.version === 5 ? 'synced' : 'sync';
        a.once(synced, () => {
            after();
            setTimeout(finish, 20);
        });
        a.on('end', finish);
        setTimeout(() => reject(new Error('session did not sync')), 5000);
    });
}

function readStream(replica, options) {
    return new Promise((resolve) => {
        const chunks = [];
        const stream = replica.createReadStream(options);
        stream.on('data', (chunk) => chunks.push(Buffer.from(chunk)));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        setTimeout(() => resolve(Buffer.concat(chunks)), 100);
    });
}

function model(js, id, sets) {
    const replica = stamp(new js.Model(id), js.version);
    for (const [key, value] of sets)
        replica.set(key, value);
    return replica;
}

function events(js, id, emits) {
    const replica = stamp(new js.Events(id), js.version);
    for (const [event, data] of emits)
        replica.emit(event, data);
    return replica;
}

// A 1024-bit RSA key is plenty for seeds (security.js signs with RSA-SHA1,
// which is deterministic). Test data only, kept here so that the signed seeds
// are the same every run.
const rsaPrivateKey = [
    '-----BEGIN RSA PRIVATE KEY-----',
    'MIICXgIBAAKBgQDbieX0MxiP6U0vU50BOEgRytXVouIFVh7RuPbTt9lJdA89uYcs',
    'qFvkEK3k2ZTgmzIBiA6PhHpsJRwrIAelMr4vnwkXA2gdxKgu21pSnahdAbp7LCQ3',
    'Vl3wDeV0h7SCW0+jqfI+iUYwmfQLTteQ4rsCYANYgGf6wCo+jQibS0tA6QIDAQAB',
    'AoGBAIB5/fHgKSKnJL1qkDpThpGrA2Ln1J/M23JebUxPjkCXRAgaWAoBaO1Z+Xow',
    '/xhGmogc6HCC1eYN/aMbNn4t6O/9RpxFsnI0dbS0TtLFk3HA8asoeohhEuZDeA1w',
    '/J2mbzyx4uHFuj8xVkXHekt/BsS0MYIHV/etLRLQd2BW8fUBAkEA/zB9VrYU26BM',
    'FOKsgRU2e4bg8uhIzlb0BYHAuxzTRmydTSX3OE+edFr/yqbHJbpZQXPvV2+9EKN1',
    'Nv2rywBMSQJBANw8azc2qhn9x29e3xC5vEqnDLq6XhIMNWn0FGP2zYFR/j68wVQF',
    'JjX7QEakM+tgqPB9M0nWLCZfpudYkLCLD6ECQQCKpbbDoOQOO7Z6dnmRHIxgavTX',
    'JRtBeH7WaxvizZOApMyGOQVrw95si3CEkz6KIggShsHYOK55VsX9na9z+PJ5AkB+',
    'gIXlNRUH0OmZYxkl9kndZ468Qwh9vV2A+p4rvTvVqE8toiY6KKsGHseQzAi2jtL7',
    'MC8hnk/FyvOHtyuE/JuBAkEAo1mnXrxhyo0rCOuiPTUb55nRhphW9w0vOXi3QnxD',
    '8Jyi3zDJbLaXzSBkPHgsMeSLjg+bWUcUBZiqybjVzpUFfA==',
    '-----END RSA PRIVATE KEY-----',
    '',
].join('\n');
const rsa = {
    privateKey: rsaPrivateKey,
    publicKey: crypto.createPublicKey(rsaPrivateKey).export({ type: 'pkcs1', format: 'pem' }),
};

const values = [
    ['name', 'scuttlescope'],
    ['count', 42],
    ['ratio', 0.1 + 0.2],
    ['nested', { list: [1, 'two', null, true, { deep: [[]] }], empty: {} }],
    ['unicode', 'h\u00e9llo \u2028 \ud83d\ude00 "quoted" \\ \n\t\u0001'],
    ['10', 'an index-like key'],
    ['big', 1e21],
    ['tiny', 5e-324],
    ['gone', null],
];

async function main() {
    // ------------------------------------------------------------ sessions
    {
        const remote = model(js5, 'REMOTE', values);
        const local = model(js5, 'LOCAL', [['a', 1]]);
        const bytes = await session(js5, remote, local, {}, () => remote.set('live', 'after sync'));
        add('stream', 'model5-session', bytes);
        addLines('model5', bytes);
    }
    {
        const remote = model(js4, 'REMOTE', values);
        const local = model(js4, 'LOCAL', [['a', 1]]);
        const bytes = await session(js4, remote, local, {}, () => remote.set('live', 'after sync'));
        add('stream', 'model4-session', bytes);
        addLines('model4', bytes);
    }
    {
        const remote = events(js5, 'REMOTE', [['join', { who: 'ann' }], ['say', 'hi'], ['left']]);
        const local = events(js5, 'LOCAL', []);
        const bytes = await session(js5, remote, local, {}, () => remote.emit('late', [1, 2]));
        add('stream', 'events5-session', bytes);
        addLines('events5', bytes);
    }
    {
        const remote = events(js4, 'REMOTE', [['join', { who: 'ann' }], ['say', 'hi']]);
        const local = events(js4, 'LOCAL', []);
        const bytes = await session(js4, remote, local);
        add('stream', 'events4-session', bytes);
        addLines('events4', bytes);
    }
    {
        // The remote already knows some of what LOCAL holds; it ends once synced.
        const remote = model(js5, 'REMOTE', [['x', 1], ['y', [2]]]);
        remote._update([['a', 'old'], 1700000000000, 'LOCAL']);
        remote._update([['b', 'other'], 1700000000001, 'OTHER']);
        const local = model(js5, 'LOCAL', []);
        const bytes = await session(js5, remote, local,
                                    { from: { meta: { type: 'model', name: 'remote' }, tail: false } });
        add('stream', 'model5-meta-no-tail', bytes);
        addLines('meta', bytes);
    }
    {
        // Signed by node's security.js: the id is the hash of the public key.
        const keys = {};
        const remote = stamp(new js5.Model(js5.security(keys, rsa.privateKey, rsa.publicKey)), 5);
        keys[remote.id] = rsa.publicKey;
        remote.set('signed', { by: 'security.js' });
        remote.set('again', 2);
        const local = new js5.Model('LOCAL');
        const bytes = await session(js5, remote, local);
        add('stream', 'model5-signed', bytes);
        addLines('signed', bytes);
    }

    // ------------------------------------------------------------ files
    {
        const replica = model(js5, 'FILE5', values);
        const bytes = await readStream(replica, { tail: false });
        add('replicafile', 'model5-readstream', bytes);
        addLines('file5', bytes);
    }
    {
        const replica = events(js5, 'FILEEV', [['join', { who: 'ann' }], ['say', 'hi'], ['left']]);
        add('replicafile', 'events5-readstream', await readStream(replica, { tail: false }));
    }
    {
        const replica = model(js4, 'FILE4', values.slice(0, 5));
        const bytes = await readStream(replica, { tail: false });
        add('replicafile', 'model4-readstream-legacy-header', bytes);
        addLines('file4', bytes);
    }
    // As sbpeer writes them: digest with the type in its meta, history,
    // "SYNC", then the journal; and what crashes and old writers leave.
    const digest = { id: 'ME', clock: { ME: 1764000000002, OTHER: 1764000000001 }, meta: { type: 'model' } };
    const sbpeerFile = [
        JSON.stringify(digest),
        JSON.stringify([['a', 1], 1764000000000, 'ME']),
        JSON.stringify([['b', { c: [true] }], 1764000000001, 'OTHER']),
        JSON.stringify([['a', 2], 1764000000002, 'ME']),
        '"SYNC"',
        JSON.stringify([['d', 'journal'], 1764000000003, 'ME']),
        JSON.stringify([['b'], 1764000000004, 'ME']),
        '',
    ].join('\n');
    add('replicafile', 'sbpeer-model', sbpeerFile);
    add('replicafile', 'sbpeer-model-torn', sbpeerFile + '[["e",5],17640000');
    add('replicafile', 'sbpeer-model-unterminated', sbpeerFile + JSON.stringify([['e', 5], 1764000000005, 'ME']));
    add('replicafile', 'sbpeer-events',
        [JSON.stringify({ id: 'EV', clock: { EV: 1764000000001 }, meta: { type: 'events' } }),
         JSON.stringify([['join', { who: 'ann' }], 1764000000000, 'EV']),
         JSON.stringify([['left'], 1764000000001, 'EV']),
         '"SYNC"', ''].join('\n'));
    add('replicafile', 'sbpeer-model-4x-journal',
        [JSON.stringify({ id: 'ME4', clock: {}, meta: { type: 'model' } }), '"SYNC"',
         JSON.stringify(['k', 'v', 1764000000000, 'ME4']),
         JSON.stringify(['k', null, 1764000000001, 'ME4']), ''].join('\n'));
    add('replicafile', 'empty', '');

    // ------------------------------------------------------------ JSON edges
    const edges = ['-0', '1e21', '1e-7', '123456789012345680000', '0.000001', '5e-324',
        '1.7976931348623157e308', '"\\ud800"', '"\\udc00\\ud800"', '"\\u2028"', '"\\u0000\\u001f\\u007f"',
        '{"__proto__":{"polluted":true},"a":1}', '{"2":1,"1":2,"b":3,"a":4}', '{"4294967295":1,"4294967294":2}',
        ' [ 1 , 2 ] ', '[]', '{}', '""', 'true', 'null', '[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]',
        '"\\/\\b\\f\\n\\r\\t\\"\\\\"', '1E2', '-1.5e-10', '{"a":{"a":{"a":{}}}}'];
    edges.forEach((text, i) => add('jsoncodec', `edge-${String(i).padStart(2, '0')}`, text));
    const updateEdges = ['[["k"],1,"S"]', '[["k",null],1,"S"]', '["k",null,1,"S"]',
        '[["k",1],1700000000000.5,"S","c2lnbmF0dXJl"]', '["k",1,1700000000000.5,"S","c2ln"]',
        '[["k",{"b":1,"a":2}],1e+21,"S"]', '[["k",1], 1,"S"]', '[["k\\u0001",1],1,"S"]',
        '[["__proto__",1],1,"S"]', '[["k",1],1,"__proto__"]', '[["k",{"10":1,"9":2}],1,"S"]'];
    updateEdges.forEach((text, i) => add('updatescanner', `edge-${String(i).padStart(2, '0')}`, text));

    // Inputs that once broke an invariant (bugs since fixed): kept as seeds.
    add('updatescanner', 'depth-limit-skips-update-frame-4x', '["k",1,1700000000000,"S"]');
    add('updatescanner', 'depth-limit-skips-update-frame-5x', '[["k",1],1700000000000,"S"]');
    add('stream', '4x-update-at-depth-limit-relayed-deeper-in-5x',
        `{"id":"R","clock":{}}\n["k",${'['.repeat(63)}${']'.repeat(63)},1700000000000,"R"]\n"SYNC"\n`);
    add('stream', 'forged-own-source-at-the-end-of-time',
        '{"id":"EVIL","clock":{}}\n[["x",1],1.7976931348623157e+308,"LOCAL","forged"]\n"SYNC"\n');

    for (const [target, seeds] of Object.entries(corpora)) {
        const dir = path.join(corpusDir, target);
        fs.rmSync(dir, { recursive: true, force: true });
        fs.mkdirSync(dir, { recursive: true });
        for (const [name, bytes] of seeds)
            fs.writeFileSync(path.join(dir, name), bytes);
        console.log(`corpus/${target}: ${seeds.size} seeds`);
    }
}

main().then(() => process.exit(0), (error) => {
    console.error(error);
    process.exit(1);
});
