// SPDX-License-Identifier: MIT
#include "difftool.h"
#include "keycommand.h"
#include "keystore.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(KeyCommand)
Q_DECLARE_METATYPE(DiffTool::Options)

// sbpeer's key, trust and TLS commands and its diff each read one table of
// options: the parser takes exactly those options, each reaching its field,
// --help and the usage list them, and the man page documents them (KEYS AND
// TRUST for the key commands, the diff entry of COMMANDS for diff).
class tst_KeyOptions : public QObject
{
    Q_OBJECT

private slots:
    void everyCommandTakesItsOptions_data();
    void everyCommandTakesItsOptions();
    void theRowsAboveGiveEveryCommandEveryOptionItTakes();
    void refusedKeyCommandLinesSayWhy_data();
    void refusedKeyCommandLinesSayWhy();
    void anOptionOfAnotherCommandIsRefusedByName();
    void passphrasesAreNeverArguments_data();
    void passphrasesAreNeverArguments();
    void onlyAFileGivesAPassphrase();
    void helpListsEveryKeyOptionAndWhoTakesIt();
    void manPageDocumentsEveryKeyOptionOfEveryCommand();
    void manPageNamesNoKeyOptionItsCommandLacks();

    void diffOptionsReachTheirFields_data();
    void diffOptionsReachTheirFields();
    void refusedDiffCommandLinesSayWhy_data();
    void refusedDiffCommandLinesSayWhy();
    void diffUsageNamesEveryOption();
    void manPageDiffEntryNamesEveryDiffOption();

private:
    struct ManEntry
    {
        QString heading; // the line after ".TP", as plain text
        QString body;    // the lines up to the next entry or section, as plain text
    };
    struct ManSection
    {
        QString intro; // before its first entry, as plain text
        QList<ManEntry> entries;
    };
    // The man page's sections by name (upper case, as .SH gives them).
    static QHash<QString, ManSection> manPage();
    // Roff as text: "\-" is "-", font changes, quotes and macro names go.
    static QString plainText(const QString &roff);
    // "--key-dir", "--trust", ... in text, in order.
    static QStringList optionsIn(const QString &text);
    // The entry of KEYS AND TRUST whose heading is "sbpeer WORDS ...".
    static const ManEntry *keyCommandEntry(const ManSection &section, const QString &words);
};

