// SPDX-License-Identifier: MIT
'use strict';
// Shared helpers of the interop scripts: the test runner (runner.js), real
// npm scuttlebutt peers (5.6.15 and 4.1.1) over TCP on 127.0.0.1 port 0, and
// sbpeer child processes (serve, sync, connect). Every test gets a context
// that owns what it starts and tears it all down, pass or fail, so a script
// always ends by itself.
//
// Usage from a script: const { Suite, ... } = require('./lib/peers');
//                      node script.js /path/to/sbpeer

const fs = require('fs');
const net = require('net');
const util = require('util');
const runner = require('./runner');
const { SbPeerChild } = require('./sbpeerchild');
const { Failure, show, expect, expectEqual, delay, until, withTimeout, collectLines } = runner;

const js5 = {
    version: 5,
    Model: require('scuttlebutt/model'),
    Events: require('scuttlebutt/events'),
};
const js4 = {
    version: 4,
    Model: require('scuttlebutt4/model'),
    Events: require('scuttlebutt4/events'),
};

const sbpeerPath = process.argv[2];

class Suite extends runner.Suite {
    constructor(name) {
        super(name, { kind: 'interop', sbpeerPath, makeContext: (title) => new Context(title) });
    }
}

// ------------------------------------------------------------ sbpeer

// One sbpeer child process, with what the interop scripts read from it.
class SbPeer extends SbPeerChild {
    constructor(context, label, args) {
        super(context, label, sbpeerPath, args);
    }

    // Applied updates printed by connect, parsed: [[key, value], ts, source].
    updates() {
        return this.stdoutLines.filter(isUpdateLine).map((line) => JSON.parse(line));
    }

    // Sends "dump" and returns the replica it prints, parsed.
    async dump(timeoutMs = 5000) {
        const from = this.stdoutLines.length;
        this.send('dump');
        const line = await this.waitForStdout((text) => !isUpdateLine(text), 'its replica', timeoutMs, from);
        return JSON.parse(line);
    }
}

function isUpdateLine(text) {
    if (!text.startsWith('[['))
        return false;
    try {
        const message = JSON.parse(text);
        return Array.isArray(message[0]) && typeof message[1] === 'number' && typeof message[2] === 'string';
    } catch (error) {
        return false;
    }
}

// ------------------------------------------------------------ a test's context

class Context {
    constructor(title) {
        this.title = title;
        this.children = [];
        this.servers = [];
        this.sockets = [];
    }

    // sbpeer serve --listen 127.0.0.1:0 ARGS; resolves once it is listening.
    async serve(args = [], label = 'sbpeer serve') {
        const peer = new SbPeer(this, label, ['serve', '--listen', '127.0.0.1:0', ...args]);
        const line = await peer.waitForStdout((text) => text.startsWith('listening '), '"listening HOST:PORT"');
        const match = /^listening (.*):(\d+)$/.exec(line);
        expect(match, `${label} printed "${line}", not "listening HOST:PORT"`);
        peer.host = match[1];
        peer.port = Number(match[2]);
        return peer;
    }

    // sbpeer sync 127.0.0.1:PORT ARGS; resolves with its printed replica once
    // it exits 0, or fails with its stderr.
    async sync(port, args = [], label = 'sbpeer sync') {
        const peer = new SbPeer(this, label, ['sync', `127.0.0.1:${port}`, '--timeout', '10', ...args]);
        await withTimeout(peer.closed, 15000, `${label} to finish`);
        if (peer.exitCode !== 0)
            throw new Failure(`${label} ${peer.args.join(' ')} ${peer.endText()}: ${show(peer.stderrLines)}`);
        const printed = peer.stdoutLines.filter((line) => line.length > 0);
        expect(printed.length === 1, `${label} printed ${printed.length} lines, expected its replica only: ${show(printed)}`);
        peer.replica = JSON.parse(printed[0]);
        return peer;
    }

    // sbpeer sync again and again until its replica is expected (a value, or a
    // predicate): what a peer sent just before its "SYNC" may still be on its
    // way into sbpeer serve. Resolves with the last sync; the caller compares.
    async syncUntil(port, args, expected, label = 'sbpeer sync (reader)') {
        const matches = typeof expected === 'function' ? expected : (replica) => util.isDeepStrictEqual(replica, expected);
        const deadline = Date.now() + 5000;
        for (;;) {
            const peer = await this.sync(port, args, label);
            if (matches(peer.replica) || Date.now() > deadline)
                return peer;
            await delay(25);
        }
    }

