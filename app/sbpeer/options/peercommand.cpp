// SPDX-License-Identifier: MIT
#include "peercommand.h"

#include "commandline.h"
#include "hostport.h"
#include "jsoncodec.h"
#include "replicatypes.h"

#include <QCommandLineParser>

#include <functional>
#include <optional>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {
// What a setter sees: the command so far and what the checks after the
// options need to know.
struct ParseState
{
    PeerCommand &command;
    bool haveAddress = false;
    QStringList fileOptionsGiven; // options that need --file, in order
};

enum class Section { Options, Persistence, Security };

// Which commands use an option; --help names them. Only --listen is refused
// elsewhere (as it always was), so that one config file can serve every command.
enum ModeFlag { Serve = 1, Sync = 2, Connect = 4, AllModes = Serve | Sync | Connect };

// One serve/sync/connect option: --help, the man page test and the parser all
// read this table, so they cannot disagree.
struct PeerOption
{
    QStringList names;
    QString valueName; // empty: a flag
    Section section;
    int modes;
    QString help;
    std::function<std::optional<Error>(ParseState &, const QString &)> set;
};

std::optional<Error> positive(int &field, const QString &value, const QString &message)
{
    bool ok = false;
    field = value.toInt(&ok);
    if (!ok || field <= 0)
        return Error{message};
    return std::nullopt;
}

std::optional<Error> deadline(int &fieldMs, const QString &option, const QString &value)
{
    bool ok = false;
    const double seconds = value.toDouble(&ok);
    if (!ok || !(seconds >= 0) || seconds > 86400)
        return Error{QStringLiteral("%1 must be a number of seconds, at most 86400 (0: no "
                                    "deadline)")
                             .arg(option)};
    fieldMs = int(seconds * 1000);
    if (seconds > 0 && fieldMs == 0)
        fieldMs = 1;
    return std::nullopt;
}

// Security options whose value is a name or path, where empty is no value.
std::optional<Error> nonEmpty(QString &field, const QString &option, const QString &value)
{
    if (value.isEmpty())
        return Error{QStringLiteral("%1 needs a value").arg(option)};
    field = value;
    return std::nullopt;
}