namespace {
QStringList args(const char *line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}

// The key command as parse() makes it when given only words and operands.
KeyCommand keyCommand(KeyCommand::Action action, const QStringList &operands)
{
    KeyCommand command;
    command.action = action;
    command.operands = operands;
    return command;
}

// "--bits N" or "--public", as --help and the usage write an option.
QString synopsis(const QString &name, const QString &valueName)
{
    return valueName.isEmpty() ? u"--"_s + name : u"--"_s + name + u' ' + valueName;
}

// The lines of everyCommandTakesItsOptions, so that a test can check they
// leave no option of any command untried.
struct AcceptedRow
{
    const char *name;
    QStringList arguments;
    KeyCommand expected;
};

QList<AcceptedRow> acceptedRows()
{
    using A = KeyCommand::Action;
    QList<AcceptedRow> rows;
    {
        KeyCommand command = keyCommand(A::Generate, {u"hub"_s});
        command.algorithm = sb::PublicKey::Algorithm::Rsa;
        command.rsaBits = 4096;
        command.passphraseFile = u"pass.txt"_s;
        command.keyDirectory = u"/tmp/keys"_s;
        rows.append({"keygen",
                     args("keygen hub --type rsa --bits 4096 --passphrase-file pass.txt "
                          "--key-dir /tmp/keys"),
                     command});
    }
    {
        KeyCommand command = keyCommand(A::Generate, {u"hub"_s});
        command.keyDirectory = u"/tmp/keys"_s;
        command.algorithm = sb::PublicKey::Algorithm::Ed25519;
        rows.append({"keygen, options first, =value and one dash",
                     args("keygen --type=rsa -type ed25519 -key-dir=/tmp/keys hub"), command});
    }
    {
        KeyCommand command = keyCommand(A::Import, {u"hub"_s, u"hub.pem"_s});
        command.passphraseFile = u"-"_s;
        command.keyDirectory = u"k"_s;
        rows.append({"key import", args("key import hub hub.pem --passphrase-file - --key-dir k"),
                     command});
    }
    {
        KeyCommand command = keyCommand(A::Export, {u"hub"_s});
        command.exportPrivate = true;
        command.passphraseFile = u"p"_s;
        command.keyDirectory = u"k"_s;
        rows.append({"key export --private",
                     args("key export hub --private --passphrase-file p --key-dir k"), command});
    }
    rows.append({"key export --public", args("key export hub --public"),
                 keyCommand(A::Export, {u"hub"_s})});
    {
        KeyCommand command = keyCommand(A::List, {});
        command.keyDirectory = u"second"_s; // the last one given wins
        rows.append({"key list", args("key list --key-dir first --key-dir second"), command});
    }
    {
        KeyCommand command = keyCommand(A::Remove, {u"hub"_s});
        command.keyDirectory = u"k"_s;
        rows.append({"key remove", args("key remove hub --key-dir k"), command});
    }
    {
        KeyCommand command = keyCommand(A::TrustAdd, {u"hub.pub"_s});
        command.label = u"hub"_s;
        command.trustFile = u"t.json"_s;
        command.keyDirectory = u"k"_s;
        rows.append({"trust add", args("trust add hub.pub --name hub --trust t.json --key-dir k"),
                     command});
    }
    {
        KeyCommand command = keyCommand(A::TrustRemove, {u"hub"_s});
        command.trustFile = u"t.json"_s;
        command.keyDirectory = u"k"_s;
        rows.append({"trust remove", args("trust remove hub --trust t.json --key-dir k"), command});
    }
    {
        KeyCommand command = keyCommand(A::TrustList, {});
        command.trustFile = u"t.json"_s;
        command.keyDirectory = u"k"_s;
        rows.append({"trust list", args("trust list --trust=t.json --key-dir k"), command});
    }
    {
        KeyCommand command = keyCommand(A::PinCertificate, {u"AB:CD"_s});
        command.label = u"edge"_s;
        command.trustFile = u"t.json"_s;
        command.keyDirectory = u"k"_s;
        rows.append({"trust pin-cert",
                     args("trust pin-cert AB:CD --name edge --trust t.json --key-dir k"), command});
    }
    {
        KeyCommand command = keyCommand(A::TlsCertificate, {u"-"_s});
        command.keyDirectory = u"k"_s;
        rows.append(
                {"tls-cert, a lone dash is an operand", args("tls-cert - --key-dir k"), command});
    }
    return rows;
}

// Whether arguments give --name, alone or as --name=value.
bool givesOption(const QStringList &arguments, const QString &name)
{
    return std::any_of(arguments.cbegin(), arguments.cend(), [&](const QString &argument) {
        return argument.section(u'=', 0, 0) == u"--"_s + name;
    });
}

// "keygen" or "trust add" at the start of arguments.
bool startsWithWords(const QStringList &arguments, const QString &words)
{
    const QStringList wordList = words.split(u' ');
    return arguments.mid(0, wordList.size()) == wordList;
}
} // namespace

void tst_KeyOptions::everyCommandTakesItsOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<KeyCommand>("expected");
    for (const AcceptedRow &row : acceptedRows())
        QTest::newRow(row.name) << row.arguments << row.expected;
}

void tst_KeyOptions::everyCommandTakesItsOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(KeyCommand, expected);
    QVERIFY(KeyCommand::handles(arguments));
    const auto command = KeyCommand::parse(arguments);
    QVERIFY2(command, qPrintable(command.errorMessage()));
    QCOMPARE(command->action, expected.action);
    QCOMPARE(command->operands, expected.operands);
    QCOMPARE(command->keyDirectory, expected.keyDirectory);
    QCOMPARE(command->trustFile, expected.trustFile);
    QCOMPARE(command->passphraseFile, expected.passphraseFile);
    QCOMPARE(command->label, expected.label);
    QCOMPARE(command->algorithm, expected.algorithm);
    QCOMPARE(command->rsaBits, expected.rsaBits);
    QCOMPARE(command->exportPrivate, expected.exportPrivate);
}

void tst_KeyOptions::theRowsAboveGiveEveryCommandEveryOptionItTakes()
{
    const QList<AcceptedRow> rows = acceptedRows();
    for (const KeyCommand::OptionDoc &doc : KeyCommand::optionDocs()) {
        for (const QString &words : doc.commands) {
            const bool tried = std::any_of(rows.cbegin(), rows.cend(), [&](const AcceptedRow &row) {
                return startsWithWords(row.arguments, words)
                        && givesOption(row.arguments, doc.name);
            });
            QVERIFY2(tried, qPrintable(words + u" --"_s + doc.name + u" is never tried"_s));
        }
    }
}

