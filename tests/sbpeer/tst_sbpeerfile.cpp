// SPDX-License-Identifier: MIT
#include "model.h"
#include "replicafile.h"
#include "sbpeerprocess.h"
#include "testfiles.h"
#include "withoutrootoverride.h"

#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace sb;
using namespace TestFiles;
using namespace SbpeerProcess;

namespace {
QByteArray modelState(const QString &fileName)
{
    ReplicaFileOptions options;
    options.access = ReplicaFileOptions::Access::ReadOnly;
    ReplicaFile file(fileName, options);
    QSignalSpy loaded(&file, &ReplicaFile::loaded);
    file.open();
    if (!QTest::qWaitFor([&] { return !loaded.isEmpty(); }, 20000))
        return "not loaded";
    const auto *model = qobject_cast<const Model *>(file.replica());
    QStringList keys = model->keys();
    keys.sort();
    QByteArray out;
    for (const QString &key : std::as_const(keys))
        out += key.toUtf8() + '=' + model->entry(key).value() + ';';
    return out;
}
} // namespace

// sbpeer --file: load before networking, append, acknowledge, compact on exit,
// refuse bad files with one line and exit status 1.
class TestSbpeerFile : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_dir->filePath(name); }
    std::unique_ptr<QTemporaryDir> m_dir;

