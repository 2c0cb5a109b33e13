// SPDX-License-Identifier: MIT
#include "peercommand.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;

// sbpeer's serve/sync/connect options come from one table: the parser reads it,
// --help is written from it, and the man page must document it, option for
// option, in the same sections.
class tst_PeerOptions : public QObject
{
    Q_OBJECT

private slots:
    void everyOptionReachesItsField();
    void repeatedOptionsKeepTheirOrder();
    void refusedCommandLinesSayWhy_data();
    void refusedCommandLinesSayWhy();
    void helpListsEveryOptionInItsSection();
    void manPageDocumentsEveryOptionInItsSection();
    void manPageDocumentsNoOptionTheParserLacks();

private:
    // The man page's OPTIONS, PERSISTENCE and SECURITY sections: for each
    // (lower-cased, as --help titles them) the headings of its entries, the
    // line after each ".TP", with roff's "\-" read as "-".
    static QHash<QString, QStringList> manPageEntryHeadings();
    // "--name" and what follows it in an entry heading.
    static QString headingOption(const QString &heading);
};

namespace {
QStringList args(const char *line)
{
    return QString::fromUtf8(line).split(u' ', Qt::SkipEmptyParts);
}

bool docsHaveName(const QList<PeerCommand::OptionDoc> &docs, const QString &name)
{
    return std::any_of(docs.cbegin(), docs.cend(),
                       [&](const PeerCommand::OptionDoc &doc) { return doc.names.contains(name); });
}
} // namespace

void tst_PeerOptions::everyOptionReachesItsField()
{
    const QStringList arguments
            = args("serve --listen 127.0.0.1:0 --type events --id server-1 --dialect auto "
                   "--set a=1 --meta {\"role\":\"hub\"} --name mesh --timeout 9 --no-tail "
                   "--stdin --max-peers 7 --max-peers-per-address 3 --handshake-timeout 2.5 "
                   "--line-timeout 0 --idle-timeout 0.0001 --max-line 4096 --max-clock-skew 30 "
                   "--max-queue 65536 --max-rate 1000 --trace /tmp/t.sbtrace "
                   "--file /tmp/r.sbreplica --durability every --group-commit-ms 20 "
                   "--file-dialect 4 --compact-bytes 0 --key-dir /tmp/keys --verify "
                   "--trust /tmp/trust.json --tls hub");
    // The line above must name every option of the table (--key and
    // --passphrase-file exclude --id, and have a test of their own below).
    for (const PeerCommand::OptionDoc &doc : PeerCommand::optionDocs()) {
        const QString name = doc.names.first();
        if (name == u"key" || name == u"passphrase-file")
            continue;
        QVERIFY2(arguments.contains(u"--"_s + name), qPrintable(name));
    }

    const auto command = PeerCommand::parse(arguments);
    QVERIFY2(command, qPrintable(command.errorMessage()));
    QCOMPARE(command->mode, PeerCommand::Mode::Serve);
    QCOMPARE(command->host, u"127.0.0.1"_s);
    QCOMPARE(command->port, 0);
    QCOMPARE(command->type, u"events"_s);
    QVERIFY(command->typeGiven);
    QCOMPARE(command->id, u"server-1"_s);
    QCOMPARE(command->dialect, sb::Dialect::Choice::Auto);
    QCOMPARE(command->sets.size(), 1);
    QCOMPARE(command->sets.first().first, u"a"_s);
    QCOMPARE(command->sets.first().second, sb::JsonValue(1.0));
    QVERIFY(command->meta.isObject());
    QCOMPARE(command->name, u"mesh"_s);
    QCOMPARE(command->timeoutSeconds, 9);
    QVERIFY(!command->tail);
    QVERIFY(command->readCommands);
    QCOMPARE(command->maxPeers, 7);
    QCOMPARE(command->maxPeersPerAddress, 3);
    QCOMPARE(command->handshakeTimeoutMs, 2500);
    QCOMPARE(command->lineTimeoutMs, 0);
    QCOMPARE(command->idleTimeoutMs, 1); // a deadline asked for is never none
    QCOMPARE(command->maxLineLength, 4096);
    QCOMPARE(command->maxClockSkewMs, 30000);
    QCOMPARE(command->maxQueuedBytes, 65536);
    QCOMPARE(command->maxUpdatesPerSecond, 1000);
    QCOMPARE(command->traceFile, u"/tmp/t.sbtrace"_s);
    QCOMPARE(command->file, u"/tmp/r.sbreplica"_s);
    QCOMPARE(command->durability, sb::ReplicaFileOptions::Durability::EveryUpdate);
    QCOMPARE(command->groupCommitMs, 20);
    QCOMPARE(command->fileDialect, sb::Dialect::Choice::V4);
    QCOMPARE(command->compactBytes, 0);
    QCOMPARE(command->keyDirectory, u"/tmp/keys"_s);
    QVERIFY(command->verify);
    QCOMPARE(command->trustFile, u"/tmp/trust.json"_s);
    QCOMPARE(command->tls, u"hub"_s);

    const auto signing
            = PeerCommand::parse(args("sync [::1]:7000 --key hub --passphrase-file - --no-tail"));
    QVERIFY2(signing, qPrintable(signing.errorMessage()));
    QCOMPARE(signing->mode, PeerCommand::Mode::Sync);
    QCOMPARE(signing->host, u"::1"_s);
    QCOMPARE(signing->port, 7000);
    QCOMPARE(signing->key, u"hub"_s);
    QCOMPARE(signing->passphraseFile, u"-"_s);
}