void tst_KeyOptions::refusedKeyCommandLinesSayWhy_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const QStringList &arguments, const QString &message) {
        QTest::newRow(name) << arguments << message;
    };
    row("key without a subcommand", args("key"), u"key needs a subcommand"_s);
    row("trust without a subcommand", args("trust"), u"trust needs a subcommand"_s);
    row("unknown subcommand", args("key frob"), u"unknown command \"key frob\""_s);
    row("unknown option", args("key list --colour"), u"unknown option \"--colour\""_s);
    row("unknown option with a value", args("key list --colour=red"),
        u"unknown option \"--colour\""_s);
    row("unknown option of one dash", args("keygen -x"), u"unknown option \"-x\""_s);
    row("an unknown option comes first", args("keygen x --type dsa --colour"),
        u"unknown option \"--colour\""_s);
    row("option of another command", args("key list --trust t.json"),
        u"--trust is not an option of key list"_s);
    row("option of another command, without its value", args("key list --trust"),
        u"--trust is not an option of key list"_s);
    row("flag of another command with a value", args("key list --public=1"),
        u"--public is not an option of key list"_s);
    row("a flag with a value", args("key export x --private=yes"), u"--private takes no value"_s);
    row("a value missing at the end", args("keygen x --passphrase-file"),
        u"--passphrase-file needs a value"_s);
    row("an empty value", QStringList{u"trust"_s, u"add"_s, u"a.pem"_s, u"--name"_s, QString()},
        u"--name needs a value"_s);
    row("an empty value after =", args("key list --key-dir="), u"--key-dir needs a value"_s);
    row("an earlier error comes first", args("keygen x --type dsa --passphrase-file"),
        u"--type must be ed25519 or rsa, not \"dsa\""_s);
    row("unknown key type", args("keygen x --type dsa"),
        u"--type must be ed25519 or rsa, not \"dsa\""_s);
    row("bits not a number", args("keygen x --type rsa --bits many"),
        u"--bits must be a number of bits, not \"many\""_s);
    row("no bits", args("keygen x --type rsa --bits 0"),
        u"--bits must be a number of bits, not \"0\""_s);
    row("bits without a type", args("keygen x --bits 4096"), u"--bits is for --type rsa"_s);
    row("bits for ed25519", args("keygen x --bits 4096 --type ed25519"),
        u"--bits is for --type rsa"_s);
    row("export both halves", args("key export x --public --private"),
        u"key export takes --public or --private, not both"_s);
    row("a name too many", args("trust add a.pem b.pem"),
        u"unexpected argument \"b.pem\" for trust add"_s);
    row("an operand of a command that takes none", args("key list extra"),
        u"unexpected argument \"extra\" for key list"_s);
    row("-- ends the options", args("key remove x -- --y"),
        u"unexpected argument \"--y\" for key remove"_s);
    row("keygen without a name", args("keygen --type rsa"), u"keygen needs NAME"_s);
    row("import without a file", args("key import x"), u"key import needs NAME PRIVATE.pem"_s);
    row("pin-cert without a fingerprint", args("trust pin-cert --name n"),
        u"trust pin-cert needs FINGERPRINT"_s);
    row("tls-cert without a name", args("tls-cert"), u"tls-cert needs NAME"_s);
}

void tst_KeyOptions::refusedKeyCommandLinesSayWhy()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto command = KeyCommand::parse(arguments);
    QVERIFY(!command);
    QCOMPARE(command.errorMessage(), message);
}

void tst_KeyOptions::anOptionOfAnotherCommandIsRefusedByName()
{
    for (const KeyCommand::OptionDoc &doc : KeyCommand::optionDocs()) {
        for (const QString &words : KeyCommand::commandNames()) {
            if (doc.commands.contains(words))
                continue;
            QStringList arguments = words.split(u' ') << u"--"_s + doc.name;
            if (!doc.valueName.isEmpty())
                arguments << u"value"_s;
            const auto command = KeyCommand::parse(arguments);
            QVERIFY2(!command, qPrintable(arguments.join(u' ')));
            QCOMPARE(command.errorMessage(),
                     QStringLiteral("--%1 is not an option of %2").arg(doc.name, words));
        }
    }
}