private slots:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
    }

    void createsTheFileAndAcknowledgesDurableUpdates_data()
    {
        QTest::addColumn<QStringList>("durability");
        QTest::newRow("group commit (default)") << QStringList();
        QTest::newRow("every update")
                << QStringList{QStringLiteral("--durability"), QStringLiteral("every")};
        QTest::newRow("group commit, 5 ms")
                << QStringList{QStringLiteral("--durability"), QStringLiteral("group"),
                               QStringLiteral("--group-commit-ms"), QStringLiteral("5")};
    }

    void createsTheFileAndAcknowledgesDurableUpdates()
    {
        QFETCH(QStringList, durability);
        const QString fileName = path(QStringLiteral("new.sb"));
        const auto result = run(QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"),
                                            fileName, QStringLiteral("--stdin")}
                                        + durability,
                                "set a=1\nset b={\"c\":[true]}\nset a=2\nbogus\ndump\nquit\n");
        QCOMPARE(result.exitCode, 0);
        QStringList lines = QString::fromUtf8(result.out).split(u'\n', Qt::SkipEmptyParts);
        QVERIFY(lines.first().startsWith(QStringLiteral("listening 127.0.0.1:")));
        QVERIFY(lines.contains(QStringLiteral("{\"a\":2,\"b\":{\"c\":[true]}}")));
        const QStringList acks = lines.filter(QRegularExpression(QStringLiteral("^ack ")));
        QCOMPARE(acks,
                 (QStringList{QStringLiteral("ack a"), QStringLiteral("ack b"),
                              QStringLiteral("ack a")}));
        QCOMPARE(modelState(fileName), QByteArray("a=2;b={\"c\":[true]};"));
        // Compacted on exit: no journal left after "SYNC".
        QVERIFY(readBytes(fileName).endsWith("\"SYNC\"\n"));
        QVERIFY(!QFile::exists(fileName + QStringLiteral(".lock")));
    }

    void savesTheFileOnSignals_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGINT") << SIGINT;
    }

    void savesTheFileOnSignals()
    {
        QFETCH(int, signalNumber);
        const QString fileName = path(QStringLiteral("signal.sb"));
        QProcess peer;
        peer.start(QStringLiteral(SBPEER_PATH),
                   {QStringLiteral("serve"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"), fileName,
                    QStringLiteral("--stdin"), QStringLiteral("--type"), QStringLiteral("events"),
                    QStringLiteral("--compact-bytes"), QStringLiteral("0")});
        QByteArray out;
        QVERIFY(!waitForLine(peer, out, "listening ").isEmpty());
        peer.write("emit join={\"who\":\"ann\"}\nemit left=1\n");
        QVERIFY(!waitForLine(peer, out, "ack left").isEmpty());
        QVERIFY(readBytes(fileName).contains(
                "\"SYNC\"\n[[\"join\",{\"who\":\"ann\"}],")); // appended
        ::kill(pid_t(peer.processId()), signalNumber);
        QVERIFY(peer.waitForFinished(20000));
        QCOMPARE(peer.exitStatus(), QProcess::NormalExit);
        QCOMPARE(peer.exitCode(), 0);
        const QByteArray bytes = readBytes(fileName);
        QVERIFY(bytes.startsWith("{\"id\":"));
        QVERIFY(bytes.contains("\"meta\":{\"type\":\"events\"}"));
        QVERIFY(bytes.endsWith("[[\"left\",1]," + bytes.split(',').last().split('\n').first()
                               + "\n\"SYNC\"\n")
                || bytes.endsWith("\"SYNC\"\n"));
        // Reopened without --type: the file says events.
        const auto again = run({QStringLiteral("serve"), QStringLiteral("--listen"),
                                QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"), fileName,
                                QStringLiteral("--stdin")},
                               "dump\nquit\n");
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.out.contains("\n[[\"join\",{\"who\":\"ann\"}],[\"left\",1]]\n"),
                 again.out.constData());
    }

    void refusesABadFileWithOneLine_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const QByteArray file = "{\"id\":\"ME\",\"clock\":{},\"meta\":{\"type\":\"model\"}}\n"
                                "[[\"a\",1],1,\"ME\"]\n\"SYNC\"\n";
        QTest::newRow("corrupt line") << file + "[[\"b\",2],\"x\",\"ME\"]\n[[\"c\",3],3,\"ME\"]\n"
                                      << QStringList() << "%1:4: the timestamp is not a number";
        QTest::newRow("invalid JSON") << file + "{{{\n[[\"c\",3],3,\"ME\"]\n"
                                      << QStringList() << "%1:4: invalid JSON: ";
        QTest::newRow("not a replica") << QByteArray("#!/bin/sh\necho hi\n") << QStringList()
                                       << "%1:1: not a replica file: invalid JSON: ";
        QTest::newRow("other type")
                << file << QStringList{QStringLiteral("--type"), QStringLiteral("events")}
                << "%1:1: the file holds a model replica, not an events one";
        QTest::newRow("other id") << file
                                  << QStringList{QStringLiteral("--id"), QStringLiteral("YOU")}
                                  << "%1:1: the file holds replica ME, not YOU";
    }

    void refusesABadFileWithOneLine()
    {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const QString fileName = path(QStringLiteral("bad.sb"));
        writeBytes(fileName, content);
        for (const QString &mode :
             {QStringLiteral("serve"), QStringLiteral("sync"), QStringLiteral("connect")}) {
            QStringList command{mode};
            command += mode == u"serve"
                    ? QStringList{QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")}
                    : QStringList{QStringLiteral("127.0.0.1:9")};
            const auto result
                    = run(command + QStringList{QStringLiteral("--file"), fileName} + arguments);
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.count('\n') == 1 && result.err.endsWith('\n'),
                     result.err.constData());
            const QString expected = QStringLiteral("sbpeer: ") + message.arg(fileName);
            QVERIFY2(QString::fromUtf8(result.err).startsWith(expected), result.err.constData());
            QVERIFY(result.out.isEmpty()); // not even listening
            QCOMPARE(readBytes(fileName), content);
        }
    }

    void refusesAFileItCannotWrite()
    {
        const QString fileName = path(QStringLiteral("readonly.sb"));
        const QByteArray content
                = "{\"id\":\"ME\",\"clock\":{},\"meta\":{\"type\":\"model\"}}\n\"SYNC\"\n";
        writeBytes(fileName, content);
        QVERIFY(QFile::setPermissions(fileName,
                                      QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
        const auto result
                = run({QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"), fileName},
                      {}, [](QProcess &process) {
                          process.setChildProcessModifier(&WithoutRootOverride::dropForChildren);
                      });
        QFile::setPermissions(fileName, QFile::ReadOwner | QFile::WriteOwner);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.count('\n') == 1, result.err.constData());
        QVERIFY2(result.err.startsWith("sbpeer: " + fileName.toUtf8()
                                       + ": cannot open for writing: "),
                 result.err.constData());
        QCOMPARE(readBytes(fileName), content);

        const QString nowhere = path(QStringLiteral("missing/dir/r.sb"));
        const auto missing
                = run({QStringLiteral("serve"), QStringLiteral("--listen"),
                       QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"), nowhere});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.startsWith("sbpeer: " + nowhere.toUtf8()
                                        + ": cannot create the lock file"),
                 missing.err.constData());
    }

    void reportsAFullDiskAndLosesNothingAcknowledged()
    {
        const QString fileName = path(QStringLiteral("full.sb"));
        QProcess peer;
        // ulimit -f: the file may not grow past 1 KiB; sbpeer ignores SIGXFSZ and
        // sees EFBIG, as on a full disk.
        peer.setChildProcessModifier([] {
            rlimit limit{};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = 1024;
            ::setrlimit(RLIMIT_FSIZE, &limit);
        });
        peer.start(QStringLiteral(SBPEER_PATH),
                   {QStringLiteral("serve"), QStringLiteral("--listen"),
                    QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"), fileName,
                    QStringLiteral("--stdin"), QStringLiteral("--durability"),
                    QStringLiteral("every")});
        QByteArray out;
        QVERIFY(!waitForLine(peer, out, "listening ").isEmpty());
        QByteArray commands;
        for (int i = 0; i < 60; ++i)
            commands += QStringLiteral("set key%1=\"twenty characters...\"\n").arg(i).toUtf8();
        peer.write(commands + "dump\n");
        QVERIFY(!waitForLine(peer, out, "{").isEmpty()); // everything applied, in memory
        QTest::qWait(200);
        peer.write("quit\n");
        QVERIFY(peer.waitForFinished(20000));
        out += peer.readAllStandardOutput();
        const QByteArray err = peer.readAllStandardError();
        QCOMPARE(peer.exitCode(), 1); // not everything could be saved
        QVERIFY2(err.contains(fileName.toUtf8()
                              + ": cannot append: File too large; updates are kept in memory"),
                 err.constData());
        QVERIFY2(
                err.contains(fileName.toUtf8() + ": cannot write the new snapshot: File too large"),
                err.constData()); // the final compaction could not save them either
        QVERIFY2(err.contains(" updates could not be saved"), err.constData());
        QVERIFY2(out.contains("\"key59\":\"twenty characters...\""), out.constData());

        QStringList acknowledged;
        for (const QByteArray &line : out.split('\n')) {
            if (line.startsWith("ack "))
                acknowledged.append(QString::fromUtf8(line.mid(4)));
        }
        qInfo("%lld of 60 updates acknowledged before the file was full",
              qint64(acknowledged.size()));
        QVERIFY(acknowledged.size() > 5);
        QVERIFY(acknowledged.size() < 60);
        QVERIFY(readBytes(fileName).endsWith('\n')); // whole lines only
        const QByteArray state = modelState(fileName);
        for (const QString &key : std::as_const(acknowledged))
            QVERIFY2(state.contains(key.toUtf8() + "=\"twenty characters...\";"), qPrintable(key));
    }

    void syncAndConnectKeepTheirFile()
    {
        QProcess server;
        const QString address = startServing(
                server,
                {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--set"),
                 QStringLiteral("x=1"), QStringLiteral("--id"), QStringLiteral("SERVER")});
        QVERIFY(!address.isEmpty());
        const QString fileName = path(QStringLiteral("client.sb"));

        const auto first = run({QStringLiteral("sync"), address, QStringLiteral("--file"), fileName,
                                QStringLiteral("--set"), QStringLiteral("y=2")});
        QCOMPARE(first.exitCode, 0);
        QCOMPARE(first.out, QByteArray("{\"y\":2,\"x\":1}\n"));
        const QByteArray digest = readBytes(fileName).split('\n').first();
        QVERIFY(digest.startsWith("{\"id\":\""));
        const QByteArray id = digest.mid(7, digest.indexOf('"', 7) - 7);

        const auto second = run({QStringLiteral("connect"), address, QStringLiteral("--file"),
                                 fileName, QStringLiteral("--no-tail"), QStringLiteral("--set"),
                                 QStringLiteral("z=3")});
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(modelState(fileName), QByteArray("x=1;y=2;z=3;"));
        const QByteArray bytes = readBytes(fileName);
        QVERIFY(bytes.startsWith("{\"id\":\"" + id + "\""));
        // The same source as before the restart.
        const QByteArray zLine = bytes.mid(bytes.indexOf("[[\"z\",3],")).split('\n').first();
        QVERIFY2(zLine.endsWith(",\"" + id + "\"]"), zLine.constData());

        const auto third
                = run({QStringLiteral("sync"), address, QStringLiteral("--file"), fileName});
        QCOMPARE(third.exitCode, 0);
        QCOMPARE(third.out,
                 QByteArray("{\"x\":1,\"y\":2,\"z\":3}\n")); // timestamp order, as loaded
        server.kill();
        server.waitForFinished();
    }

    void fileOptionsNeedAFile_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("durability")
                << QStringList{QStringLiteral("--durability"), QStringLiteral("every")}
                << "--durability needs --file PATH";
        QTest::newRow("bad durability")
                << QStringList{QStringLiteral("--file"), QStringLiteral("x"),
                               QStringLiteral("--durability"), QStringLiteral("sometimes")}
                << "--durability must be every or group, not \"sometimes\"";
        QTest::newRow("group interval")
                << QStringList{QStringLiteral("--group-commit-ms"), QStringLiteral("5")}
                << "--group-commit-ms needs --file PATH";
        QTest::newRow("bad interval")
                << QStringList{QStringLiteral("--file"), QStringLiteral("x"),
                               QStringLiteral("--group-commit-ms"), QStringLiteral("0")}
                << "--group-commit-ms must be a positive number of milliseconds";
        QTest::newRow("file dialect")
                << QStringList{QStringLiteral("--file"), QStringLiteral("x"),
                               QStringLiteral("--file-dialect"), QStringLiteral("6")}
                << "--file-dialect: unknown dialect \"6\" (expected auto, 5 or 4)";
        QTest::newRow("compact bytes")
                << QStringList{QStringLiteral("--compact-bytes"), QStringLiteral("10")}
                << "--compact-bytes needs --file PATH";
    }

    void fileOptionsNeedAFile()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const auto result = run(QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                                            QStringLiteral("127.0.0.1:0")}
                                + arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.startsWith("sbpeer: " + message.toUtf8() + '\n'),
                 result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestSbpeerFile)
#include "tst_sbpeerfile.moc"
