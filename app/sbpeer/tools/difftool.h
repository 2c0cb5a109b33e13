// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"
#include "peercommand.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

// sbpeer diff A B: compares two replicas, each a replica file or a peer at
// HOST:PORT read without changing it (see DiffSide), and prints what
// sb::ReplicaDiff finds, like diff(1) or with --json as one JSON object.
// Exit status 0 when equal, 1 when they differ, 2 on bad usage or when a side
// cannot be read (a message on stderr names the side and why).
namespace DiffTool {

// What sbpeer diff was asked, checked and typed.
struct Options
{
    QString a;
    QString b;
    bool json = false;
    QString type; // empty: a file's, else model
    sb::Dialect::Choice dialect = sb::Dialect::Choice::V5;
    int timeoutSeconds = 30;
    PeerCommand security; // only its --tls, --trust and --key-dir
};

// One option of sbpeer diff: its name without dashes and the name of its
// value (empty: a flag).
struct OptionDoc
{
    QString name;
    QString valueName;
};

bool handles(const QStringList &arguments);
// The option table, in the order the usage lists it.
QList<OptionDoc> optionDocs();
// What a bad diff command line prints after its message.
QString usage();
// Parses arguments ("diff A B ...", without the program name). Errors explain
// themselves.
sb::Result<Options> parseOptions(const QStringList &arguments);
int run(const QStringList &arguments);

} // namespace DiffTool