void tst_KeyOptions::passphrasesAreNeverArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("--passphrase") << args("keygen x --passphrase secret")
                                  << u"unknown option \"--passphrase\""_s;
    QTest::newRow("--passphrase=") << args("key export x --private --passphrase=secret")
                                   << u"unknown option \"--passphrase\""_s;
    QTest::newRow("-passphrase=") << args("key import x x.pem -passphrase=secret")
                                  << u"unknown option \"-passphrase\""_s;
    QTest::newRow("--pass") << args("keygen x --pass secret") << u"unknown option \"--pass\""_s;
}

void tst_KeyOptions::passphrasesAreNeverArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto command = KeyCommand::parse(arguments);
    QVERIFY(!command);
    QCOMPARE(command.errorMessage(), message);
}

void tst_KeyOptions::onlyAFileGivesAPassphrase()
{
    for (const KeyCommand::OptionDoc &doc : KeyCommand::optionDocs())
        QVERIFY2(!doc.name.contains(u"pass") || doc.name == u"passphrase-file",
                 qPrintable(doc.name));
}

void tst_KeyOptions::helpListsEveryKeyOptionAndWhoTakesIt()
{
    const QString help = KeyCommand::usage();
    const qsizetype optionsTitle = help.indexOf(u"\nkey and trust options:\n"_s);
    QVERIFY(optionsTitle >= 0);
    const QList<KeyCommand::OptionDoc> docs = KeyCommand::optionDocs();
    for (const KeyCommand::OptionDoc &doc : docs) {
        const QString heading = u"\n  "_s + synopsis(doc.name, doc.valueName) + u' ';
        QVERIFY2(help.indexOf(heading, optionsTitle) >= 0, qPrintable(heading));
    }
    const QStringList commands = KeyCommand::commandNames();
    for (const QString &words : commands) {
        const QRegularExpression line(u"\n  sbpeer "_s + QRegularExpression::escape(words)
                                      + u"( [^\n]*)?\n"_s);
        const QRegularExpressionMatch match = line.match(help);
        QVERIFY2(match.hasMatch(), qPrintable(words));
        // The options every command takes are said once, not on each line;
        // the others are shown as [--x V] or, when they exclude each other, [--x|--y].
        for (const KeyCommand::OptionDoc &doc : docs) {
            const QRegularExpression option(
                    u"[[|]"_s + QRegularExpression::escape(synopsis(doc.name, doc.valueName))
                    + u"[]|]"_s);
            const bool shown = option.match(match.captured()).hasMatch();
            const bool everyCommand = doc.commands == commands;
            QVERIFY2(shown == (doc.commands.contains(words) && !everyCommand),
                     qPrintable(words + u": --"_s + doc.name));
        }
    }
    const QString keyDirectory = sb::KeyStore::defaultDirectory();
    for (const QString &helpLine : help.split(u'\n'))
        QVERIFY2(helpLine.size() <= 80 || helpLine.contains(keyDirectory), qPrintable(helpLine));
}

QHash<QString, tst_KeyOptions::ManSection> tst_KeyOptions::manPage()
{
    QFile file(QStringLiteral(SBPEER_MAN_PAGE));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", SBPEER_MAN_PAGE);
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    QHash<QString, ManSection> sections;
    QString name; // of the section being read; empty before the first
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(u".SH ")) {
            name = line.mid(4);
            continue;
        }
        if (name.isEmpty())
            continue;
        ManSection &section = sections[name];
        if (line == u".TP" && i + 1 < lines.size())
            section.entries.append({plainText(lines.at(++i)), {}});
        else if (section.entries.isEmpty())
            section.intro += plainText(line) + u'\n';
        else
            section.entries.last().body += plainText(line) + u'\n';
    }
    return sections;
}

QString tst_KeyOptions::plainText(const QString &roff)
{
    static const QRegularExpression macro(u"^\\.[A-Z]+ ?"_s);
    static const QRegularExpression font(u"\\\\f[RPIB]"_s);
    QString text = roff;
    text.remove(macro).remove(font).remove(u'"').replace(u"\\-"_s, u"-"_s);
    return text.simplified();
}