const QList<PeerOption> &peerOptions()
{
    using S = Section;
    static const QList<PeerOption> options = {
            {{u"listen"_s},
             u"HOST:PORT"_s,
             S::Options,
             Serve,
             u"the address to listen on (port 0: any free port)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (state.command.mode != PeerCommand::Mode::Serve)
                     return Error{u"--listen is for serve; sync and connect take HOST:PORT"_s};
                 auto address = HostPort::parse(value, HostPort::ZeroPort::Allowed);
                 if (!address)
                     return Error{QStringLiteral("address %1").arg(address.errorMessage())};
                 state.command.host = address->host;
                 state.command.port = address->port;
                 state.haveAddress = true;
                 return std::nullopt;
             }},
            {{u"type"_s},
             u"TYPE"_s,
             S::Options,
             AllModes,
             u"replica type: model (default), events, or doc (npm crdt)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (!ReplicaTypes::find(value))
                     return Error{QStringLiteral("--type must be %1, not \"%2\"")
                                          .arg(ReplicaTypes::namesText(), value)};
                 state.command.type = value;
                 state.command.typeGiven = true;
                 return std::nullopt;
             }},
            {{u"id"_s},
             u"ID"_s,
             S::Options,
             AllModes,
             u"replica id (default: random, like npm scuttlebutt)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (const auto idCheck = Update::checkSource(value); !idCheck)
                     return Error{QStringLiteral("--id \"%1\" is not a usable id: %2")
                                          .arg(value, idCheck.errorMessage())};
                 state.command.id = value;
                 return std::nullopt;
             }},
            {{u"dialect"_s},
             u"auto|5|4"_s,
             S::Options,
             AllModes,
             u"dialect we write (default 5); every mode reads both, and auto answers in the "
             "peer's dialect once it has seen it"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 auto choice = Dialect::parseChoice(value);
                 if (!choice)
                     return choice.error();
                 state.command.dialect = choice.value();
                 return std::nullopt;
             }},
            {{u"set"_s, u"emit"_s},
             u"KEY=JSON"_s,
             S::Options,
             AllModes,
             u"set a key (model), emit an event (events) or set a row's fields (doc: an object; "
             "null removes the row); repeatable"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 auto assignment = PeerCommand::parseAssignment(value);
                 if (!assignment)
                     return assignment.error();
                 state.command.sets.append(assignment.value());
                 return std::nullopt;
             }},
            {{u"meta"_s},
             u"JSON"_s,
             S::Options,
             AllModes,
             u"meta value sent in our digest"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 auto meta = JsonCodec::parse(value.toUtf8());
                 if (!meta)
                     return Error{
                             QStringLiteral("--meta is not JSON: %1").arg(meta.errorMessage())};
                 state.command.meta = meta.value();
                 return std::nullopt;
             }},
            {{u"name"_s},
             u"NAME"_s,
             S::Options,
             AllModes,
             u"label for the peer in messages"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 state.command.name = value;
                 return std::nullopt;
             }},
            {{u"timeout"_s},
             u"SEC"_s,
             S::Options,
             Sync,
             u"give up after SEC seconds (default 30)"_s,
             [](ParseState &state, const QString &value) {
                 return positive(state.command.timeoutSeconds, value,
                                 u"--timeout must be a positive number of seconds"_s);
             }},
            {{u"no-tail"_s},
             {},
             S::Options,
             Connect,
             u"close once synced"_s,
             [](ParseState &state, const QString &) -> std::optional<Error> {
                 state.command.tail = false;
                 return std::nullopt;
             }},
            {{u"stdin"_s},
             {},
             S::Options,
             AllModes,
             u"read commands from standard input: 'set KEY=JSON', 'emit EVENT=JSON', 'rm KEY' "
             "(a model key or a doc row), 'dump' (print the replica), 'quit'"_s,
             [](ParseState &state, const QString &) -> std::optional<Error> {
                 state.command.readCommands = true;
                 return std::nullopt;
             }},
            {{u"max-peers"_s},
             u"N"_s,
             S::Options,
             Serve,
             u"at most N peers (default 256); beyond, the longest idle peer not past its "
             "handshake (its digest and \"SYNC\") is closed to make room, else the new one is "
             "refused"_s,
             [](ParseState &state, const QString &value) {
                 return positive(state.command.maxPeers, value,
                                 u"--max-peers must be a positive number"_s);
             }},
            {{u"max-peers-per-address"_s},
             u"N"_s,
             S::Options,
             Serve,
             u"the same for the peers of one address, or of one IPv6 /64 (default 32)"_s,
             [](ParseState &state, const QString &value) {
                 return positive(state.command.maxPeersPerAddress, value,
                                 u"--max-peers-per-address must be a positive number"_s);
             }},
            {{u"handshake-timeout"_s},
             u"SEC"_s,
             S::Options,
             AllModes,
             u"close a peer whose digest (and TLS handshake) is not done within SEC seconds "
             "(default 10; 0: no deadline)"_s,
             [](ParseState &state, const QString &value) {
                 return deadline(state.command.handshakeTimeoutMs, u"--handshake-timeout"_s, value);
             }},
            {{u"line-timeout"_s},
             u"SEC"_s,
             S::Options,
             AllModes,
             u"close a peer that begins a line and does not end it within SEC seconds (default "
             "30; 0: no deadline)"_s,
             [](ParseState &state, const QString &value) {
                 return deadline(state.command.lineTimeoutMs, u"--line-timeout"_s, value);
             }},
            {{u"idle-timeout"_s},
             u"SEC"_s,
             S::Options,
             AllModes,
             u"close a peer that sends nothing for SEC seconds before its \"SYNC\" (default 60; "
             "0: no deadline); a peer quiet after its \"SYNC\" is live and is never closed for "
             "it"_s,
             [](ParseState &state, const QString &value) {
                 return deadline(state.command.idleTimeoutMs, u"--idle-timeout"_s, value);
             }},
            {{u"max-line"_s},
             u"BYTES"_s,
             S::Options,
             AllModes,
             u"refuse incoming lines longer than BYTES (default 4194304)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 state.command.maxLineLength = value.toLongLong(&ok);
                 if (!ok || state.command.maxLineLength < 64)
                     return Error{u"--max-line must be a number of bytes, at least 64"_s};
                 return std::nullopt;
             }},
            {{u"max-clock-skew"_s},
             u"SEC"_s,
             S::Options,
             AllModes,
             u"reject (and report) peers' updates stamped more than SEC seconds ahead of our "
             "clock (default 600; 0: no limit)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 const double seconds = value.toDouble(&ok);
                 if (!ok || !(seconds >= 0) || seconds > 1e9)
                     return Error{u"--max-clock-skew must be a number of seconds (0: no limit)"_s};
                 state.command.maxClockSkewMs = qint64(seconds * 1000);
                 return std::nullopt;
             }},
            {{u"max-queue"_s},
             u"BYTES"_s,
             S::Options,
             AllModes,
             u"live updates queued for a slow peer, past which it is sent history once it reads "
             "again (default 8388608)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 state.command.maxQueuedBytes = value.toLongLong(&ok);
                 if (!ok || state.command.maxQueuedBytes < 1024)
                     return Error{u"--max-queue must be a number of bytes, at least 1024"_s};
                 return std::nullopt;
             }},
            {{u"max-rate"_s},
             u"N"_s,
             S::Options,
             AllModes,
             u"take in at most N updates per second from each peer; past it, reading from that "
             "peer pauses till the second is over (default 0: no limit)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 state.command.maxUpdatesPerSecond = value.toInt(&ok);
                 if (!ok || state.command.maxUpdatesPerSecond < 0)
                     return Error{
                             u"--max-rate must be a number of updates per second (0: no limit)"_s};
                 return std::nullopt;
             }},
            {{u"trace"_s},
             u"FILE"_s,
             S::Options,
             AllModes,
             u"record every line in and out of every peer, with its time, kind and outcome, and "
             "what the replica held at the start, as a trace file (JSON lines; sbpeer replay, the "
             "app's Open Trace)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (value.isEmpty())
                     return Error{u"--trace needs a file name"_s};
                 state.command.traceFile = value;
                 return std::nullopt;
             }},

            {{u"file"_s},
             u"PATH"_s,
             S::Persistence,
             AllModes,
             u"keep the replica in PATH, created when absent: loaded before networking, each "
             "update appended as it is applied, compacted on a clean exit (SIGINT/SIGTERM, quit, "
             "end of sync); a bad file is an error naming file and line, and is left untouched"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (value.isEmpty())
                     return Error{u"--file needs a path"_s};
                 state.command.file = value;
                 return std::nullopt;
             }},
            {{u"durability"_s},
             u"every|group"_s,
             S::Persistence,
             AllModes,
             u"every: fsync each update before acknowledging it; group (default): fsync at most "
             "every --group-commit-ms"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (value == u"every")
                     state.command.durability = ReplicaFileOptions::Durability::EveryUpdate;
                 else if (value == u"group")
                     state.command.durability = ReplicaFileOptions::Durability::GroupCommit;
                 else
                     return Error{QStringLiteral("--durability must be every or group, not \"%1\"")
                                          .arg(value)};
                 state.fileOptionsGiven.append(u"--durability"_s);
                 return std::nullopt;
             }},
            {{u"group-commit-ms"_s},
             u"N"_s,
             S::Persistence,
             AllModes,
             u"group commit interval in ms (default 50)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 state.fileOptionsGiven.append(u"--group-commit-ms"_s);
                 return positive(state.command.groupCommitMs, value,
                                 u"--group-commit-ms must be a positive number of milliseconds"_s);
             }},
            {{u"file-dialect"_s},
             u"5|4|auto"_s,
             S::Persistence,
             AllModes,
             u"dialect of the updates written to the file (default 5; auto keeps the file's)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 auto choice = Dialect::parseChoice(value);
                 if (!choice)
                     return Error{QStringLiteral("--file-dialect: %1").arg(choice.errorMessage())};
                 state.command.fileDialect = choice.value();
                 state.fileOptionsGiven.append(u"--file-dialect"_s);
                 return std::nullopt;
             }},
            {{u"compact-bytes"_s},
             u"N"_s,
             S::Persistence,
             AllModes,
             u"rewrite the file once N bytes were appended (default 8388608; 0: only on exit)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 state.command.compactBytes = value.toLongLong(&ok);
                 if (!ok || state.command.compactBytes < 0)
                     return Error{u"--compact-bytes must be a number of bytes (0: only on exit)"_s};
                 state.fileOptionsGiven.append(u"--compact-bytes"_s);
                 return std::nullopt;
             }},

            {{u"key"_s},
             u"NAME|PATH"_s,
             S::Security,
             AllModes,
             u"sign our updates with this key (a name in the key store or a PEM private key "
             "file) and verify remote ones against the trust list, which trusts our own key too; "
             "the replica id becomes the key's source id (so no --id; a --file must have been "
             "made with the same key)"_s,
             [](ParseState &state, const QString &value) {
                 return nonEmpty(state.command.key, u"--key"_s, value);
             }},
            {{u"passphrase-file"_s},
             u"F"_s,
             S::Security,
             AllModes,
             u"the key's passphrase is the first line of F (-: of stdin, read before any --stdin "
             "command)"_s,
             [](ParseState &state, const QString &value) {
                 return nonEmpty(state.command.passphraseFile, u"--passphrase-file"_s, value);
             }},
            {{u"verify"_s},
             {},
             S::Security,
             AllModes,
             u"verify remote updates against the trust list without a key of our own (our "
             "updates then go out unsigned)"_s,
             [](ParseState &state, const QString &) -> std::optional<Error> {
                 state.command.verify = true;
                 return std::nullopt;
             }},
            {{u"trust"_s},
             u"FILE"_s,
             S::Security,
             AllModes,
             u"the trust list (default: KEYDIR/trust.json)"_s,
             [](ParseState &state, const QString &value) {
                 return nonEmpty(state.command.trustFile, u"--trust"_s, value);
             }},
            {{u"tls"_s},
             u"NAME"_s,
             S::Security,
             AllModes,
             u"speak TLS as the identity NAME (sbpeer tls-cert NAME); a peer is refused unless "
             "its certificate is pinned in the trust list (sbpeer trust pin-cert)"_s,
             [](ParseState &state, const QString &value) {
                 return nonEmpty(state.command.tls, u"--tls"_s, value);
             }},
            {{u"key-dir"_s},
             u"DIR"_s,
             S::Security,
             AllModes,
             u"the key store KEYDIR (default below)"_s,
             [](ParseState &state, const QString &value) {
                 return nonEmpty(state.command.keyDirectory, u"--key-dir"_s, value);
             }},
    };
    return options;
}