    // sbpeer ARGS to its end (replay, keys): resolves with the peer, whatever its exit status.
    async run(args, label = `sbpeer ${args[0]}`) {
        const peer = new SbPeer(this, label, args);
        await withTimeout(peer.closed, 15000, `${label} to finish`);
        return peer;
    }

    // sbpeer connect 127.0.0.1:PORT --stdin ARGS; resolves once it says synced.
    async connect(port, args = [], label = 'sbpeer connect') {
        const peer = new SbPeer(this, label, ['connect', `127.0.0.1:${port}`, '--stdin', ...args]);
        await peer.waitForStderr(/: synced$/);
        return peer;
    }

    // A JS server: every accepted socket gets replica.createStream(options).
    // Resolves with { port, streams, accepted } once listening.
    jsServer(replica, options = {}) {
        const server = net.createServer((socket) => {
            this.sockets.push(socket);
            const stream = pipeStream(replica, socket, typeof options === 'function' ? options() : options);
            server.streams.push(stream);
        });
        server.streams = [];
        this.servers.push(server);
        return new Promise((resolve, reject) => {
            server.on('error', reject);
            server.listen(0, '127.0.0.1', () => {
                server.port = server.address().port;
                resolve(server);
            });
        });
    }

    // A JS client stream of replica over a new socket to 127.0.0.1:port.
    jsClient(port, replica, options = {}) {
        const socket = net.connect(port, '127.0.0.1');
        this.sockets.push(socket);
        return pipeStream(replica, socket, options);
    }

    // A raw socket to sbpeer: lines in, lines out.
    rawClient(port) {
        const socket = net.connect(port, '127.0.0.1');
        this.sockets.push(socket);
        socket.lines = [];
        socket.connected = new Promise((resolve, reject) => {
            socket.on('connect', () => {
                socket.boundPort = socket.localPort; // still known after the close
                resolve();
            });
            socket.on('error', reject);
        });
        socket.ended = new Promise((resolve) => socket.on('close', resolve));
        socket.on('error', () => {});
        collectLines(socket, socket.lines);
        return socket;
    }

    // What each sbpeer of the test said, for a failure: its command and the
    // last lines of its stderr ("synced" lines only counted). A reader run
    // many times is shown once, as its last run.
    printLogs() {
        const peers = this.children.filter((peer, i) =>
            !this.children.slice(i + 1).some((later) => later.label === peer.label && later.label.includes('reader')));
        for (const peer of peers) {
            console.log(`    ${peer.label}: sbpeer ${peer.args.join(' ')}${peer.running ? '' : ` (${peer.endText()})`}`);
            const synced = peer.stderrLines.filter((line) => /: synced$/.test(line)).length;
            const other = peer.stderrLines.filter((line) => line && !/: synced$/.test(line));
            if (synced)
                console.log(`      stderr: ${synced} "synced" lines`);
            for (const line of other.slice(-10))
                console.log(`      stderr: ${line}`);
        }
    }

    sanitizerReports() {
        const pattern = /ERROR: (Address|Leak|Thread|Memory)Sanitizer|runtime error:/;
        return this.children.flatMap((peer) => peer.stderrLines.filter((line) => pattern.test(line))
            .map((line) => `${peer.label}: ${line}`));
    }

    async cleanup() {
        for (const socket of this.sockets)
            socket.destroy();
        for (const server of this.servers)
            server.close();
        await Promise.all(this.children.map((peer) => peer.stop()));
    }
}

// Pipes replica.createStream(options) both ways over socket and records how
// the session goes: header, synced, end, errors.
function pipeStream(replica, socket, options) {
    const stream = replica.createStream(options);
    socket.setEncoding('utf8'); // whole characters, even when a chunk splits one
    stream.socket = socket;
    stream.errors = [];
    stream.on('error', (error) => stream.errors.push(error || new Error('stream error')));
    socket.on('error', (error) => stream.errors.push(error));
    stream.header = new Promise((resolve) => stream.once('header', resolve));
    stream.synced = new Promise((resolve) => stream.once('synced', resolve));
    stream.socketClosed = new Promise((resolve) => socket.on('close', resolve));
    stream.pipe(socket).pipe(stream);
    return stream;
}

// ------------------------------------------------------------ replicas

// A replica of the given dialect module (js5 or js4) and kind.
function makeModel(js, id) {
    return new js.Model(id);
}

function makeEvents(js, id) {
    return new js.Events(id);
}

function makeReplica(js, kind, id) {
    return kind === 'model' ? makeModel(js, id) : makeEvents(js, id);
}

