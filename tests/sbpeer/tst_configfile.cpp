// SPDX-License-Identifier: MIT
#include "configfile.h"
#include "configuredcommand.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

// sbpeer's config file: its lines, and how they become options of the command
// line (ConfiguredCommand), with errors that name the file and the line.
class tst_ConfigFile : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void linesBecomeOptionsInOrder();
    void badLinesAreRefusedNamingFileAndLine_data();
    void badLinesAreRefusedNamingFileAndLine();
    void everyOptionCanBeSetInTheFile();
    void optionsAfterConfigWinOverTheFile();
    void refusedOptionsNameTheLineTheyCameFrom_data();
    void refusedOptionsNameTheLineTheyCameFrom();
    void aFlagWrittenWithAValueGetsAHint();
    void anErrorOfTheCommandLineAloneNamesNoLine();
    void aMissingFileIsAnErrorNamingIt();
    void configMisusedOnTheCommandLineIsRefused_data();
    void configMisusedOnTheCommandLineIsRefused();

private:
    QString write(const QByteArray &text);

    QTemporaryDir m_dir;
    int m_files = 0;
};

QString tst_ConfigFile::write(const QByteArray &text)
{
    const QString path = m_dir.filePath(QStringLiteral("peer%1.conf").arg(++m_files));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

void tst_ConfigFile::init()
{
    QVERIFY(m_dir.isValid());
}

void tst_ConfigFile::linesBecomeOptionsInOrder()
{
    const auto config = ConfigFile::parse("# a comment\n"
                                          "\n"
                                          "listen = 0.0.0.0:7000\r\n"
                                          "  set=greeting=\"hello world\"  \n"
                                          "\t# indented comment\n"
                                          "verify\n"
                                          "set = n = 1",
                                          QStringLiteral("peer.conf"));
    QVERIFY2(config, qPrintable(config.errorMessage()));
    QCOMPARE(config->arguments(),
             (QStringList{QStringLiteral("--listen"), QStringLiteral("0.0.0.0:7000"),
                          QStringLiteral("--set"), QStringLiteral("greeting=\"hello world\""),
                          QStringLiteral("--verify"), QStringLiteral("--set"),
                          QStringLiteral("n = 1")}));
    QCOMPARE(config->lines().size(), 4);
    QCOMPARE(config->lines().at(0).number, 3);
    QCOMPARE(config->where(config->lines().at(2)), QStringLiteral("peer.conf:6"));
    QCOMPARE(config->arguments(1),
             (QStringList{QStringLiteral("--listen"), QStringLiteral("0.0.0.0:7000")}));
}

void tst_ConfigFile::badLinesAreRefusedNamingFileAndLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("dashes")
            << QByteArray("listen = 127.0.0.1:1\n--verify\n")
            << QStringLiteral("peer.conf:2: write the option without its dashes: \"verify\"");
    QTest::newRow("not a name") << QByteArray("\n\nListen = 127.0.0.1:1\n")
                                << QStringLiteral(
                                           "peer.conf:3: \"Listen = 127.0.0.1:1\" is not a line");
    QTest::newRow("no name") << QByteArray("= 7000\n")
                             << QStringLiteral("peer.conf:1: \"= 7000\" is not a line");
    QTest::newRow("spaces in the name")
            << QByteArray("max peers = 3\n")
            << QStringLiteral("peer.conf:1: \"max peers = 3\" is not a line");
    QTest::newRow("empty value") << QByteArray("# x\nname =\n")
                                 << QStringLiteral("peer.conf:2: name has no value");
    QTest::newRow("nested config")
            << QByteArray("config = other.conf\n")
            << QStringLiteral("peer.conf:1: a config file cannot name another");
    QTest::newRow("not UTF-8") << QByteArray("name = caf\xe9\n")
                               << QStringLiteral("peer.conf:1: not UTF-8 text");
}

void tst_ConfigFile::badLinesAreRefusedNamingFileAndLine()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    const auto config = ConfigFile::parse(text, QStringLiteral("peer.conf"));
    QVERIFY(!config);
    QVERIFY2(config.errorMessage().startsWith(message), qPrintable(config.errorMessage()));
}

