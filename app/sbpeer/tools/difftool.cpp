// SPDX-License-Identifier: MIT
#include "difftool.h"

#include "commandline.h"
#include "diffside.h"
#include "jsoncodec.h"
#include "model.h"
#include "peersecurity.h"
#include "replicadiff.h"
#include "replicatypes.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHash>
#include <QTimer>

#include <cstdio>
#include <functional>
#include <optional>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {
constexpr int kDifferent = 1;
constexpr int kTrouble = 2;

const char kUsage[]
        = "usage: sbpeer diff A B [--json] [--type model|events] [--dialect auto|5|4]\n"
          "                       [--timeout SEC] [--tls NAME [--trust FILE] [--key-dir DIR]]\n"
          "A and B are each a replica file (read, never written or locked) or HOST:PORT (a peer,\n"
          "read without changing it). Exit 0: equal; 1: they differ; 2: error.\n";

int usageError(const QString &message)
{
    std::fprintf(stderr, "sbpeer diff: %s\n\n%s", qPrintable(message), kUsage);
    return kTrouble;
}

// One option of sbpeer diff: the parser reads this table, and tests check that
// the usage and the man page's diff entry name every option of it. It holds no
// help: the usage is a synopsis, and the man page says what each option does.
struct DiffOption
{
    QString name;
    QString valueName; // empty: a flag
    std::function<std::optional<Error>(DiffTool::Options &, const QString &)> set;
};

const QList<DiffOption> &diffOptions()
{
    static const QList<DiffOption> options = {
            {u"json"_s,
             {},
             [](DiffTool::Options &options, const QString &) -> std::optional<Error> {
                 options.json = true;
                 return std::nullopt;
             }},
            {u"type"_s, u"model|events"_s,
             [](DiffTool::Options &options, const QString &value) -> std::optional<Error> {
                 if (!ReplicaTypes::find(value))
                     return Error{QStringLiteral("--type must be %1, not \"%2\"")
                                          .arg(ReplicaTypes::namesText(), value)};
                 options.type = value;
                 return std::nullopt;
             }},
            {u"dialect"_s, u"auto|5|4"_s,
             [](DiffTool::Options &options, const QString &value) -> std::optional<Error> {
                 auto choice = Dialect::parseChoice(value);
                 if (!choice)
                     return choice.error();
                 options.dialect = choice.value();
                 return std::nullopt;
             }},
            {u"timeout"_s, u"SEC"_s,
             [](DiffTool::Options &options, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 options.timeoutSeconds = value.toInt(&ok);
                 if (!ok || options.timeoutSeconds <= 0)
                     return Error{u"--timeout must be a positive number of seconds"_s};
                 return std::nullopt;
             }},
            {u"tls"_s, u"NAME"_s,
             [](DiffTool::Options &options, const QString &value) -> std::optional<Error> {
                 options.security.tls = value;
                 return std::nullopt;
             }},
            {u"trust"_s, u"FILE"_s,
             [](DiffTool::Options &options, const QString &value) -> std::optional<Error> {
                 options.security.trustFile = value;
                 return std::nullopt;
             }},
            {u"key-dir"_s, u"DIR"_s,
             [](DiffTool::Options &options, const QString &value) -> std::optional<Error> {
                 options.security.keyDirectory = value;
                 return std::nullopt;
             }},
    };
    return options;
}

const DiffOption *findOption(const QString &name)
{
    for (const DiffOption &option : diffOptions()) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

// "--x" or "-x" as the user wrote it, without any "=value".
void addOptions(QCommandLineParser &parser)
{
    // -x is --x, never the letters -x as short options: the table has no short names.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    for (const DiffOption &option : diffOptions()) {
        QCommandLineOption parserOption(option.name);
        if (!option.valueName.isEmpty())
            parserOption.setValueName(option.valueName);
        parser.addOption(parserOption);
    }
}