QString modesPrefix(int modes)
{
    if (modes == AllModes)
        return {};
    QStringList names;
    if (modes & Serve)
        names.append(u"serve"_s);
    if (modes & Sync)
        names.append(u"sync"_s);
    if (modes & Connect)
        names.append(u"connect"_s);
    return names.join(u", "_s) + u": "_s;
}

QString optionHelp(const PeerOption &option)
{
    QString head = u"  --"_s + option.names.join(u", --"_s);
    if (!option.valueName.isEmpty())
        head += u' ' + option.valueName;
    return CommandLine::helpEntry(head, modesPrefix(option.modes) + option.help);
}

QString sectionTitle(Section section)
{
    switch (section) {
    case Section::Options:
        return u"options"_s;
    case Section::Persistence:
        return u"persistence"_s;
    case Section::Security:
        return u"security"_s;
    }
    Q_UNREACHABLE();
}

QString sectionHelp(Section section, const QString &note)
{
    QString out = sectionTitle(section) + u":\n"_s;
    for (const PeerOption &option : peerOptions()) {
        if (option.section == section)
            out += optionHelp(option);
    }
    return out + CommandLine::paragraph(note, 2) + u'\n';
}

const PeerOption *findOption(const QString &name)
{
    for (const PeerOption &option : peerOptions()) {
        if (option.names.contains(name))
            return &option;
    }
    return nullptr;
}