QStringList tst_KeyOptions::optionsIn(const QString &text)
{
    static const QRegularExpression option(u"--[a-z][a-z-]*[a-z]"_s);
    QStringList options;
    for (const QRegularExpressionMatch &match : option.globalMatch(text))
        options.append(match.captured());
    return options;
}

const tst_KeyOptions::ManEntry *tst_KeyOptions::keyCommandEntry(const ManSection &section,
                                                                const QString &words)
{
    const QString start = u"sbpeer "_s + words;
    for (const ManEntry &entry : section.entries) {
        if (entry.heading == start || entry.heading.startsWith(start + u' '))
            return &entry;
    }
    return nullptr;
}

void tst_KeyOptions::manPageDocumentsEveryKeyOptionOfEveryCommand()
{
    const QHash<QString, ManSection> page = manPage();
    QVERIFY(page.contains(u"KEYS AND TRUST"_s));
    const ManSection &keys = page.value(u"KEYS AND TRUST"_s);
    for (const QString &words : KeyCommand::commandNames()) {
        const ManEntry *entry = keyCommandEntry(keys, words);
        QVERIFY2(entry, qPrintable(u"KEYS AND TRUST has no entry for sbpeer "_s + words));
        // An option is named in the command's heading, or in the section's
        // introduction for those many commands take.
        for (const KeyCommand::OptionDoc &doc : KeyCommand::optionDocs()) {
            if (!doc.commands.contains(words))
                continue;
            const QString name = u"--"_s + doc.name;
            QVERIFY2(optionsIn(entry->heading).contains(name)
                             || optionsIn(keys.intro).contains(name),
                     qPrintable(u"the man page does not give sbpeer "_s + words + u' ' + name));
        }
    }
}

void tst_KeyOptions::manPageNamesNoKeyOptionItsCommandLacks()
{
    const ManSection keys = manPage().value(u"KEYS AND TRUST"_s);
    const QList<KeyCommand::OptionDoc> docs = KeyCommand::optionDocs();
    const auto takes = [&](const QString &words, const QString &option) {
        return std::any_of(docs.cbegin(), docs.cend(), [&](const KeyCommand::OptionDoc &doc) {
            return u"--"_s + doc.name == option
                    && (words.isEmpty() || doc.commands.contains(words));
        });
    };
    const QStringList intro = optionsIn(keys.intro);
    QVERIFY(!intro.isEmpty());
    for (const QString &option : intro)
        QVERIFY2(takes({}, option), qPrintable(option));
    for (const QString &words : KeyCommand::commandNames()) {
        const ManEntry *entry = keyCommandEntry(keys, words);
        QVERIFY2(entry, qPrintable(words));
        for (const QString &option : optionsIn(entry->heading))
            QVERIFY2(takes(words, option),
                     qPrintable(u"the man page gives sbpeer "_s + words + u' ' + option
                                + u", which it does not take"_s));
    }
}

void tst_KeyOptions::diffOptionsReachTheirFields_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<DiffTool::Options>("expected");
    DiffTool::Options every;
    every.a = u"a.sbreplica"_s;
    every.b = u"127.0.0.1:7000"_s;
    every.json = true;
    every.type = u"events"_s;
    every.dialect = sb::Dialect::Choice::V4;
    every.timeoutSeconds = 9;
    every.security.tls = u"hub"_s;
    every.security.trustFile = u"t.json"_s;
    every.security.keyDirectory = u"k"_s;
    QTest::newRow("every option") << args(
            "diff a.sbreplica --json --type events --dialect 4 127.0.0.1:7000 "
            "--timeout 9 --tls hub --trust t.json --key-dir k")
                                  << every;
    QTest::newRow("=value and one dash")
            << args("diff -json a.sbreplica 127.0.0.1:7000 --type=events -dialect=4 "
                    "--timeout=9 -tls hub --trust=t.json --key-dir k")
            << every;
    DiffTool::Options plain;
    plain.a = u"-"_s;
    plain.b = u"--b"_s;
    plain.timeoutSeconds = 3; // the last one given wins
    QTest::newRow("defaults, a lone dash, -- and a repeat")
            << args("diff --timeout 5 - --timeout 3 -- --b") << plain;
}