// The refusals QCommandLineParser words its own way, in sbpeer's words: an
// unknown option or a flag given "=value". The other failure, a value missing
// after the last option, is left to applyOptions, which then reads it as empty
// after the options before it.
std::optional<Error> parserRefusal(const QCommandLineParser &parser, const QStringList &arguments)
{
    if (const QString unknown = CommandLine::firstUnknownOption(parser, arguments);
        !unknown.isEmpty())
        return Error{QStringLiteral("unknown option \"%1\"").arg(unknown)};
    const QString flag = CommandLine::firstFlagGivenAValue(arguments, [](const QString &name) {
        const DiffOption *option = findOption(name);
        return option && option->valueName.isEmpty();
    });
    if (!flag.isEmpty())
        return Error{QStringLiteral("--%1 takes no value")
                             .arg(findOption(CommandLine::optionName(flag))->name)};
    return std::nullopt;
}

// Runs the setters of the options found, in the order given.
std::optional<Error> applyOptions(DiffTool::Options &options, const QCommandLineParser &parser)
{
    QHash<const DiffOption *, qsizetype> seen; // values taken of each option so far
    for (const QString &name : parser.optionNames()) {
        const DiffOption *option = findOption(name);
        QString value;
        if (!option->valueName.isEmpty()) {
            value = parser.values(option->name).value(seen[option]++);
            // Empty names no type, file or number: as if no value were given.
            if (value.isEmpty())
                return Error{QStringLiteral("--%1 needs a value").arg(option->name)};
        }
        if (auto error = option->set(options, value))
            return error;
    }
    return std::nullopt;
}

QByteArray number(double value)
{
    return JsonCodec::numberToString(value);
}

// "1  (source S, stamp 1700000000000)", the key before it when withKey.
QByteArray describe(const Update &update, bool withKey)
{
    QByteArray line;
    if (withKey) {
        line += update.keyToken();
        line += update.hasValue() ? ": " : "";
    }
    if (update.hasValue())
        line += update.valueText();
    if (update.isDelete() && update.hasValue())
        line += " (deleted)";
    line += "  (source " + update.source().toUtf8() + ", stamp " + number(update.timestamp()) + ')';
    return line;
}

QByteArray sideLine(const char *mark, const DiffSide &side)
{
    return QByteArray(mark) + ' ' + side.label().toUtf8() + ' ' + side.text().toUtf8() + " ("
            + side.replica()->typeName().toUtf8() + ", id " + side.id().toUtf8() + ")\n";
}

QByteArray winnerText(const ReplicaDiff::Difference &difference)
{
    switch (difference.winner) {
    case ReplicaDiff::Winner::A:
        return "A wins: " + difference.rule.toUtf8();
    case ReplicaDiff::Winner::B:
        return "B wins: " + difference.rule.toUtf8();
    case ReplicaDiff::Winner::Neither:
        break;
    }
    return "no winner: " + difference.rule.toUtf8();
}

QByteArray formatText(const ReplicaDiff &diff, const DiffSide &a, const DiffSide &b)
{
    QByteArray out = sideLine("---", a) + sideLine("+++", b);
    const bool model = a.replica()->typeName() == Model::kTypeName;
    if (!diff.onlyInA().isEmpty()) {
        out += model ? "keys only in A:\n" : "events only in A:\n";
        for (const Update &update : diff.onlyInA())
            out += "< " + describe(update, true) + '\n';
    }
    if (!diff.onlyInB().isEmpty()) {
        out += model ? "keys only in B:\n" : "events only in B:\n";
        for (const Update &update : diff.onlyInB())
            out += "> " + describe(update, true) + '\n';
    }
    if (!diff.different().isEmpty()) {
        out += model ? "keys held by both, differently:\n" : "events held by both, differently:\n";
        for (const ReplicaDiff::Difference &difference : diff.different()) {
            if (model)
                out += "! " + difference.a.keyToken().toByteArray() + '\n';
            out += "<   " + describe(difference.a, !model) + '\n';
            out += ">   " + describe(difference.b, !model) + '\n';
            out += "    " + winnerText(difference) + '\n';
        }
    }
    out += "clocks (< only A has the source, > only B, | different latest stamps):\n";
    qsizetype width = 6;
    for (const ReplicaDiff::ClockRow &row : diff.clocks())
        width = std::max(width, row.source.size());
    out += "  " + QByteArray("source").leftJustified(width) + "  A" + QByteArray(20, ' ') + " B\n";
    for (const ReplicaDiff::ClockRow &row : diff.clocks()) {
        const char *mark = !row.differs() ? "  " : !row.inB() ? "< " : !row.inA() ? "> " : "| ";
        out += mark + row.source.toUtf8().leftJustified(width) + "  "
                + (row.inA() ? number(row.a) : QByteArray("-")).leftJustified(21) + ' '
                + (row.inB() ? number(row.b) : QByteArray("-")) + '\n';
    }
    return out;
}