// "--x" or "-x" as the user wrote it, without any "=value".
// Runs the setters of the options found, in the order given, then takes the
// positional arguments (the address of sync and connect).
std::optional<Error> applyOptions(ParseState &state, const QCommandLineParser &parser)
{
    QHash<const PeerOption *, qsizetype> seen; // values taken of each option so far
    for (const QString &name : parser.optionNames()) {
        const PeerOption *option = findOption(name);
        const QString value = option->valueName.isEmpty()
                ? QString()
                : parser.values(option->names.first()).value(seen[option]++);
        if (auto error = option->set(state, value))
            return error;
    }
    const QStringList positional = parser.positionalArguments();
    for (const QString &argument : positional) {
        if (state.command.mode != PeerCommand::Mode::Serve && !state.haveAddress) {
            auto address = HostPort::parse(argument);
            if (!address)
                return Error{QStringLiteral("address %1").arg(address.errorMessage())};
            state.command.host = address->host;
            state.command.port = address->port;
            state.haveAddress = true;
        } else {
            return Error{QStringLiteral("unexpected argument \"%1\"").arg(argument)};
        }
    }
    return std::nullopt;
}

void addOptions(QCommandLineParser &parser)
{
    // -x is --x, never the letters -x as short options: the table has no short names.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const PeerOption &option : peerOptions()) {
        QCommandLineOption parserOption(option.names);
        if (!option.valueName.isEmpty())
            parserOption.setValueName(option.valueName);
        parser.addOption(parserOption);
    }
}
} // namespace