void tst_KeyOptions::diffOptionsReachTheirFields()
{
    QFETCH(QStringList, arguments);
    QFETCH(DiffTool::Options, expected);
    if (qstrcmp(QTest::currentDataTag(), "every option") == 0) {
        for (const DiffTool::OptionDoc &doc : DiffTool::optionDocs())
            QVERIFY2(arguments.contains(u"--"_s + doc.name), qPrintable(doc.name));
    }
    QVERIFY(DiffTool::handles(arguments));
    const auto options = DiffTool::parseOptions(arguments);
    QVERIFY2(options, qPrintable(options.errorMessage()));
    QCOMPARE(options->a, expected.a);
    QCOMPARE(options->b, expected.b);
    QCOMPARE(options->json, expected.json);
    QCOMPARE(options->type, expected.type);
    QCOMPARE(options->dialect, expected.dialect);
    QCOMPARE(options->timeoutSeconds, expected.timeoutSeconds);
    QCOMPARE(options->security.tls, expected.security.tls);
    QCOMPARE(options->security.trustFile, expected.security.trustFile);
    QCOMPARE(options->security.keyDirectory, expected.security.keyDirectory);
}

void tst_KeyOptions::refusedDiffCommandLinesSayWhy_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const QStringList &arguments, const QString &message) {
        QTest::newRow(name) << arguments << message;
    };
    row("nothing to compare", args("diff"), u"diff takes two replicas, A and B, not 0"_s);
    row("one side", args("diff a"), u"diff takes two replicas, A and B, not 1"_s);
    row("three sides", args("diff a b c"), u"diff takes two replicas, A and B, not 3"_s);
    row("unknown option", args("diff a b --colour"), u"unknown option \"--colour\""_s);
    row("unknown option with a value", args("diff a b --colour=red"),
        u"unknown option \"--colour\""_s);
    row("unknown option of one dash", args("diff a b -x"), u"unknown option \"-x\""_s);
    row("a flag with a value", args("diff a b --json=1"), u"--json takes no value"_s);
    row("a value missing at the end", args("diff a b --type"), u"--type needs a value"_s);
    row("an empty value", QStringList{u"diff"_s, u"a"_s, u"b"_s, u"--tls"_s, QString()},
        u"--tls needs a value"_s);
    row("an earlier error comes first", args("diff a b --timeout 0 --key-dir"),
        u"--timeout must be a positive number of seconds"_s);
    row("unknown type", args("diff a b --type map"),
        u"--type must be model, events or doc, not \"map\""_s);
    row("unknown dialect", args("diff a b --dialect 7"),
        u"unknown dialect \"7\" (expected auto, 5 or 4)"_s);
    row("a bad timeout", args("diff a b --timeout soon"),
        u"--timeout must be a positive number of seconds"_s);
    row("a trust list without TLS", args("diff a b --trust t.json"), u"--trust is for --tls"_s);
}

void tst_KeyOptions::refusedDiffCommandLinesSayWhy()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto options = DiffTool::parseOptions(arguments);
    QVERIFY(!options);
    QCOMPARE(options.errorMessage(), message);
}

void tst_KeyOptions::diffUsageNamesEveryOption()
{
    const QString usage = DiffTool::usage();
    for (const DiffTool::OptionDoc &doc : DiffTool::optionDocs()) {
        const QString shown = u'[' + synopsis(doc.name, doc.valueName);
        QVERIFY2(usage.contains(shown), qPrintable(shown));
    }
}

void tst_KeyOptions::manPageDiffEntryNamesEveryDiffOption()
{
    const QList<ManEntry> commands = manPage().value(u"COMMANDS"_s).entries;
    const auto diff = std::find_if(commands.cbegin(), commands.cend(),
                                   [](const ManEntry &entry) { return entry.heading == u"diff"; });
    QVERIFY2(diff != commands.cend(), "COMMANDS has no entry for diff");
    const QStringList documented = optionsIn(diff->body);
    QStringList table;
    for (const DiffTool::OptionDoc &doc : DiffTool::optionDocs())
        table.append(u"--"_s + doc.name);
    for (const QString &option : table)
        QVERIFY2(documented.contains(option),
                 qPrintable(u"the man page's diff entry does not give "_s + option));
    for (const QString &option : documented)
        QVERIFY2(table.contains(option),
                 qPrintable(u"the man page's diff entry gives "_s + option
                            + u", which diff does not take"_s));
}

QTEST_GUILESS_MAIN(tst_KeyOptions)
#include "tst_keyoptions.moc"