JsonValue entryJson(const Update &update, bool withKey)
{
    JsonObject entry;
    if (withKey)
        entry.insert(QStringLiteral("key"), update.key());
    if (update.hasValue()) {
        auto value = JsonCodec::parse(update.valueText(), {StreamOptions::kDefaultMaxDepth});
        entry.insert(QStringLiteral("value"), value ? value.value() : JsonValue(nullptr));
    }
    entry.insert(QStringLiteral("source"), update.source());
    entry.insert(QStringLiteral("timestamp"), update.timestamp());
    return entry;
}

JsonValue sideJson(const DiffSide &side)
{
    JsonObject object;
    object.insert(QStringLiteral("target"), side.text());
    object.insert(QStringLiteral("kind"), side.target().isFile() ? "file" : "peer");
    object.insert(QStringLiteral("id"), side.id());
    return object;
}

QByteArray formatJson(const ReplicaDiff &diff, const DiffSide &a, const DiffSide &b)
{
    JsonObject root;
    root.insert(QStringLiteral("equal"), diff.isEqual());
    root.insert(QStringLiteral("type"), a.replica()->typeName());
    root.insert(QStringLiteral("a"), sideJson(a));
    root.insert(QStringLiteral("b"), sideJson(b));
    JsonArray onlyInA, onlyInB, different, clocks;
    for (const Update &update : diff.onlyInA())
        onlyInA.push_back(entryJson(update, true));
    for (const Update &update : diff.onlyInB())
        onlyInB.push_back(entryJson(update, true));
    for (const ReplicaDiff::Difference &difference : diff.different()) {
        JsonObject object;
        object.insert(QStringLiteral("key"), difference.a.key());
        object.insert(QStringLiteral("a"), entryJson(difference.a, false));
        object.insert(QStringLiteral("b"), entryJson(difference.b, false));
        object.insert(QStringLiteral("winner"),
                      difference.winner == ReplicaDiff::Winner::A           ? JsonValue("a")
                              : difference.winner == ReplicaDiff::Winner::B ? JsonValue("b")
                                                                            : JsonValue(nullptr));
        object.insert(QStringLiteral("rule"), difference.rule);
        different.push_back(object);
    }
    for (const ReplicaDiff::ClockRow &row : diff.clocks()) {
        JsonObject object;
        object.insert(QStringLiteral("source"), row.source);
        object.insert(QStringLiteral("a"), row.inA() ? JsonValue(row.a) : JsonValue(nullptr));
        object.insert(QStringLiteral("b"), row.inB() ? JsonValue(row.b) : JsonValue(nullptr));
        object.insert(QStringLiteral("differs"), row.differs());
        clocks.push_back(object);
    }
    root.insert(QStringLiteral("onlyInA"), onlyInA);
    root.insert(QStringLiteral("onlyInB"), onlyInB);
    root.insert(QStringLiteral("different"), different);
    root.insert(QStringLiteral("clocks"), clocks);
    return JsonCodec::stringify(root) + '\n';
}
} // namespace

