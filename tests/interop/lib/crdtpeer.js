// SPDX-License-Identifier: MIT
'use strict';
// A real npm crdt 3.6.4 Doc for the C++ tests of sblib's Doc (not a mock):
//   node crdtpeer.js ID
// listens on 127.0.0.1 port 0 and prints "listening PORT"; each stdin line is
// a JSON command, answered (when it asks) by one JSON line:
//   ["set", rowId, changes]            doc.set
//   ["rm", rowId]                      doc.rm
//   ["push", field, value, row]        createSeq(field, value).push(row)
//   ["unshift", field, value, row]     ... .unshift(row)
//   ["after", field, value, rowId, afterId]   ... .after(rowId, afterId)
//   ["state", field, value]            prints {"json": toJSON() as text,
//                                       "set": ids of createSet(field, value).toJSON(),
//                                       "seq": ids of createSeq(field, value).toJSON(),
//                                       "history": history()}
const net = require('net');
const path = require('path');
const readline = require('readline');

const crdt = require(path.join(__dirname, '..', 'node_modules', 'crdt'));
const doc = new crdt.Doc(process.argv[2]);

const server = net.createServer((socket) => {
    const stream = doc.createStream();
    socket.on('error', () => {});
    stream.on('error', () => socket.destroy());
    socket.pipe(stream).pipe(socket);
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));

const commands = {
    set: (rowId, changes) => doc.set(rowId, changes),
    rm: (rowId) => doc.rm(rowId),
    push: (field, value, row) => doc.createSeq(field, value).push(row),
    unshift: (field, value, row) => doc.createSeq(field, value).unshift(row),
    after: (field, value, rowId, afterId) => doc.createSeq(field, value).after(rowId, afterId),
    state: (field, value) => console.log(JSON.stringify({
        json: JSON.stringify(doc.toJSON()),
        set: doc.createSet(field, value).toJSON().map((row) => row.id),
        seq: doc.createSeq(field, value).toJSON().map((row) => row.id),
        history: doc.history(),
    })),
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [name, ...args] = JSON.parse(line);
    commands[name](...args);
});
process.stdin.on('end', () => process.exit(0));