void tst_ConfigFile::everyOptionCanBeSetInTheFile()
{
    const QString path = write("listen = 127.0.0.1:0\n"
                               "type = events\n"
                               "id = server-1\n"
                               "dialect = auto\n"
                               "name = mesh\n"
                               "meta = {\"role\":\"hub\"}\n"
                               "max-peers = 7\n"
                               "max-line = 4096\n"
                               "max-clock-skew = 30\n"
                               "max-queue = 65536\n"
                               "max-rate = 1000\n"
                               "file = /var/lib/sbpeer/mesh.sbreplica\n"
                               "durability = every\n"
                               "compact-bytes = 0\n"
                               "trust = /etc/sbpeer/trust.json\n"
                               "verify\n"
                               "stdin\n"
                               "emit = joined={\"who\":\"x\"}\n");
    const auto command
            = ConfiguredCommand::parse({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QVERIFY2(command, qPrintable(command.errorMessage()));
    QCOMPARE(command->mode, PeerCommand::Mode::Serve);
    QCOMPARE(command->host, QStringLiteral("127.0.0.1"));
    QCOMPARE(command->type, QStringLiteral("events"));
    QCOMPARE(command->id, QStringLiteral("server-1"));
    QCOMPARE(command->dialect, sb::Dialect::Choice::Auto);
    QCOMPARE(command->name, QStringLiteral("mesh"));
    QCOMPARE(command->maxPeers, 7);
    QCOMPARE(command->maxLineLength, 4096);
    QCOMPARE(command->maxClockSkewMs, 30000);
    QCOMPARE(command->maxQueuedBytes, 65536);
    QCOMPARE(command->maxUpdatesPerSecond, 1000);
    QCOMPARE(command->file, QStringLiteral("/var/lib/sbpeer/mesh.sbreplica"));
    QCOMPARE(command->durability, sb::ReplicaFileOptions::Durability::EveryUpdate);
    QCOMPARE(command->compactBytes, 0);
    QCOMPARE(command->trustFile, QStringLiteral("/etc/sbpeer/trust.json"));
    QVERIFY(command->verify);
    QVERIFY(command->readCommands);
    QCOMPARE(command->sets.size(), 1);
    QCOMPARE(command->sets.first().first, QStringLiteral("joined"));
}

void tst_ConfigFile::optionsAfterConfigWinOverTheFile()
{
    // As the unit runs it: the file before --config, so the config file may name another;
    // a --max-peers after it wins over the file's; --set adds up.
    const QString path
            = write("listen = 127.0.0.1:7000\nmax-peers = 5\nfile = other.sbreplica\nset = a=1\n");
    const auto command = ConfiguredCommand::parse(
            {QStringLiteral("serve"), QStringLiteral("--file"), QStringLiteral("unit.sbreplica"),
             QStringLiteral("--set"), QStringLiteral("b=2"), QStringLiteral("--config"), path,
             QStringLiteral("--max-peers"), QStringLiteral("9")});
    QVERIFY2(command, qPrintable(command.errorMessage()));
    QCOMPARE(command->maxPeers, 9);
    QCOMPARE(command->file, QStringLiteral("other.sbreplica"));
    QCOMPARE(command->sets.size(), 2);
    QCOMPARE(command->port, quint16(7000));
}

void tst_ConfigFile::refusedOptionsNameTheLineTheyCameFrom_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<QString>("reason");
    QTest::newRow("bad number") << QByteArray("listen = 127.0.0.1:0\n\n# peers\nmax-peers = many\n")
                                << 4 << QStringLiteral("--max-peers must be a positive number");
    QTest::newRow("unknown option") << QByteArray("listen = 127.0.0.1:0\nlisten-twice = yes\n") << 2
                                    << QStringLiteral("unknown option \"--listen-twice\"");
    QTest::newRow("bad address") << QByteArray("listen = nowhere\n") << 1
                                 << QStringLiteral("address ");
    QTest::newRow("bad JSON") << QByteArray("listen = 127.0.0.1:0\nset = a={\n") << 2
                              << QStringLiteral("the value of \"a\" is not JSON");
    QTest::newRow("option without its value") << QByteArray("listen = 127.0.0.1:0\nname\n") << 2
                                              << QStringLiteral("--name needs a value");
    QTest::newRow("needs another option")
            << QByteArray("listen = 127.0.0.1:0\ndurability = every\n") << 2
            << QStringLiteral("--durability needs --file PATH");
}

void tst_ConfigFile::refusedOptionsNameTheLineTheyCameFrom()
{
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(QString, reason);
    const QString path = write(text);
    const auto command
            = ConfiguredCommand::parse({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QVERIFY(!command);
    const QString where = QStringLiteral("%1:%2: ").arg(path).arg(line);
    QVERIFY2(command.errorMessage().startsWith(where + reason), qPrintable(command.errorMessage()));
}

void tst_ConfigFile::aFlagWrittenWithAValueGetsAHint()
{
    const QString path = write("listen = 127.0.0.1:0\nverify = yes\n");
    const auto command
            = ConfiguredCommand::parse({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QVERIFY(!command);
    QCOMPARE(
            command.errorMessage(),
            QStringLiteral("%1:2: unexpected argument \"yes\" (if verify is a flag, write it alone "
                           "on its line: \"verify\")")
                    .arg(path));
}

void tst_ConfigFile::anErrorOfTheCommandLineAloneNamesNoLine()
{
    const QString path = write("name = mesh\n");
    const auto command
            = ConfiguredCommand::parse({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QVERIFY(!command);
    QCOMPARE(command.errorMessage(), QStringLiteral("serve needs --listen HOST:PORT"));
}

void tst_ConfigFile::aMissingFileIsAnErrorNamingIt()
{
    const QString path = m_dir.filePath(QStringLiteral("absent.conf"));
    const auto command
            = ConfiguredCommand::parse({QStringLiteral("serve"), QStringLiteral("--config"), path});
    QVERIFY(!command);
    QVERIFY2(command.errorMessage().startsWith(
                     QStringLiteral("cannot read the config file %1: ").arg(path)),
             qPrintable(command.errorMessage()));
}

void tst_ConfigFile::configMisusedOnTheCommandLineIsRefused_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no file") << QStringList{QStringLiteral("serve"), QStringLiteral("--config")}
                             << QStringLiteral("--config needs a file");
    QTest::newRow("twice") << QStringList{QStringLiteral("serve"), QStringLiteral("--config"),
                                          QStringLiteral("a"), QStringLiteral("--config"),
                                          QStringLiteral("b")}
                           << QStringLiteral("--config is given twice; one config file at a time");
    QTest::newRow("before the command")
            << QStringList{QStringLiteral("--config"), QStringLiteral("a"), QStringLiteral("serve")}
            << QStringLiteral("--config comes after the command: sbpeer serve --config FILE");
}

void tst_ConfigFile::configMisusedOnTheCommandLineIsRefused()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QVERIFY(ConfiguredCommand::usesConfig(arguments));
    const auto command = ConfiguredCommand::parse(arguments);
    QVERIFY(!command);
    QCOMPARE(command.errorMessage(), message);
}

QTEST_GUILESS_MAIN(tst_ConfigFile)
#include "tst_configfile.moc"