// sbpeer's arguments that set each [key, value] of entries.
function setArgs(entries) {
    return entries.flatMap(([key, value]) => ['--set', `${key}=${JSON.stringify(value)}`]);
}

function isModel(replica) {
    return replica instanceof js5.Model || replica instanceof js4.Model;
}

function dialectOf(replica) {
    return replica instanceof js4.Model || replica instanceof js4.Events ? 4 : 5;
}

// Sets keys (Model) or emits events (Events) from a list of [key, value].
function apply(replica, entries) {
    for (const [key, value] of entries) {
        if (isModel(replica))
            replica.set(key, value);
        else
            replica.emit(key, value);
    }
}

// The update list of a replica in the 5.x shape [[key, value], ts, source]
// (4.x [key, value, ts, source] converted), sorted as history is.
function updatesOf(replica) {
    let updates = replica.history();
    if (dialectOf(replica) === 4)
        updates = updates.map((u) => [[u[0], u[1] === undefined ? null : u[1]], u[2], u[3]]);
    else
        updates = updates.map((u) => [u[0].slice(), u[1], u[2]]);
    // 4.x sorts Events by timestamp alone and Model not at all; order equal
    // timestamps by source, as 5.x and sblib do, so lists compare.
    return updates.sort((a, b) => a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
}

// What sbpeer prints for this replica: Model toJSON without deleted keys, or
// the [event, data] list of Events in history order.
function stateOf(replica) {
    if (isModel(replica)) {
        const json = replica.toJSON();
        for (const key of Object.keys(json)) {
            if (json[key] === null || json[key] === undefined)
                delete json[key]; // 4.x lists deleted keys as null
        }
        return json;
    }
    return updatesOf(replica).map((u) => u[0]);
}

function sortedEvents(list) {
    return list.map((event) => JSON.stringify(event)).sort();
}

// Whether a replica state (stateOf, or what sbpeer printed) holds what is
// expected: a Model's object, or an Events list compared as a multiset (tests
// compare the order between sides where it matters).
function holds(state, expected, kind) {
    return kind === 'model' ? util.isDeepStrictEqual(state, expected)
        : util.isDeepStrictEqual(sortedEvents(state), sortedEvents(expected));
}

// The same as a check that fails naming whose state it is.
function expectHolds(state, expected, kind, whose) {
    if (kind === 'model')
        expectEqual(state, expected, whose);
    else
        expectEqual(sortedEvents(state), sortedEvents(expected), `${whose} (events in any order)`);
}

// The clock of a JS replica, as a plain object.
function clockOf(replica) {
    return Object.assign({}, replica.sources);
}

// Timestamp of the held update of key in a JS Model.
function timestampOf(model, key) {
    const held = model.store[key];
    return held && (dialectOf(model) === 4 ? held[2] : held[1]);
}

// Connects two JS replicas in-process until both are synced (5.x or 4.x).
function syncInProcess(a, b) {
    return new Promise((resolve) => {
        const sa = a.createStream();
        const sb = b.createStream();
        let count = 0;
        const done = () => {
            if (++count === 2) {
                sa.end();
                sb.end();
                resolve();
            }
        };
        sa.once('synced', done);
        sb.once('synced', done);
        sa.pipe(sb).pipe(sa);
    });
}

// Reads what a running sbpeer serve holds: a fresh JS client (5.x unless js
// says otherwise) syncs with it; returns its digest clock, its updates and its
// state.
async function snapshot(context, port, { kind = 'model', js = js5 } = {}) {
    const replica = kind === 'model' ? new js.Model('snapshot-reader') : new js.Events('snapshot-reader');
    const stream = context.jsClient(port, replica);
    const header = await withTimeout(stream.header, 5000, 'the digest of sbpeer serve');
    await withTimeout(stream.synced, 5000, 'a snapshot sync with sbpeer serve');
    stream.socket.end();
    return { clock: header.clock, updates: updatesOf(replica), state: stateOf(replica), replica };
}

module.exports = {
    js5,
    js4,
    sbpeerPath,
    Suite,
    Failure,
    expect,
    expectEqual,
    until,
    delay,
    withTimeout,
    makeModel,
    makeReplica,
    setArgs,
    sortedEvents,
    holds,
    expectHolds,
    makeEvents,
    isModel,
    dialectOf,
    apply,
    updatesOf,
    stateOf,
    clockOf,
    timestampOf,
    syncInProcess,
    snapshot,
    show,
};
