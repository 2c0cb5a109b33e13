// SPDX-License-Identifier: MIT
#pragma once

#include "replicafileerror.h"

#include <QList>

#include <optional>

namespace sb {

class Dialect;

// What reading a replica file found: its shape (which a ReplicaFile uses to
// decide whether to rewrite it) and what was dropped or skipped.
struct ReplicaFileReport
{
    qint64 fileSize = 0;
    qint64 validSize = 0; // bytes up to the end of the last good line
    qint64 lines = 0;     // lines read, a torn last line not counted
    qint64 updates = 0;   // update lines taken in (applied, or older than held)

    bool created = false;   // the file was absent or empty: a new replica
    bool hasDigest = false; // the first line is a {id, clock} digest
    bool digestHasId = false;
    bool legacyHeader = false; // npm scuttlebutt 4.x createReadStream: the id as a JSON string
    bool typeRecorded = false; // the digest's meta says model or events
    bool hasSync = false;
    bool lastLineUnterminated = false; // the last line is whole but lacks its newline
    // The dialects the updates are written in, in the order first met.
    QList<const Dialect *> updateDialects;
    // The journal: what follows "SYNC" (everything after the header without one).
    qint64 tailBytes = 0;
    qint64 tailLines = 0;

    // The last line, cut short by a crash: dropped, never loaded.
    std::optional<ReplicaFileError> tornLine;
    // Bad lines skipped when salvaging.
    QList<ReplicaFileError> skippedLines;
};

} // namespace sb
