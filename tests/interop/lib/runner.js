// SPDX-License-Identifier: MIT
'use strict';
// The test runner that the node scripts share (tests/interop/lib/peers.js for
// the interop scripts, tests/sbpeer/lib/harness.js for sbpeer's signing, TLS
// and file scripts): a sequential Suite whose tests each get a context that
// owns what they start, the expectations, and the guards that keep a child
// process from outliving its script.
//
// A suite prints "KIND NAME: N passed, N failed" last, which CTest reads.

const fs = require('fs');
const util = require('util');

// Child processes alive now: none outlives its script, however the script ends.
const liveChildren = new Set();

process.on('exit', () => {
    for (const child of liveChildren)
        child.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
        console.log(`stopped by ${signal}`);
        process.exit(1);
    });
}
process.on('unhandledRejection', (error) => {
    console.log(`unhandled: ${error && error.stack ? error.stack : error}`);
    process.exit(1);
});

class Failure extends Error {}

function show(value) {
    return value === undefined ? 'undefined' : JSON.stringify(value);
}

function expectEqual(actual, expected, what) {
    if (!util.isDeepStrictEqual(actual, expected))
        throw new Failure(`${what}:\n      expected ${show(expected)}\n      actual   ${show(actual)}`);
}

function expect(condition, what) {
    if (!condition)
        throw new Failure(typeof what === 'function' ? what() : what);
}

function delay(ms) {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

// Resolves when predicate() holds, checking each few milliseconds; rejects
// with what() after timeoutMs.
async function until(predicate, what, timeoutMs = 5000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        if (predicate())
            return;
        if (Date.now() > deadline)
            throw new Failure(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}`);
        await delay(10);
    }
}

function withTimeout(promise, ms, what) {
    let timer;
    const timeout = new Promise((resolve, reject) => {
        timer = setTimeout(() => reject(new Failure(`timed out after ${ms} ms: ${what}`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Splits what readable gives into lines as it comes (and keeps the text as
// written in raw.text); resolves at its end.
function collectLines(readable, lines, raw = { text: '' }) {
    readable.setEncoding('utf8');
    let rest = '';
    return new Promise((resolve) => {
        readable.on('data', (chunk) => {
            raw.text += chunk;
            const parts = (rest + chunk).split('\n');
            rest = parts.pop();
            lines.push(...parts);
        });
        readable.on('end', () => {
            if (rest)
                lines.push(rest);
            resolve();
        });
        readable.on('error', resolve);
    });
}

// kind: the first word of the summary line ("interop", "security"); the
// environment variable KIND_ONLY runs only the tests whose title holds it.
// makeContext(title) gives a test its context: cleanup(), sanitizerReports()
// and printLogs() are called on it after the test.
class Suite {
    constructor(name, { kind, sbpeerPath, makeContext }) {
        this.name = name;
        this.kind = kind;
        this.makeContext = makeContext;
        this.tests = [];
        if (!sbpeerPath) {
            console.error(`usage: node ${name}.js /path/to/sbpeer`);
            process.exit(2);
        }
        try {
            fs.accessSync(sbpeerPath, fs.constants.X_OK);
        } catch (error) {
            console.log(`cannot run sbpeer at ${sbpeerPath}: ${error.message}`);
            console.log(`${kind} ${name}: 0 passed, 1 failed`);
            process.exit(1);
        }
    }

    test(title, body, timeoutMs = 20000) {
        this.tests.push({ title, body, timeoutMs });
    }

    // A test of a known gap, named by why: its failure is reported but not
    // counted; once it passes, it says so, to be made a plain test.
    pending(title, why, body, timeoutMs = 20000) {
        this.tests.push({ title, body, timeoutMs, pending: why });
    }

    async run() {
        let passed = 0;
        let failed = 0;
        let pending = 0;
        const only = process.env[`${this.kind.toUpperCase()}_ONLY`];
        for (const { title, body, timeoutMs, pending: why } of this.tests) {
            if (only && !title.includes(only))
                continue;
            const context = this.makeContext(title);
            const started = Date.now();
            let failure;
            try {
                await withTimeout(body(context), timeoutMs, title);
            } catch (error) {
                failure = error instanceof Failure ? error.message : error.stack;
            }
            await context.cleanup();
            // A sanitizer build of sbpeer reports on stderr, often only at exit.
            const reports = context.sanitizerReports();
            if (!failure && reports.length > 0)
                failure = `sbpeer's sanitizer reported:\n      ${reports.join('\n      ')}`;
            if (why) {
                ++pending;
                console.log(failure ? `pending ${title}\n    known gap: ${why}\n    ${failure}`
                    : `pending ${title}: it passes now; make it a plain test (was: ${why})`);
            } else if (failure) {
                ++failed;
                console.log(`FAIL ${title}\n    ${failure}`);
                context.printLogs();
            } else {
                ++passed;
                console.log(`ok   ${title} (${Date.now() - started} ms)`);
            }
        }
        const pendingText = pending ? ` (${pending} pending)` : '';
        console.log(`${this.kind} ${this.name}: ${passed} passed, ${failed} failed${pendingText}`);
        process.exit(failed === 0 && passed > 0 ? 0 : 1);
    }
}

module.exports = {
    liveChildren, Failure, show, expect, expectEqual, delay, until, withTimeout, collectLines, Suite,
};
