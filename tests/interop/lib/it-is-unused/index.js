// SPDX-License-Identifier: MIT
// crdt requires it-is only from its own tests, which never run here.
module.exports = function itIsUnused() {
  throw new Error('it-is is not installed: crdt needs it only for its own tests');
};
