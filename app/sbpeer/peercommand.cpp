// SPDX-License-Identifier: MIT
#include "peercommand.h"

#include "hostport.h"
#include "jsoncodec.h"
#include "replicatypes.h"

using namespace sb;

QString PeerCommand::usage()
{
    return QStringLiteral(
            "usage: sbpeer serve --listen HOST:PORT [options]\n"
            "       sbpeer sync HOST:PORT [options] [--timeout SEC]\n"
            "       sbpeer connect HOST:PORT [options]\n"
            "       sbpeer replay FILE.sbtrace\n"
            "       sbpeer diff A B [--json]   (A and B each HOST:PORT or a replica file)\n"
            "       sbpeer keygen|key|trust|tls-cert ...   (keys and trust, below)\n"
            "       sbpeer --help | --version\n"
            "\n"
            "serve    accept any number of peers until SIGINT/SIGTERM; prints 'listening "
            "HOST:PORT'\n"
            "sync     replicate both ways until synced, print the replica as one JSON line, exit "
            "0\n"
            "connect  like sync, but stay connected and print each applied update as a JSON line\n"
            "replay   print, as sync does, the replica a trace (--trace) leads to\n"
            "diff     compare two replicas read-only; exit 0 equal, 1 different, 2 error\n"
            "\n"
            "options:\n"
            "  --type TYPE           replica type: model (default), events, or doc (npm crdt)\n"
            "  --id ID               replica id (default: random, like npm scuttlebutt)\n"
            "  --dialect auto|5|4    dialect we write (default 5); every mode reads both, and\n"
            "                        auto answers in the peer's dialect once it has seen it\n"
            "  --set KEY=JSON        set a key (model), emit an event (events) or set a row's\n"
            "                        fields (doc: an object; null removes the row); repeatable\n"
            "  --meta JSON           meta value sent in our digest\n"
            "  --name NAME           label for the peer in messages\n"
            "  --timeout SEC         sync: give up after SEC seconds (default 30)\n"
            "  --no-tail             connect: close once synced\n"
            "  --stdin               read commands from standard input: 'set KEY=JSON',\n"
            "                        'emit EVENT=JSON', 'rm KEY' (a model key or a doc row),\n"
            "                        'dump' (print the replica), 'quit'\n"
            "  --max-peers N         serve: at most N peers (default 256); beyond, the longest\n"
            "                        idle peer not past its handshake (its digest and \"SYNC\")\n"
            "                        is closed to make room, else the new one is refused\n"
            "  --max-peers-per-address N\n"
            "                        serve: the same for the peers of one address, or of one\n"
            "                        IPv6 /64 (default 32)\n"
            "  --handshake-timeout SEC\n"
            "                        close a peer whose digest (and TLS handshake) is not done\n"
            "                        within SEC seconds (default 10; 0: no deadline)\n"
            "  --line-timeout SEC    close a peer that begins a line and does not end it within\n"
            "                        SEC seconds (default 30; 0: no deadline)\n"
            "  --idle-timeout SEC    close a peer that sends nothing for SEC seconds before its\n"
            "                        \"SYNC\" (default 60; 0: no deadline); a peer quiet after "
            "its\n"
            "                        \"SYNC\" is live and is never closed for it\n"
            "  --max-line BYTES      refuse incoming lines longer than BYTES (default 4194304)\n"
            "  --max-clock-skew SEC  reject (and report) peers' updates stamped more than SEC\n"
            "                        seconds ahead of our clock (default 600; 0: no limit)\n"
            "  --max-queue BYTES     live updates queued for a slow peer, past which it is sent\n"
            "                        history once it reads again (default 8388608)\n"
            "  --max-rate N          take in at most N updates per second from each peer; past\n"
            "                        it, reading from that peer pauses till the second is over\n"
            "                        (default 0: no limit)\n"
            "  --trace FILE          record every line in and out of every peer, with its time,\n"
            "                        kind and outcome, and what the replica held at the start, as\n"
            "                        a trace file (JSON lines; sbpeer replay, the app's Open "
            "Trace)\n"
            "  Values nest at most 62 levels deep, lines 64: a deeper line is an error that\n"
            "  closes that peer's stream, as is any other bad input.\n"
            "\n"
            "persistence:\n"
            "  --file PATH           keep the replica in PATH, created when absent: loaded before\n"
            "                        networking, each update appended as it is applied, compacted\n"
            "                        on a clean exit (SIGINT/SIGTERM, quit, end of sync); a bad\n"
            "                        file is an error naming file and line, and is left untouched\n"
            "  --durability every|group\n"
            "                        every: fsync each update before acknowledging it; group\n"
            "                        (default): fsync at most every --group-commit-ms\n"
            "  --group-commit-ms N   group commit interval in ms (default 50)\n"
            "  --file-dialect 5|4|auto\n"
            "                        dialect of the updates written to the file (default 5; auto\n"
            "                        keeps the file's)\n"
            "  --compact-bytes N     rewrite the file once N bytes were appended\n"
            "                        (default 8388608; 0: only on exit)\n"
            "  With --file and --stdin, each 'set'/'emit' prints 'ack KEY' once it is durable.\n"
            "\n"
            "security:\n"
            "  --key NAME|PATH       sign our updates with this key (a name in the key store or a\n"
            "                        PEM private key file) and verify remote ones against the\n"
            "                        trust list, which trusts our own key too; the replica id\n"
            "                        becomes the key's source id (so no --id; a --file must have\n"
            "                        been made with the same key)\n"
            "  --passphrase-file F   the key's passphrase is the first line of F (-: of stdin,\n"
            "                        read before any --stdin command)\n"
            "  --verify              verify remote updates against the trust list without a key\n"
            "                        of our own (our updates then go out unsigned)\n"
            "  --trust FILE          the trust list (default: KEYDIR/trust.json)\n"
            "  --tls NAME            speak TLS as the identity NAME (sbpeer tls-cert NAME); a\n"
            "                        peer is refused unless its certificate is pinned in the\n"
            "                        trust list (sbpeer trust pin-cert)\n"
            "  --key-dir DIR         the key store KEYDIR (default below)\n"
            "  Each rejected (unverified) update is reported on stderr with its source and the\n"
            "  reason, and the number rejected when sbpeer ends; the stream goes on.\n"
            "\n");
}

