// SPDX-License-Identifier: MIT
'use strict';
// One sbpeer child process of a test, its output split in lines as it comes:
// the part that tests/interop/lib/peers.js and tests/sbpeer/lib/harness.js
// share. Each test's context owns it (context.children) and stops it.

const { spawn } = require('child_process');
const { liveChildren, Failure, show, delay, until, collectLines } = require('./runner');

class SbPeerChild {
    // options: env and cwd of the child; input, when given, is written to its
    // stdin and stdin closed.
    constructor(context, label, sbpeerPath, args, { env, cwd, input } = {}) {
        this.label = label;
        this.args = args;
        this.stdoutLines = [];
        this.stderrLines = [];
        this.stdout = { text: '' }; // as written, for PEM text
        this.process = spawn(sbpeerPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env, cwd });
        liveChildren.add(this.process);
        context.children.push(this);
        this.exited = new Promise((resolve) => {
            this.process.on('exit', (code, signal) => {
                liveChildren.delete(this.process);
                this.exitCode = code;
                this.exitSignal = signal;
                resolve(code);
            });
            this.process.on('error', (error) => {
                this.spawnError = error;
                liveChildren.delete(this.process);
                resolve(-1);
            });
        });
        this.closed = Promise.all([
            collectLines(this.process.stdout, this.stdoutLines, this.stdout),
            collectLines(this.process.stderr, this.stderrLines),
            this.exited,
        ]);
        this.process.stdin.on('error', () => {});
        if (input !== undefined)
            this.process.stdin.end(input);
    }

    get running() {
        return this.exitCode === undefined && !this.spawnError;
    }

    endText() {
        if (this.spawnError)
            return `could not start (${this.spawnError.message})`;
        return this.exitSignal ? `was killed by ${this.exitSignal}` : `exited with ${this.exitCode}`;
    }

    // Writes one command line to sbpeer's stdin (--stdin).
    send(line) {
        this.process.stdin.write(line + '\n');
    }

    // The first stdout line from index `from` on that matches predicate.
    async waitForStdout(predicate, what, timeoutMs = 5000, from = 0) {
        let found;
        await until(() => {
            found = this.stdoutLines.slice(from).find(predicate);
            if (found === undefined && !this.running)
                throw new Failure(`${this.label} ${this.endText()} before printing ${what}; stderr: ${show(this.stderrLines)}`);
            return found !== undefined;
        }, `${this.label} to print ${what}`, timeoutMs);
        return found;
    }

    async waitForStderr(pattern, timeoutMs = 5000) {
        let found;
        await until(() => {
            found = this.stderrLines.find((line) => pattern.test(line));
            return found !== undefined;
        }, () => `${this.label} to say ${pattern} on stderr; it said ${show(this.stderrLines)}`, timeoutMs);
        return found;
    }

    async stop(timeoutMs = 3000) {
        if (this.running) {
            this.process.kill('SIGTERM');
            const stopped = await Promise.race([this.exited.then(() => true), delay(timeoutMs).then(() => false)]);
            if (!stopped)
                this.process.kill('SIGKILL');
        }
        await this.closed;
    }
}

module.exports = { SbPeerChild };
