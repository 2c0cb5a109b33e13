// SPDX-License-Identifier: MIT
#include "startupoptions.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestStartupOptions : public QObject
{
    Q_OBJECT

private slots:
    void listensAndConnectsAsScriptsAsk();
    void listenTakesAPortOrAHostAndPort_data();
    void listenTakesAPortOrAHostAndPort();
    void refusesBadArguments_data();
    void refusesBadArguments();
    void versionAndHelpAreRecognised();
    void filesToOpenAreTakenAsAFileManagerPassesThem();
    void tracesAreToldFromReplicaFiles();
};

static QStringList args(std::initializer_list<const char *> list)
{
    QStringList result{QStringLiteral("scuttlescope")};
    for (const char *item : list)
        result.append(QString::fromUtf8(item));
    return result;
}

void TestStartupOptions::listensAndConnectsAsScriptsAsk()
{
    const auto options = StartupOptions::parse(
            args({"--listen", "9000", "--connect", "10.0.0.5:8000", "--connect", "[::1]:7000"}));
    QVERIFY2(options.ok(), qPrintable(options.errorMessage()));
    QVERIFY(options->listen.has_value());
    QCOMPARE(options->listen->port, quint16(9000));
    QCOMPARE(options->listen->address, QHostAddress(QHostAddress::Any));
    QCOMPARE(options->connect.size(), 2);
    QCOMPARE(options->connect.at(0).host, QStringLiteral("10.0.0.5"));
    QCOMPARE(options->connect.at(0).port, quint16(8000));
    QCOMPARE(options->connect.at(1).host, QStringLiteral("::1"));
    QCOMPARE(options->connect.at(1).address(), QStringLiteral("[::1]:7000"));
}

void TestStartupOptions::listenTakesAPortOrAHostAndPort_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QHostAddress>("address");
    QTest::addColumn<int>("port");
    QTest::newRow("port only: all interfaces") << "8000" << QHostAddress(QHostAddress::Any) << 8000;
    QTest::newRow("any free port") << "0" << QHostAddress(QHostAddress::Any) << 0;
    QTest::newRow("localhost") << "localhost:8000" << QHostAddress(QHostAddress::LocalHost) << 8000;
    QTest::newRow("ipv4") << "127.0.0.1:1" << QHostAddress(QStringLiteral("127.0.0.1")) << 1;
    QTest::newRow("ipv6") << "[::1]:65535" << QHostAddress(QStringLiteral("::1")) << 65535;
}

void TestStartupOptions::listenTakesAPortOrAHostAndPort()
{
    QFETCH(QString, text);
    QFETCH(QHostAddress, address);
    QFETCH(int, port);
    const auto listen = StartupOptions::parseListen(text);
    QVERIFY2(listen.ok(), qPrintable(listen.errorMessage()));
    QCOMPARE(listen->address, address);
    QCOMPARE(int(listen->port), port);
}

void TestStartupOptions::refusesBadArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("port too large") << args({"--listen", "70000"}) << "70000";
    QTest::newRow("port not a number") << args({"--listen", "http"}) << "http";
    QTest::newRow("listen twice") << args({"--listen", "1", "--listen", "2"}) << "more than once";
    QTest::newRow("connect without port") << args({"--connect", "example.org"}) << "HOST:PORT";
    QTest::newRow("connect to port 0") << args({"--connect", "example.org:0"}) << "\"0\"";
    QTest::newRow("unknown option") << args({"--frobnicate"}) << "frobnicate";
    QTest::newRow("a file that does not exist")
            << args({"nothing-here.sbreplica"}) << "nothing-here.sbreplica: no such file";
    QTest::newRow("a directory") << args({"/tmp"}) << "/tmp: a directory";
    QTest::newRow("missing value") << args({"--connect"}) << "connect";
}

void TestStartupOptions::refusesBadArguments()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const auto options = StartupOptions::parse(arguments);
    QVERIFY(!options.ok());
    QVERIFY2(options.errorMessage().contains(mentions), qPrintable(options.errorMessage()));
}

void TestStartupOptions::versionAndHelpAreRecognised()
{
    QVERIFY(StartupOptions::parse(args({"--version"}))->showVersion);
    QVERIFY(StartupOptions::parse(args({"--help"}))->showHelp);
    QVERIFY(StartupOptions::helpText().contains(QStringLiteral("--connect")));
}

void TestStartupOptions::filesToOpenAreTakenAsAFileManagerPassesThem()
{
    QTemporaryDir dir;
    QFile(dir.filePath(QStringLiteral("a.sbreplica"))).open(QIODevice::WriteOnly);
    QFile(dir.filePath(QStringLiteral("b.sbtrace"))).open(QIODevice::WriteOnly);
    QVERIFY(QDir::setCurrent(dir.path()));
    const auto options = StartupOptions::parse(
            QStringList{QStringLiteral("scuttlescope"), QStringLiteral("a.sbreplica"),
                        QStringLiteral("--listen"), QStringLiteral("0"),
                        dir.filePath(QStringLiteral("b.sbtrace"))});
    QVERIFY2(options.ok(), qPrintable(options.errorMessage()));
    // Absolute, so that a window of its own opens the same file.
    QCOMPARE(options->files,
             (QStringList{dir.filePath(QStringLiteral("a.sbreplica")),
                          dir.filePath(QStringLiteral("b.sbtrace"))}));
    QVERIFY(options->listen.has_value());
    QVERIFY(StartupOptions::helpText().contains(QStringLiteral("[FILE...]")));
}

void TestStartupOptions::tracesAreToldFromReplicaFiles()
{
    QTemporaryDir dir;
    const auto write = [&dir](const QString &name, const QByteArray &bytes) {
        QFile file(dir.filePath(name));
        file.open(QIODevice::WriteOnly);
        file.write(bytes);
        return file.fileName();
    };
    QVERIFY(StartupOptions::isTrace(write(QStringLiteral("x.sbtrace"), {})));
    QVERIFY(StartupOptions::isTrace(
            write(QStringLiteral("renamed.txt"), "{\"sbtrace\":1,\"tool\":\"sbpeer 0.1.0\"}\n")));
    QVERIFY(!StartupOptions::isTrace(
            write(QStringLiteral("r.sbreplica"), "{\"id\":\"A\",\"clock\":{}}\n\"SYNC\"\n")));
}

QTEST_GUILESS_MAIN(TestStartupOptions)
#include "tst_startupoptions.moc"
