// SPDX-License-Identifier: MIT
'use strict';
// Replica files both ways between sbpeer --file and the real npm scuttlebutt:
// a file sbpeer wrote (journal after a SIGKILL, or compacted on exit; 5.x and
// 4.x dialect; Model and Events) loads in node through createWriteStream
// (5.6.15) or createStream (4.1.1), and a file node wrote with
// createReadStream (tail or not; 5.6.15 and 4.1.1) loads in sbpeer. Each test
// compares the final states, not the lines.
//
// Usage: node js-files.js /path/to/sbpeer

const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');
const { isDeepStrictEqual } = require('util');

const modules = path.join(__dirname, '../interop/node_modules');
const js5 = {
    Model: require(path.join(modules, 'scuttlebutt/model')),
    Events: require(path.join(modules, 'scuttlebutt/events')),
};
const js4 = {
    Model: require(path.join(modules, 'scuttlebutt4/model')),
    Events: require(path.join(modules, 'scuttlebutt4/events')),
};

const sbpeer = process.argv[2];
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-js-files-'));
const children = new Set();
process.on('exit', () => {
    for (const child of children)
        child.kill('SIGKILL');
    fs.rmSync(workDir, { recursive: true, force: true });
});

function expectEqual(actual, expected, what) {
    if (!isDeepStrictEqual(actual, expected))
        throw new Error(`${what}:\n      expected ${JSON.stringify(expected)}\n      actual   ${JSON.stringify(actual)}`);
}

function expect(condition, what) {
    if (!condition)
        throw new Error(what);
}

function withTimeout(promise, ms, what) {
    let timer;
    return Promise.race([
        promise.finally(() => clearTimeout(timer)),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); }),
    ]);
}

let fileCount = 0;
function newFile() {
    return path.join(workDir, `replica-${++fileCount}.sb`);
}

function linesOf(file) {
    return fs.readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
}

// Runs `sbpeer serve --file file --stdin`, sends commands, waits until every
// set/emit is acknowledged (or the dump is printed), then ends it with 'quit'
// (compacting the file) or SIGKILL (leaving the journal as it is).
function runSbpeer(file, args, commands, { end = 'quit' } = {}) {
    const child = spawn(sbpeer, ['serve', '--listen', '127.0.0.1:0', '--file', file, '--stdin', ...args],
                        { stdio: ['pipe', 'pipe', 'pipe'] });
    children.add(child);
    const expectedAcks = commands.filter((c) => /^(set|emit) /.test(c)).length;
    const wantsDump = commands.includes('dump');
    let out = '';
    let err = '';
    const done = new Promise((resolve, reject) => {
        let started = false;
        const check = () => {
            const lines = out.split('\n');
            if (!started && lines[0].startsWith('listening ') && out.includes('\n')) {
                started = true;
                child.stdin.write(commands.map((c) => c + '\n').join(''));
            }
            const acks = lines.filter((l) => l.startsWith('ack ')).length;
            const dumped = lines.slice(1).some((l) => l.startsWith('{') || l.startsWith('['));
            if (started && acks === expectedAcks && (!wantsDump || dumped) && !child.finishing) {
                child.finishing = true;
                if (end === 'kill')
                    child.kill('SIGKILL');
                else
                    child.stdin.write('quit\n');
            }
        };
        child.stdout.on('data', (data) => { out += data; check(); });
        child.stderr.on('data', (data) => { err += data; });
        child.on('exit', (code, signal) => {
            children.delete(child);
            if (end === 'kill' ? signal === 'SIGKILL' : code === 0)
                resolve({ lines: out.split('\n').filter((l) => l !== ''), err });
            else
                reject(new Error(`sbpeer ended with ${code ?? signal}: ${err}`));
        });
    });
    return withTimeout(done, 20000, `sbpeer ${args.join(' ')}`);
}

// The replica in a file, as sbpeer loads it (from a copy: sbpeer rewrites
// files of other writers into its own shape on exit).
async function loadInSbpeer(file, args = []) {
    const copy = newFile();
    fs.copyFileSync(file, copy);
    const { lines } = await runSbpeer(copy, args, ['dump']);
    return { state: JSON.parse(lines[1]), copy };
}