QString PeerCommand::usage()
{
    return QStringLiteral(
                   "usage: sbpeer serve --listen HOST:PORT [options]\n"
                   "       sbpeer sync HOST:PORT [options] [--timeout SEC]\n"
                   "       sbpeer connect HOST:PORT [options]\n"
                   "       sbpeer replay FILE.sbtrace\n"
                   "       sbpeer diff A B [--json]   (A and B each HOST:PORT or a replica "
                   "file)\n"
                   "       sbpeer keygen|key|trust|tls-cert ...   (keys and trust, below)\n"
                   "       sbpeer --help | --version\n"
                   "\n"
                   "serve    accept any number of peers until SIGINT/SIGTERM; prints "
                   "'listening HOST:PORT'\n"
                   "sync     replicate both ways until synced, print the replica as one JSON "
                   "line, exit 0\n"
                   "connect  like sync, but stay connected and print each applied update as a "
                   "JSON line\n"
                   "replay   print, as sync does, the replica a trace (--trace) leads to\n"
                   "diff     compare two replicas read-only; exit 0 equal, 1 different, 2 "
                   "error\n"
                   "\n")
            + sectionHelp(Section::Options,
                          u"Values nest at most 62 levels deep, lines 64: a deeper line is an "
                          "error that closes that peer's stream, as is any other bad input."_s)
            + sectionHelp(Section::Persistence,
                          u"With --file and --stdin, each 'set'/'emit' prints 'ack KEY' once it "
                          "is durable."_s)
            + sectionHelp(Section::Security,
                          u"Each rejected (unverified) update is reported on stderr with its "
                          "source and the reason, and the number rejected when sbpeer ends; the "
                          "stream goes on."_s);
}

QList<PeerCommand::OptionDoc> PeerCommand::optionDocs()
{
    QList<OptionDoc> docs;
    for (const PeerOption &option : peerOptions())
        docs.append({option.names, option.valueName, sectionTitle(option.section)});
    return docs;
}

Result<QPair<QString, JsonValue>> PeerCommand::parseAssignment(const QString &text)
{
    const qsizetype equals = text.indexOf(u'=');
    if (equals <= 0)
        return Error{QStringLiteral("\"%1\" is not KEY=JSON").arg(text)};
    const QString key = text.left(equals);
    if (const auto keyCheck = Update::checkKey(key); !keyCheck)
        return keyCheck.error();
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

    QCommandLineParser parser;
    addOptions(parser);
    const QStringList options = arguments.mid(1);
    // parse() wants the program name first; QCommandLineParser's own messages
    // are replaced by sbpeer's, which tests and scripts rely on.
    if (!parser.parse(QStringList{u"sbpeer"_s} + options)) {
        if (const QString unknown = CommandLine::firstUnknownOption(parser, options);
            !unknown.isEmpty())
            return Error{QStringLiteral("unknown option \"%1\"").arg(unknown)};
        // The only other failures: a flag given "=value", or an option that
        // takes a value given last. An error of an earlier option comes first.
        const QString flag = CommandLine::firstFlagGivenAValue(options, [](const QString &name) {
            const PeerOption *option = findOption(name);
            return option && option->valueName.isEmpty();
        });
        if (!flag.isEmpty())
            return Error{QStringLiteral("%1 takes no value").arg(flag.section(u'=', 0, 0))};
        if (options.size() > 1) {
            ParseState earlier{command, false, {}};
            QCommandLineParser before;
            addOptions(before);
            if (before.parse(QStringList{u"sbpeer"_s} + options.mid(0, options.size() - 1))) {
                if (auto error = applyOptions(earlier, before))
                    return *error;
            }
        }
        if (!options.isEmpty())
            return Error{QStringLiteral("%1 needs a value").arg(options.last())};
        return Error{parser.errorText()};
    }

    ParseState state{command, false, {}};
    if (auto error = applyOptions(state, parser))
        return *error;
    if (!command.passphraseFile.isEmpty() && command.key.isEmpty())
        return Error{QStringLiteral("--passphrase-file is for the key of --key")};
    if (!command.key.isEmpty() && !command.id.isEmpty())
        return Error{QStringLiteral(
                "--id and --key together: with --key the replica id is the key's source id")};
    if (!command.trustFile.isEmpty() && command.key.isEmpty() && !command.verify
        && command.tls.isEmpty())
        return Error{QStringLiteral("--trust needs --key, --verify or --tls to be of use")};
    if (!state.fileOptionsGiven.isEmpty() && command.file.isEmpty())
        return Error{QStringLiteral("%1 needs --file PATH").arg(state.fileOptionsGiven.first())};
    if (!state.haveAddress)
        return Error{command.mode == Mode::Serve ? QStringLiteral("serve needs --listen HOST:PORT")
                                                 : QStringLiteral("%1 needs HOST:PORT").arg(mode)};
    return command;
}