void tst_PeerOptions::repeatedOptionsKeepTheirOrder()
{
    const auto command = PeerCommand::parse(
            args("connect 127.0.0.1:1 --set b=2 --emit=a=\"x\" --set c={} --max-peers 1 "
                 "--max-peers=5"));
    QVERIFY2(command, qPrintable(command.errorMessage()));
    QCOMPARE(command->sets.size(), 3);
    QCOMPARE(command->sets.at(0).first, u"b"_s);
    QCOMPARE(command->sets.at(1).first, u"a"_s);
    QCOMPARE(command->sets.at(1).second, sb::JsonValue(u"x"_s));
    QCOMPARE(command->sets.at(2).first, u"c"_s);
    QCOMPARE(command->maxPeers, 5); // the last one given wins
}

void tst_PeerOptions::refusedCommandLinesSayWhy_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const auto row = [](const char *name, const char *line, const QString &message) {
        QTest::newRow(name) << args(line) << message;
    };
    row("no command", "", u"no command given"_s);
    row("unknown command", "listen", u"unknown command \"listen\""_s);
    row("unknown option", "serve --listen 127.0.0.1:0 --colour", u"unknown option \"--colour\""_s);
    row("unknown option with a value", "serve --colour=red", u"unknown option \"--colour\""_s);
    row("a flag with a value", "serve --stdin=3 --listen 127.0.0.1:0", u"--stdin takes no value"_s);
    row("a value missing at the end", "serve --listen 127.0.0.1:0 --name",
        u"--name needs a value"_s);
    row("an earlier error comes first", "serve --max-peers 0 --name",
        u"--max-peers must be a positive number"_s);
    row("listen on sync", "sync --listen 127.0.0.1:1",
        u"--listen is for serve; sync and connect take HOST:PORT"_s);
    row("no listen", "serve --stdin", u"serve needs --listen HOST:PORT"_s);
    row("no address", "sync --stdin", u"sync needs HOST:PORT"_s);
    row("a second address", "sync 127.0.0.1:1 127.0.0.1:2",
        u"unexpected argument \"127.0.0.1:2\""_s);
    row("a positional argument to serve", "serve --listen 127.0.0.1:0 extra",
        u"unexpected argument \"extra\""_s);
    row("unknown type", "serve --listen 127.0.0.1:0 --type map",
        u"--type must be model, events or doc, not \"map\""_s);
    row("a bad timeout", "sync 127.0.0.1:1 --timeout 0",
        u"--timeout must be a positive number of seconds"_s);
    row("a bad deadline", "serve --listen 127.0.0.1:0 --line-timeout -1",
        u"--line-timeout must be a number of seconds, at most 86400 (0: no deadline)"_s);
    row("a deadline past a day", "serve --listen 127.0.0.1:0 --idle-timeout 86401",
        u"--idle-timeout must be a number of seconds, at most 86400 (0: no deadline)"_s);
    row("a short line limit", "serve --listen 127.0.0.1:0 --max-line 63",
        u"--max-line must be a number of bytes, at least 64"_s);
    row("a small queue", "serve --listen 127.0.0.1:0 --max-queue 1023",
        u"--max-queue must be a number of bytes, at least 1024"_s);
    row("a bad durability", "serve --listen 127.0.0.1:0 --file f --durability often",
        u"--durability must be every or group, not \"often\""_s);
    row("a file option without a file", "serve --listen 127.0.0.1:0 --compact-bytes 5",
        u"--compact-bytes needs --file PATH"_s);
    row("an assignment without a key", "serve --listen 127.0.0.1:0 --set =1",
        u"\"=1\" is not KEY=JSON"_s);
    row("a passphrase without a key", "sync 127.0.0.1:1 --passphrase-file -",
        u"--passphrase-file is for the key of --key"_s);
    row("an id beside a key", "sync 127.0.0.1:1 --key hub --id me",
        u"--id and --key together: with --key the replica id is the key's source id"_s);
    row("a trust list of no use", "sync 127.0.0.1:1 --trust t.json",
        u"--trust needs --key, --verify or --tls to be of use"_s);
    row("an empty key", "sync 127.0.0.1:1 --key=", u"--key needs a value"_s);
}

