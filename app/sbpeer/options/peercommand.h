// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"
#include "jsonvalue.h"
#include "replicafileoptions.h"
#include "result.h"
#include "scuttlebutt.h"
#include "streamoptions.h"

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

// What the sbpeer command line asked for, checked and typed.
struct PeerCommand
{
    enum class Mode { Serve, Sync, Connect };

    Mode mode = Mode::Serve;
    QString host;
    quint16 port = 0;
    QString type = QStringLiteral("model");
    bool typeGiven = false; // --type given: a file of the other type is refused
    QString id;
    QString name;
    sb::Dialect::Choice dialect = sb::Dialect::Choice::V5;
    QList<QPair<QString, sb::JsonValue>> sets; // --set KEY=JSON, in order
    sb::JsonValue meta;
    int timeoutSeconds = 30;
    bool tail = true;
    bool readCommands = false; // --stdin
    int maxPeers = 256;
    int maxPeersPerAddress = 32;
    // Deadlines in ms (0: none), as in sb::StreamOptions.
    int handshakeTimeoutMs = sb::StreamOptions().handshakeTimeoutMs;
    int lineTimeoutMs = sb::StreamOptions().lineTimeoutMs;
    int idleTimeoutMs = sb::StreamOptions().idleTimeoutMs;
    qsizetype maxLineLength = 4 * 1024 * 1024;
    qint64 maxClockSkewMs = sb::Scuttlebutt::kDefaultMaxClockSkewMs; // 0: no limit
    qint64 maxQueuedBytes = sb::StreamOptions().maxQueuedBytes;
    int maxUpdatesPerSecond = 0; // 0: no limit
    QString traceFile;           // --trace: record the session there

    // --file PATH and how it is kept.
    QString file;
    sb::ReplicaFileOptions::Durability durability = sb::ReplicaFileOptions::Durability::GroupCommit;
    int groupCommitMs = sb::ReplicaFileOptions().groupCommitMs;
    sb::Dialect::Choice fileDialect = sb::Dialect::Choice::V5;
    qint64 compactBytes = sb::ReplicaFileOptions().compactTailBytes;

    // Security: signing, verification and TLS (see PeerSecurity).
    QString keyDirectory;   // --key-dir; empty: sb::KeyStore::defaultDirectory()
    QString key;            // --key NAME|PATH
    QString passphraseFile; // --passphrase-file, "-" for stdin
    QString trustFile;      // --trust; empty: the key store's trust.json
    QString tls;            // --tls NAME
    bool verify = false;    // --verify (implied by --key)

    // The options part of --help (options, persistence, security), made from the
    // same table the parser reads.
    static QString usage();
    // One serve/sync/connect option as --help shows it: its names without
    // dashes, the name of its value (empty: a flag) and the --help section
    // ("options", "persistence" or "security") it is listed in.
    struct OptionDoc
    {
        QStringList names;
        QString valueName;
        QString section;
    };
    // The option table, in the order --help lists it.
    static QList<OptionDoc> optionDocs();
    // Parses arguments (without the program name). Errors explain themselves.
    static sb::Result<PeerCommand> parse(const QStringList &arguments);
    // "KEY=JSON"
    static sb::Result<QPair<QString, sb::JsonValue>> parseAssignment(const QString &text);
};
