// SPDX-License-Identifier: MIT
'use strict';
// Shared helpers of sbpeer's node scripts: the test runner (tests/interop/lib/runner.js), a
// temporary folder per test (key stores, trust lists, PEM files), sbpeer child
// processes, and real npm scuttlebutt peers over TCP on 127.0.0.1 port 0.
// Every test's context owns what it starts and removes it all, pass or fail.
//
// Usage from a script: const { Suite, ... } = require('./lib/harness');
//                      node script.js /path/to/sbpeer

const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const util = require('util');
const runner = require('../../interop/lib/runner');
const { SbPeerChild } = require('../../interop/lib/sbpeerchild');
const { Failure, show, expect, expectEqual, delay, until, withTimeout } = runner;

const nodeModules = path.join(__dirname, '..', '..', 'interop', 'node_modules');

// The npm package under test: required by absolute path, loaded on first use.
function npm(name) {
    return require(path.join(nodeModules, name));
}

// Absolute: sbpeer runs in each test's own folder.
const sbpeerPath = process.argv[2] && path.resolve(process.argv[2]);

class Suite extends runner.Suite {
    constructor(name) {
        super(name, { kind: 'security', sbpeerPath, makeContext: (title) => new Context(title) });
    }
}

// ------------------------------------------------------------ sbpeer

// One sbpeer child process, its output split in lines as it comes. Its HOME
// and XDG_DATA_HOME are the test's folder: the default key store is never the
// user's.
class SbPeer extends SbPeerChild {
    constructor(context, label, args, input) {
        const env = { ...process.env, HOME: context.home, XDG_DATA_HOME: path.join(context.home, 'data') };
        super(context, label, sbpeerPath, args, { env, cwd: context.dir, input });
    }

    // The replica a peer started with --stdin holds now, asked with "dump".
    async dump() {
        const from = this.stdoutLines.length;
        const dumped = (line) => line.startsWith('{');
        this.send('dump');
        await until(() => this.stdoutLines.slice(from).some(dumped), `${this.label} to dump its replica`);
        return JSON.parse(this.stdoutLines.slice(from).find(dumped));
    }