void tst_PeerOptions::refusedCommandLinesSayWhy()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const auto command = PeerCommand::parse(arguments);
    QVERIFY(!command);
    QCOMPARE(command.errorMessage(), message);
}

void tst_PeerOptions::helpListsEveryOptionInItsSection()
{
    const QString help = PeerCommand::usage();
    for (const PeerCommand::OptionDoc &doc : PeerCommand::optionDocs()) {
        QString heading = u"  --"_s + doc.names.join(u", --"_s);
        if (!doc.valueName.isEmpty())
            heading += u' ' + doc.valueName;
        const qsizetype at = help.indexOf(u'\n' + heading);
        QVERIFY2(at >= 0, qPrintable(heading));
        // The nearest section title before it is the option's.
        const qsizetype title = help.lastIndexOf(QRegularExpression(u"\n[a-z ]+:\n"_s), at);
        QVERIFY(title >= 0);
        QCOMPARE(help.mid(title + 1, doc.section.size() + 2), doc.section + u":\n"_s);
    }
}

QHash<QString, QStringList> tst_PeerOptions::manPageEntryHeadings()
{
    QFile file(QStringLiteral(SBPEER_MAN_PAGE));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", SBPEER_MAN_PAGE);
    const QStringList lines = QString::fromUtf8(file.readAll()).split(u'\n');
    QHash<QString, QStringList> headings;
    QString section;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        if (line.startsWith(u".SH "))
            section = line.mid(4).toLower();
        else if (line == u".TP" && i + 1 < lines.size())
            headings[section].append(QString(lines.at(i + 1)).replace(u"\\-"_s, u"-"_s));
    }
    return headings;
}

QString tst_PeerOptions::headingOption(const QString &heading)
{
    static const QRegularExpression option(u"--[a-z-]+.*$"_s);
    return option.match(heading).captured();
}

void tst_PeerOptions::manPageDocumentsEveryOptionInItsSection()
{
    const QHash<QString, QStringList> headings = manPageEntryHeadings();
    const QString page = [] {
        QFile file(QStringLiteral(SBPEER_MAN_PAGE));
        return file.open(QIODevice::ReadOnly)
                ? QString::fromUtf8(file.readAll()).replace(u"\\-"_s, u"-"_s)
                : QString();
    }();
    for (const PeerCommand::OptionDoc &doc : PeerCommand::optionDocs()) {
        const QString name = u"--"_s + doc.names.first();
        const QStringList &entries = headings.value(doc.section);
        const auto entry = std::find_if(entries.cbegin(), entries.cend(), [&](const QString &h) {
            const QString option = headingOption(h);
            return option == name || option.startsWith(name + u' ')
                    || option.startsWith(name + u'"');
        });
        QVERIFY2(entry != entries.cend(),
                 qPrintable(name + u" has no entry in the man page's "_s + doc.section.toUpper()));
        // A heading names a value exactly when the option takes one.
        const bool headingTakesValue = headingOption(*entry).size() > name.size();
        QVERIFY2(headingTakesValue == !doc.valueName.isEmpty(), qPrintable(*entry));
        for (const QString &other : doc.names.mid(1))
            QVERIFY2(page.contains(u"--"_s + other), qPrintable(other));
    }
}

void tst_PeerOptions::manPageDocumentsNoOptionTheParserLacks()
{
    const QList<PeerCommand::OptionDoc> docs = PeerCommand::optionDocs();
    const QHash<QString, QStringList> headings = manPageEntryHeadings();
    // main() reads these before any command.
    const QStringList beforeCommands{u"help"_s, u"version"_s};
    for (const QString &section : {u"options"_s, u"persistence"_s, u"security"_s}) {
        QVERIFY2(!headings.value(section).isEmpty(), qPrintable(section));
        for (const QString &heading : headings.value(section)) {
            const QString option = headingOption(heading);
            static const QRegularExpression name(u"^--([a-z-]+)"_s);
            const QString documented = name.match(option).captured(1);
            QVERIFY2(!documented.isEmpty(), qPrintable(heading));
            QVERIFY2(docsHaveName(docs, documented) || beforeCommands.contains(documented),
                     qPrintable(u"the man page documents --"_s + documented
                                + u", which the option table lacks"_s));
        }
    }
}

QTEST_GUILESS_MAIN(tst_PeerOptions)
#include "tst_peeroptions.moc"
