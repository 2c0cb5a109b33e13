// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"
#include "scuttlebutt.h"

#include <QString>

#include <optional>

namespace sb {

// How a ReplicaFile reads its file, writes to it and keeps it small.
struct ReplicaFileOptions
{
    // When an applied update becomes durable (ReplicaFile::durable). In both
    // modes every update is written to the kernel as it is applied, so a crash
    // of the process (even SIGKILL) loses nothing that was applied.
    //  - EveryUpdate: each update is fsynced before it is acknowledged; an
    //    acknowledged update survives a power loss or kernel crash. Updates
    //    arriving during one fsync share the next one.
    //  - GroupCommit: fsync at most every groupCommitMs; a power loss can lose
    //    the updates of that window (plus one fsync), never an acknowledged one.
    enum class Durability { EveryUpdate, GroupCommit };
    // ReadOnly never writes, locks or truncates the file: for inspecting a
    // file another process owns, or a damaged one.
    enum class Access { ReadWrite, ReadOnly };
    // Strict refuses a file with a bad line (other than a torn last line).
    // Salvage, for ReadOnly only, skips bad lines and lists them in the report,
    // so that what is readable can be saved elsewhere with saveCopy().
    enum class Recovery { Strict, Salvage };

    Access access = Access::ReadWrite;
    Recovery recovery = Recovery::Strict;
    Durability durability = Durability::GroupCommit;
    int groupCommitMs = 50;

    // The dialect updates are written in; Auto keeps the dialect the file
    // already has (5.x for a new file). A file in another dialect is
    // rewritten in this one when opened read-write.
    Dialect::Choice dialect = Dialect::Choice::V5;
    // The replica type, a name ReplicaTypes knows; empty takes it from the
    // file's digest meta ({"type":"model"}), and a file without it is a Model.
    QString type;
    // The id of a new file (random when empty). An existing file keeps its id;
    // one that holds another id than a non-empty id here is refused.
    QString id;

    // The journal (updates after "SYNC") is compacted into a fresh snapshot
    // when it passes either threshold; 0 turns a threshold off.
    qint64 compactTailBytes = 8 * 1024 * 1024;
    qint64 compactTailLines = 0;
    // After a failed write or compaction, try again after this delay, doubling
    // up to retryMaxMs.
    int retryInitialMs = 1000;
    int retryMaxMs = 30000;

    // A longer line is an error (a last line without newline is only torn).
    qsizetype maxLineLength = 64 * 1024 * 1024;
};

} // namespace sb