    // Resolves once the peer's replica is expected; fails after timeoutMs.
    async untilHolds(expected, what, timeoutMs = 5000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const held = await this.dump();
            if (util.isDeepStrictEqual(held, expected))
                return;
            if (Date.now() > deadline)
                throw new Failure(`${what}: expected ${show(expected)}, held ${show(held)}`);
            await delay(50);
        }
    }

    // The peer's resident memory and CPU time so far, from /proc.
    usage() {
        const status = fs.readFileSync(`/proc/${this.process.pid}/status`, 'utf8');
        const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
        const fields = fs.readFileSync(`/proc/${this.process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
        const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime
        return { rssBytes: rssKb * 1024, cpuSeconds: ticks / 100 };
    }

    // Lines of stderr matching pattern.
    said(pattern) {
        return this.stderrLines.filter((line) => pattern.test(line));
    }
}

// ------------------------------------------------------------ a test's context

class Context {
    constructor(title) {
        this.title = title;
        this.children = [];
        this.servers = [];
        this.sockets = [];
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sbsecurity-'));
        this.home = path.join(this.dir, 'home');
        fs.mkdirSync(this.home);
    }

    file(name) {
        return path.join(this.dir, name);
    }

    write(name, text) {
        fs.writeFileSync(this.file(name), text);
        return this.file(name);
    }

    read(name) {
        return fs.readFileSync(this.file(name), 'utf8');
    }

    // Runs sbpeer ARGS to its end; resolves with { code, stdout, stderr } (lines).
    async run(args, { input, timeoutMs = 15000 } = {}) {
        const peer = new SbPeer(this, `sbpeer ${args[0]}`, args, input === undefined ? '' : input);
        await withTimeout(peer.closed, timeoutMs, `sbpeer ${args.join(' ')} to finish`);
        return {
            code: peer.exitCode,
            stdout: peer.stdoutLines.filter((line) => line.length > 0),
            stderr: peer.stderrLines.filter((line) => line.length > 0),
            text: peer.stdout.text,
            peer,
        };
    }

    // Runs sbpeer ARGS and expects exit 0; resolves with its stdout lines.
    async ok(args, options) {
        const result = await this.run(args, options);
        if (result.code !== 0)
            throw new Failure(`sbpeer ${args.join(' ')} exited with ${result.code}: ${show(result.stderr)}`);
        return result.stdout;
    }

    // "FIELD value" lines (keygen, key import, trust add) as an object.
    async fields(args, options) {
        const lines = await this.ok(args, options);
        return Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(' ')), line.slice(line.indexOf(' ') + 1)]));
    }

    // sbpeer ARGS, running: for connect --stdin and the like.
    spawn(args, label = `sbpeer ${args[0]}`) {
        return new SbPeer(this, label, args);
    }

    // sbpeer serve --listen 127.0.0.1:0 ARGS; resolves once it is listening.
    async serve(args = [], label = 'sbpeer serve') {
        const peer = new SbPeer(this, label, ['serve', '--listen', '127.0.0.1:0', ...args]);
        const line = await peer.waitForStdout((text) => text.startsWith('listening '), '"listening HOST:PORT"');
        peer.port = Number(/:(\d+)$/.exec(line)[1]);
        return peer;
    }

    // sbpeer sync 127.0.0.1:PORT ARGS to its end: { code, replica, stderr, peer }.
    async sync(port, args = [], label = 'sbpeer sync') {
        const peer = new SbPeer(this, label, ['sync', `127.0.0.1:${port}`, '--timeout', '10', ...args], '');
        await withTimeout(peer.closed, 15000, `${label} to finish`);
        const printed = peer.stdoutLines.filter((line) => line.length > 0);
        const replica = peer.exitCode === 0 && printed.length === 1 ? JSON.parse(printed[0]) : undefined;
        return { code: peer.exitCode, replica, stderr: peer.stderrLines.filter((line) => line.length > 0), peer };
    }

    // Like sync, but fails unless sbpeer exits 0 with its replica.
    async syncOk(port, args = [], label = 'sbpeer sync') {
        const result = await this.sync(port, args, label);
        if (result.code !== 0 || result.replica === undefined)
            throw new Failure(`${label} ${result.peer.args.join(' ')} ${result.peer.endText()}: ${show(result.stderr)}`);
        return result;
    }

    // A JS server: each accepted socket gets replica.createStream(). Resolves with its port.
    jsServer(replica) {
        const server = net.createServer((socket) => {
            this.sockets.push(socket);
            pipeStream(replica, socket);
        });
        this.servers.push(server);
        return new Promise((resolve, reject) => {
            server.on('error', reject);
            server.listen(0, '127.0.0.1', () => resolve(server.address().port));
        });
    }

    // A JS client of replica; the returned stream has a promise "synced".
    jsClient(port, replica) {
        const socket = net.connect(port, '127.0.0.1');
        this.sockets.push(socket);
        return pipeStream(replica, socket);
    }

    // A raw TCP client writing each message as one JSON line: a forger.
    async rawClient(port, messages) {
        const socket = net.connect(port, '127.0.0.1');
        this.sockets.push(socket);
        await new Promise((resolve, reject) => {
            socket.once('connect', resolve);
            socket.once('error', reject);
        });
        socket.on('error', () => {});
        socket.on('data', () => {});
        for (const message of messages)
            socket.write(JSON.stringify(message) + '\n');
        return socket;
    }

    async cleanup() {
        await Promise.all(this.children.map((child) => child.stop()));
        for (const socket of this.sockets)
            socket.destroy();
        await Promise.all(this.servers.map((server) => new Promise((resolve) => server.close(resolve))));
        if (!process.env.SECURITY_KEEP)
            fs.rmSync(this.dir, { recursive: true, force: true });
    }

    sanitizerReports() {
        return this.children.flatMap((peer) => peer.stderrLines.filter((line) => /AddressSanitizer|LeakSanitizer|runtime error:/.test(line)));
    }

    printLogs() {
        for (const peer of this.children) {
            console.log(`    ${peer.label}: ${peer.args.join(' ')} (${peer.running ? 'running' : peer.endText()})`);
            for (const line of peer.stdoutLines.slice(-5))
                console.log(`      stdout: ${line}`);
            for (const line of peer.stderrLines.slice(-10))
                console.log(`      stderr: ${line}`);
        }
    }
}

// replica.createStream() piped both ways through socket; stream.synced resolves on 'synced'.
function pipeStream(replica, socket) {
    const stream = replica.createStream();
    stream.synced = new Promise((resolve) => stream.once('synced', resolve));
    socket.on('error', () => {});
    stream.on('error', () => {});
    socket.pipe(stream).pipe(socket);
    return stream;
}

// The Model's keys and values, as sbpeer sync prints them.
function stateOf(model) {
    return model.toJSON();
}

module.exports = { Suite, Failure, npm, expect, expectEqual, show, until, delay, withTimeout, stateOf };
