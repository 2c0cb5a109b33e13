// SPDX-License-Identifier: MIT
'use strict';
// A real npm scuttlebutt Model peer for the widget tests (not a mock):
//   node nodepeer.js 5|4 ID
// listens on 127.0.0.1 port 0 and prints "listening PORT"; each stdin line
// "set KEY JSON" sets a key; each change it applies, its own or a peer's, is
// printed as one line {"key","value","source"}.
const net = require('net');
const path = require('path');
const readline = require('readline');

const version = process.argv[2];
const modules = path.join(__dirname, '..', 'interop', 'node_modules');
const Model = require(path.join(modules, version === '4' ? 'scuttlebutt4' : 'scuttlebutt', 'model'));
const model = new Model(process.argv[3]);

function report(key) {
    const held = model.store[key];
    // 5.x keeps [[key, value], timestamp, source]; 4.x [key, value, timestamp, source].
    const [value, source] = version === '4' ? [held[1], held[3]] : [held[0][1], held[2]];
    console.log(JSON.stringify({ key, value, source }));
}
if (version === '4')
    model.on('update', (key) => report(key));
else
    model.on('change', (key) => report(key));

const server = net.createServer((socket) => {
    const stream = model.createStream();
    socket.on('error', () => {});
    stream.on('error', () => socket.destroy());
    socket.pipe(stream).pipe(socket);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const match = /^set (\S+) (.*)$/.exec(line);
    if (match)
        model.set(match[1], JSON.parse(match[2]));
});
process.stdin.on('end', () => process.exit(0));