// Pipes a file into a node replica the way the README of each version does.
function loadInNode(file, replica, version) {
    const sink = version === 5 ? replica.createWriteStream() : replica.createStream();
    return withTimeout(new Promise((resolve, reject) => {
        const source = fs.createReadStream(file);
        source.on('error', reject);
        source.on('end', () => setTimeout(resolve, 20));
        source.pipe(sink);
    }), 10000, `loading ${file} in node`);
}

function writeFromNode(file, stream, whileStreaming) {
    return withTimeout(new Promise((resolve, reject) => {
        const out = fs.createWriteStream(file);
        out.on('error', reject);
        out.on('close', resolve);
        stream.pipe(out);
        whileStreaming();
    }), 10000, `writing ${file} from node`);
}

function liveValues(object) {
    return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null));
}

const modelCommands = [
    'set colour="blue"',
    'set count=3',
    'set nested={"list":[1,"two",null,true],"deep":{"x":-0.5,"big":1e21}}',
    'set text="h\u00e9llo \\"quoted\\" \u2028 \ud83d\ude00"',
    'set gone=1',
    'set gone=null',
    'set count=4',
];
const modelState = {
    colour: 'blue',
    count: 4,
    nested: { list: [1, 'two', null, true], deep: { x: -0.5, big: 1e21 } },
    text: 'h\u00e9llo "quoted" \u2028 \ud83d\ude00',
};
const eventCommands = ['emit join={"who":"ann"}', 'emit say="hi"', 'emit say="hi"', 'emit leave=[1,null]'];
const eventState = [['join', { who: 'ann' }], ['say', 'hi'], ['say', 'hi'], ['leave', [1, null]]];

const tests = [];
function test(name, body) {
    tests.push({ name, body });
}

test('a Model file sbpeer left after SIGKILL (journal after SYNC) loads in node 5.x', async () => {
    const file = newFile();
    await runSbpeer(file, ['--durability', 'every'], modelCommands, { end: 'kill' });
    const lines = linesOf(file);
    expect(lines.indexOf('"SYNC"') === 1 && lines.length === 2 + modelCommands.length,
           `expected a digest, "SYNC" and a journal, got ${lines.length} lines`);
    const model = new js5.Model();
    await loadInNode(file, model, 5);
    expectEqual(model.toJSON(), modelState, 'node 5.x Model');
});

test('a Model file sbpeer compacted on exit loads in node 5.x', async () => {
    const file = newFile();
    await runSbpeer(file, [], modelCommands);
    expectEqual(linesOf(file).slice(-1)[0], '"SYNC"', 'the last line of a compacted file');
    const model = new js5.Model();
    await loadInNode(file, model, 5);
    expectEqual(model.toJSON(), modelState, 'node 5.x Model');
});

test('an Events file sbpeer wrote loads in node 5.x', async () => {
    const file = newFile();
    await runSbpeer(file, ['--type', 'events'], eventCommands.slice(0, 2));
    await runSbpeer(file, [], eventCommands.slice(2), { end: 'kill' }); // the type is in the file
    const events = new js5.Events();
    await loadInNode(file, events, 5);
    expectEqual(events.history().map((update) => update[0]), eventState, 'node 5.x Events history');
});

test('a 4.x-dialect Model file sbpeer wrote loads in node 4.x', async () => {
    const file = newFile();
    await runSbpeer(file, ['--file-dialect', '4'], modelCommands, { end: 'kill' });
    expect(linesOf(file).slice(2).every((line) => line.startsWith('["')), 'every update in 4.x form');
    const model = new js4.Model();
    await loadInNode(file, model, 4);
    expectEqual(liveValues(model.toJSON()), modelState, 'node 4.x Model');
});

test('a 4.x-dialect Events file sbpeer wrote loads in node 4.x', async () => {
    const file = newFile();
    await runSbpeer(file, ['--type', 'events', '--file-dialect', '4'], eventCommands);
    const events = new js4.Events();
    await loadInNode(file, events, 4);
    expectEqual(events.history().map((update) => [update[0], update[1]]), eventState, 'node 4.x Events history');
});