Result<QPair<QString, JsonValue>> PeerCommand::parseAssignment(const QString &text)
{
    const qsizetype equals = text.indexOf(u'=');
    if (equals <= 0)
        return Error{QStringLiteral("\"%1\" is not KEY=JSON").arg(text)};
    const QString key = text.left(equals);
    if (auto problem = Update::keyProblem(key))
        return Error{*problem};
    // As deep as a value may be: its update must fit every peer's depth limit.
    auto value = JsonCodec::parse(text.mid(equals + 1).toUtf8(), {Scuttlebutt::kMaxValueDepth});
    if (!value)
        return Error{QStringLiteral("the value of \"%1\" is not JSON: %2")
                             .arg(key, value.errorMessage())};
    return qMakePair(key, value.value());
}

Result<PeerCommand> PeerCommand::parse(const QStringList &arguments)
{
    PeerCommand command;
    if (arguments.isEmpty())
        return Error{QStringLiteral("no command given")};
    const QString mode = arguments.first();
    if (mode == u"serve")
        command.mode = Mode::Serve;
    else if (mode == u"sync")
        command.mode = Mode::Sync;
    else if (mode == u"connect")
        command.mode = Mode::Connect;
    else
        return Error{QStringLiteral("unknown command \"%1\"").arg(mode)};

    bool haveAddress = false;
    QStringList fileOptionsGiven;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        auto takeValue = [&](QString *value) -> bool {
            if (i + 1 >= arguments.size())
                return false;
            *value = arguments.at(++i);
            return true;
        };
        QString value;
        const bool needsValue = argument == u"--listen" || argument == u"--type"
                || argument == u"--id" || argument == u"--dialect" || argument == u"--set"
                || argument == u"--meta" || argument == u"--timeout" || argument == u"--name"
                || argument == u"--max-peers" || argument == u"--max-line" || argument == u"--file"
                || argument == u"--max-peers-per-address" || argument == u"--handshake-timeout"
                || argument == u"--line-timeout" || argument == u"--idle-timeout"
                || argument == u"--max-clock-skew" || argument == u"--max-queue"
                || argument == u"--max-rate" || argument == u"--durability"
                || argument == u"--group-commit-ms" || argument == u"--file-dialect"
                || argument == u"--compact-bytes" || argument == u"--key"
                || argument == u"--passphrase-file" || argument == u"--key-dir"
                || argument == u"--trust" || argument == u"--tls" || argument == u"--trace";
        if (needsValue && !takeValue(&value))
            return Error{QStringLiteral("%1 needs a value").arg(argument)};

        if (argument == u"--listen") {
            if (command.mode != Mode::Serve)
                return Error{
                        QStringLiteral("--listen is for serve; sync and connect take HOST:PORT")};
            auto address = HostPort::parse(value, HostPort::ZeroPort::Allowed);
            if (!address)
                return Error{QStringLiteral("address %1").arg(address.errorMessage())};
            std::tie(command.host, command.port) = std::pair(address->host, address->port);
            haveAddress = true;
        } else if (argument == u"--trace") {
            if (value.isEmpty())
                return Error{QStringLiteral("--trace needs a file name")};
            command.traceFile = value;
        } else if (argument == u"--type") {
            if (!ReplicaTypes::find(value))
                return Error{QStringLiteral("--type must be %1, not \"%2\"")
                                     .arg(ReplicaTypes::namesText(), value)};
            command.type = value;
            command.typeGiven = true;
        } else if (argument == u"--id") {
            if (auto problem = Update::sourceProblem(value))
                return Error{
                        QStringLiteral("--id \"%1\" is not a usable id: %2").arg(value, *problem)};
            command.id = value;
        } else if (argument == u"--dialect") {
            auto choice = Dialect::parseChoice(value);
            if (!choice)
                return choice.error();
            command.dialect = choice.value();
        } else if (argument == u"--set" || argument == u"--emit") {
            if (argument == u"--emit" && !takeValue(&value))
                return Error{QStringLiteral("--emit needs a value")};
            auto assignment = parseAssignment(value);
            if (!assignment)
                return assignment.error();
            command.sets.append(assignment.value());
        } else if (argument == u"--meta") {
            auto meta = JsonCodec::parse(value.toUtf8());
            if (!meta)
                return Error{QStringLiteral("--meta is not JSON: %1").arg(meta.errorMessage())};
            command.meta = meta.value();
        } else if (argument == u"--name") {
            command.name = value;
        } else if (argument == u"--timeout") {
            bool ok = false;
            command.timeoutSeconds = value.toInt(&ok);
            if (!ok || command.timeoutSeconds <= 0)
                return Error{QStringLiteral("--timeout must be a positive number of seconds")};
        } else if (argument == u"--max-peers") {
            bool ok = false;
            command.maxPeers = value.toInt(&ok);
            if (!ok || command.maxPeers <= 0)
                return Error{QStringLiteral("--max-peers must be a positive number")};
        } else if (argument == u"--max-peers-per-address") {
            bool ok = false;
            command.maxPeersPerAddress = value.toInt(&ok);
            if (!ok || command.maxPeersPerAddress <= 0)
                return Error{QStringLiteral("--max-peers-per-address must be a positive number")};
        } else if (argument == u"--handshake-timeout" || argument == u"--line-timeout"
                   || argument == u"--idle-timeout") {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || !(seconds >= 0) || seconds > 86400)
                return Error{QStringLiteral("%1 must be a number of seconds, at most 86400 (0: no "
                                            "deadline)")
                                     .arg(argument)};
            int *field = argument == u"--handshake-timeout" ? &command.handshakeTimeoutMs
                    : argument == u"--line-timeout"         ? &command.lineTimeoutMs
                                                            : &command.idleTimeoutMs;
            *field = int(seconds * 1000);
            if (seconds > 0 && *field == 0)
                *field = 1;
        } else if (argument == u"--max-line") {
            bool ok = false;
            command.maxLineLength = value.toLongLong(&ok);
            if (!ok || command.maxLineLength < 64)
                return Error{QStringLiteral("--max-line must be a number of bytes, at least 64")};
        } else if (argument == u"--max-clock-skew") {
            bool ok = false;
            const double seconds = value.toDouble(&ok);
            if (!ok || !(seconds >= 0) || seconds > 1e9)
                return Error{QStringLiteral(
                        "--max-clock-skew must be a number of seconds (0: no limit)")};
            command.maxClockSkewMs = qint64(seconds * 1000);
        } else if (argument == u"--max-queue") {
            bool ok = false;
            command.maxQueuedBytes = value.toLongLong(&ok);
            if (!ok || command.maxQueuedBytes < 1024)
                return Error{
                        QStringLiteral("--max-queue must be a number of bytes, at least 1024")};
        } else if (argument == u"--max-rate") {
            bool ok = false;
            command.maxUpdatesPerSecond = value.toInt(&ok);
            if (!ok || command.maxUpdatesPerSecond < 0)
                return Error{QStringLiteral(
                        "--max-rate must be a number of updates per second (0: no limit)")};
        } else if (argument == u"--file") {
            if (value.isEmpty())
                return Error{QStringLiteral("--file needs a path")};
            command.file = value;
        } else if (argument == u"--durability") {
            if (value == u"every")
                command.durability = ReplicaFileOptions::Durability::EveryUpdate;
            else if (value == u"group")
                command.durability = ReplicaFileOptions::Durability::GroupCommit;
            else
                return Error{QStringLiteral("--durability must be every or group, not \"%1\"")
                                     .arg(value)};
            fileOptionsGiven.append(argument);
        } else if (argument == u"--group-commit-ms") {
            bool ok = false;
            command.groupCommitMs = value.toInt(&ok);
            if (!ok || command.groupCommitMs <= 0)
                return Error{QStringLiteral(
                        "--group-commit-ms must be a positive number of milliseconds")};
            fileOptionsGiven.append(argument);
        } else if (argument == u"--file-dialect") {
            auto choice = Dialect::parseChoice(value);
            if (!choice)
                return Error{QStringLiteral("--file-dialect: %1").arg(choice.errorMessage())};
            command.fileDialect = choice.value();
            fileOptionsGiven.append(argument);
        } else if (argument == u"--compact-bytes") {
            bool ok = false;
            command.compactBytes = value.toLongLong(&ok);
            if (!ok || command.compactBytes < 0)
                return Error{QStringLiteral(
                        "--compact-bytes must be a number of bytes (0: only on exit)")};
            fileOptionsGiven.append(argument);
        } else if (argument == u"--key" || argument == u"--passphrase-file"
                   || argument == u"--key-dir" || argument == u"--trust" || argument == u"--tls") {
            if (value.isEmpty())
                return Error{QStringLiteral("%1 needs a value").arg(argument)};
            QString *field = argument == u"--key"      ? &command.key
                    : argument == u"--passphrase-file" ? &command.passphraseFile
                    : argument == u"--key-dir"         ? &command.keyDirectory
                    : argument == u"--trust"           ? &command.trustFile
                                                       : &command.tls;
            *field = value;
        } else if (argument == u"--verify") {
            command.verify = true;
        } else if (argument == u"--no-tail") {
            command.tail = false;
        } else if (argument == u"--stdin") {
            command.readCommands = true;
        } else if (argument.startsWith(u"--")) {
            return Error{QStringLiteral("unknown option \"%1\"").arg(argument)};
        } else if (command.mode != Mode::Serve && !haveAddress) {
            auto address = HostPort::parse(argument);
            if (!address)
                return Error{QStringLiteral("address %1").arg(address.errorMessage())};
            std::tie(command.host, command.port) = std::pair(address->host, address->port);
            haveAddress = true;
        } else {
            return Error{QStringLiteral("unexpected argument \"%1\"").arg(argument)};
        }
    }
    if (!command.passphraseFile.isEmpty() && command.key.isEmpty())
        return Error{QStringLiteral("--passphrase-file is for the key of --key")};
    if (!command.key.isEmpty() && !command.id.isEmpty())
        return Error{QStringLiteral(
                "--id and --key together: with --key the replica id is the key's source id")};
    if (!command.trustFile.isEmpty() && command.key.isEmpty() && !command.verify
        && command.tls.isEmpty())
        return Error{QStringLiteral("--trust needs --key, --verify or --tls to be of use")};
    if (!fileOptionsGiven.isEmpty() && command.file.isEmpty())
        return Error{QStringLiteral("%1 needs --file PATH").arg(fileOptionsGiven.first())};
    if (!haveAddress)
        return Error{command.mode == Mode::Serve ? QStringLiteral("serve needs --listen HOST:PORT")
                                                 : QStringLiteral("%1 needs HOST:PORT").arg(mode)};
    return command;
}