namespace DiffTool {

bool handles(const QStringList &arguments)
{
    return !arguments.isEmpty() && arguments.first() == u"diff";
}

QList<OptionDoc> optionDocs()
{
    QList<OptionDoc> docs;
    for (const DiffOption &option : diffOptions())
        docs.append({option.name, option.valueName});
    return docs;
}

QString usage()
{
    return QString::fromUtf8(kUsage);
}

Result<Options> parseOptions(const QStringList &arguments)
{
    const QStringList rest = arguments.mid(1);
    QCommandLineParser parser;
    addOptions(parser);
    // parse() wants the program name first; QCommandLineParser's own messages
    // are replaced by sbpeer's, which tests and scripts rely on.
    const bool parsed = parser.parse(QStringList{u"sbpeer"_s} + rest);
    if (!parsed) {
        if (auto refusal = parserRefusal(parser, rest))
            return *refusal;
    }
    Options options;
    if (auto error = applyOptions(options, parser))
        return *error;
    if (!parsed) // not reached: applyOptions refuses the missing value
        return Error{parser.errorText()};
    const QStringList targets = parser.positionalArguments();
    if (targets.size() != 2)
        return Error{
                QStringLiteral("diff takes two replicas, A and B, not %1").arg(targets.size())};
    if (!options.security.trustFile.isEmpty() && options.security.tls.isEmpty())
        return Error{QStringLiteral("--trust is for --tls")};
    options.a = targets.at(0);
    options.b = targets.at(1);
    return options;
}

int run(const QStringList &arguments)
{
    const auto options = parseOptions(arguments);
    if (!options)
        return usageError(options.errorMessage());
    DiffSide *sides[2] = {nullptr, nullptr};
    const QString texts[2] = {options->a, options->b};
    const QString labels[2] = {QStringLiteral("A"), QStringLiteral("B")};
    QObject owner;
    for (int i = 0; i < 2; ++i) {
        const auto target = DiffSide::parseTarget(texts[i]);
        if (!target) {
            std::fprintf(stderr, "sbpeer diff: %s: %s\n", qPrintable(labels[i]),
                         qPrintable(target.errorMessage()));
            return kTrouble;
        }
        sides[i] = new DiffSide(labels[i], texts[i], target.value(), &owner);
    }
    std::optional<PeerSecurity> security;
    if (!sides[0]->target().isFile() || !sides[1]->target().isFile()) {
        auto loaded = PeerSecurity::load(options->security);
        if (!loaded) {
            std::fprintf(stderr, "sbpeer diff: %s\n", qPrintable(loaded.errorMessage()));
            return kTrouble;
        }
        security = std::move(loaded).value();
    }

    int exitStatus = kTrouble;
    int loadedSides = 0;
    bool done = false;
    const auto finish = [&](int status) {
        done = true;
        exitStatus = status;
        QCoreApplication::exit(status);
    };
    const auto compare = [&] {
        const auto diff = ReplicaDiff::compare(*sides[0]->replica(), sides[0]->clock(),
                                               *sides[1]->replica(), sides[1]->clock());
        if (!diff) {
            std::fprintf(stderr, "sbpeer diff: %s (%s is %s, %s %s)\n",
                         qPrintable(diff.errorMessage()), qPrintable(options->a),
                         qPrintable(sides[0]->replica()->typeName()), qPrintable(options->b),
                         qPrintable(sides[1]->replica()->typeName()));
            return finish(kTrouble);
        }
        const QByteArray text = options->json ? formatJson(*diff, *sides[0], *sides[1])
                                              : formatText(*diff, *sides[0], *sides[1]);
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        std::fflush(stdout);
        finish(diff->isEqual() ? 0 : kDifferent);
    };
    // Files first: a peer's replica takes the type of a file beside it.
    const auto startPeers = [&] {
        QString type = options->type.isEmpty() ? QString(Model::kTypeName) : options->type;
        for (DiffSide *side : sides) {
            if (side->target().isFile() && options->type.isEmpty())
                type = side->replica()->typeName();
        }
        StreamOptions streamOptions;
        streamOptions.dialect = options->dialect;
        for (DiffSide *side : sides) {
            if (!side->target().isFile())
                side->loadPeer(type, streamOptions, *security, options->timeoutSeconds);
        }
    };
    const int files = int(sides[0]->target().isFile()) + int(sides[1]->target().isFile());
    for (DiffSide *side : sides) {
        QObject::connect(side, &DiffSide::failed, &owner, [&](const QString &message) {
            if (done)
                return; // the first failure is the answer
            std::fprintf(stderr, "sbpeer diff: %s\n", qPrintable(message));
            finish(kTrouble);
        });
        QObject::connect(side, &DiffSide::loaded, &owner, [&] {
            if (done)
                return;
            ++loadedSides;
            if (loadedSides == files && files < 2)
                startPeers();
            if (loadedSides == 2)
                compare();
        });
    }
    // Inside the event loop, so that a side failing at once still ends it.
    QTimer::singleShot(0, &owner, [&] {
        if (files == 0)
            startPeers();
        for (DiffSide *side : sides) {
            if (side->target().isFile())
                side->loadFile();
        }
    });
    QCoreApplication::exec();
    return exitStatus;
}

} // namespace DiffTool