test('a Model file node 5.x wrote with createReadStream (tail) loads in sbpeer', async () => {
    const file = newFile();
    const model = new js5.Model('NODEFILE');
    model.set('colour', 'red').set('count', 1).set('gone', true);
    await writeFromNode(file, model.createReadStream(), () => {
        setTimeout(() => {
            model.set('count', 2).set('gone', null).set('late', { a: [1] });
            setTimeout(() => model.dispose(), 20);
        }, 20);
    });
    const lines = linesOf(file);
    expect(lines.indexOf('"SYNC"') > 0 && lines.indexOf('"SYNC"') < lines.length - 1,
           `expected updates after "SYNC": ${lines.join(' | ')}`);
    const { state, copy } = await loadInSbpeer(file);
    expectEqual(state, model.toJSON(), 'sbpeer state');
    expect(linesOf(copy)[0].startsWith('{"id":"NODEFILE",'), 'sbpeer keeps the id of the file');
});

test('a Model file node 5.x wrote with createReadStream({tail: false}) loads in sbpeer', async () => {
    const file = newFile();
    const model = new js5.Model();
    for (const [key, value] of Object.entries(modelState))
        model.set(key, value);
    await writeFromNode(file, model.createReadStream({ tail: false }), () => {});
    expectEqual(linesOf(file).slice(-1)[0], '"SYNC"', 'the last line node wrote');
    const { state } = await loadInSbpeer(file);
    expectEqual(state, modelState, 'sbpeer state');
});

test('an Events file node 5.x wrote loads in sbpeer --type events', async () => {
    const file = newFile();
    const events = new js5.Events();
    events.emit('join', { who: 'ann' });
    events.emit('say', 'hi');
    await writeFromNode(file, events.createReadStream(), () => {
        setTimeout(() => {
            events.emit('say', 'hi');
            events.emit('leave', [1, null]);
            setTimeout(() => events.dispose(), 20);
        }, 20);
    });
    const { state } = await loadInSbpeer(file, ['--type', 'events']);
    expectEqual(state, eventState, 'sbpeer Events');
});

test('a file node 4.x wrote with createReadStream (id line, 4.x updates) loads in sbpeer', async () => {
    const file = newFile();
    const model = new js4.Model('NODE4');
    for (const [key, value] of Object.entries(modelState))
        model.set(key, value);
    await writeFromNode(file, model.createReadStream({ tail: false }), () => {});
    expectEqual(linesOf(file)[0], '"NODE4"', 'the first line node 4.x wrote');
    const { state, copy } = await loadInSbpeer(file);
    expectEqual(state, modelState, 'sbpeer state');
    expect(linesOf(copy)[0].startsWith('{"id":"NODE4",'), 'sbpeer keeps the id of the file');
});

test('a 4.x wire stream node 4.x wrote to a file loads in sbpeer', async () => {
    const file = newFile();
    const model = new js4.Model('NODE4WIRE');
    model.set('colour', 'green');
    model.set('count', 5);
    const stream = model.createStream();
    await writeFromNode(file, stream, () => {
        stream.write(JSON.stringify({ id: 'reader', clock: {} }) + '\n'); // asks for the history
        setTimeout(() => {
            model.set('count', 6);
            setTimeout(() => stream.end(), 20);
        }, 20);
    });
    const lines = linesOf(file);
    expect(lines.includes('"SYNC"') && lines.slice(1).every((l) => l === '"SYNC"' || l.startsWith('["')),
           `a digest, 4.x updates and "SYNC": ${lines.join(' | ')}`);
    const { state } = await loadInSbpeer(file);
    expectEqual(state, { colour: 'green', count: 6 }, 'sbpeer state');
});

(async () => {
    let passed = 0;
    let failed = 0;
    for (const { name, body } of tests) {
        try {
            await body();
            ++passed;
            console.log(`ok   ${name}`);
        } catch (error) {
            ++failed;
            console.log(`FAIL ${name}\n     ${error.message}`);
        }
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed === 0 ? 0 : 1);
})();
