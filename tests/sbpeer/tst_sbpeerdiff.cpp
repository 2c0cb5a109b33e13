// SPDX-License-Identifier: MIT
#include "jsoncodec.h"
#include "sbpeercli.h"
#include "sbpeerprocess.h"

#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;
using namespace SbpeerProcess;
using SbpeerCli::readAll;
using SbpeerCli::writeFile;

namespace {
const QByteArray kFileA = "{\"id\":\"RA\",\"clock\":{\"S\":12}}\n"
                          "[[\"same\",1],10,\"S\"]\n"
                          "[[\"onlyA\",2],11,\"S\"]\n"
                          "[[\"k\",\"a\"],12,\"S\"]\n"
                          "\"SYNC\"\n";
const QByteArray kFileB = "{\"id\":\"RB\",\"clock\":{\"S\":10,\"T\":14}}\n"
                          "[[\"same\",1],10,\"S\"]\n"
                          "[[\"onlyB\",3],13,\"T\"]\n"
                          "[[\"k\",\"b\"],14,\"T\"]\n"
                          "\"SYNC\"\n";
} // namespace

// sbpeer diff A B: files and peers compared like diff(1), exit 0 when equal,
// 1 when they differ, 2 on bad input; neither side is changed.
class TestSbpeerDiff : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;

private slots:
    void equalFilesExitZero()
    {
        const QString a = path(QStringLiteral("eq-a.sbreplica"));
        const QString b = path(QStringLiteral("eq-b.sbreplica"));
        QVERIFY(writeFile(a, kFileA));
        QByteArray other = kFileA;
        other.replace("\"RA\"", "\"RC\"");
        QVERIFY(writeFile(b, other));
        const auto result = run({QStringLiteral("diff"), a, b});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.err.isEmpty());
        QVERIFY(!result.out.contains("only in"));
        QVERIFY(result.out.contains("\n  S       12"));
    }

    void differentFilesPrintTheThreeGroups()
    {
        const QString a = path(QStringLiteral("a.sbreplica"));
        const QString b = path(QStringLiteral("b.sbreplica"));
        QVERIFY(writeFile(a, kFileA));
        QVERIFY(writeFile(b, kFileB));
        const auto result = run({QStringLiteral("diff"), a, b});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.isEmpty(), result.err.constData());
        const QList<QByteArray> lines = result.out.split('\n');
        QCOMPARE(lines.value(0), "--- A " + a.toUtf8() + " (model, id RA)");
        QCOMPARE(lines.value(1), "+++ B " + b.toUtf8() + " (model, id RB)");
        const QList<QByteArray> expected = {
                "keys only in A:",
                "< \"onlyA\": 2  (source S, stamp 11)",
                "keys only in B:",
                "> \"onlyB\": 3  (source T, stamp 13)",
                "keys held by both, differently:",
                "! \"k\"",
                "<   \"a\"  (source S, stamp 12)",
                ">   \"b\"  (source T, stamp 14)",
                "    B wins: later timestamp",
                "clocks (< only A has the source, > only B, | different latest stamps):",
                "  source  A                     B",
                "| S       12                    10",
                "> T       -                     14",
                "",
        };
        QCOMPARE(lines.mid(2), expected);
        // Read, never written.
        QCOMPARE(readAll(a), kFileA);
        QCOMPARE(readAll(b), kFileB);
    }

    void jsonHoldsTheSameForScripts()
    {
        const QString a = path(QStringLiteral("ja.sbreplica"));
        const QString b = path(QStringLiteral("jb.sbreplica"));
        QVERIFY(writeFile(a, kFileA));
        QVERIFY(writeFile(b, kFileB));
        const auto result = run({QStringLiteral("diff"), QStringLiteral("--json"), a, b});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.out.endsWith('\n'));
        QCOMPARE(result.out.count('\n'), 1);
        QVERIFY(JsonCodec::parse(result.out));
        const QByteArray expected = "{\"equal\":false,\"type\":\"model\","
                                    "\"a\":{\"target\":\""
                + a.toUtf8()
                + "\",\"kind\":\"file\",\"id\":\"RA\"},"
                  "\"b\":{\"target\":\""
                + b.toUtf8()
                + "\",\"kind\":\"file\",\"id\":\"RB\"},"
                  "\"onlyInA\":[{\"key\":\"onlyA\",\"value\":2,\"source\":\"S\",\"timestamp\":11}],"
                  "\"onlyInB\":[{\"key\":\"onlyB\",\"value\":3,\"source\":\"T\",\"timestamp\":13}],"
                  "\"different\":[{\"key\":\"k\",\"a\":{\"value\":\"a\",\"source\":\"S\","
                  "\"timestamp\":12},"
                  "\"b\":{\"value\":\"b\",\"source\":\"T\",\"timestamp\":14},\"winner\":\"b\","
                  "\"rule\":\"later timestamp\"}],"
                  "\"clocks\":[{\"source\":\"S\",\"a\":12,\"b\":10,\"differs\":true},"
                  "{\"source\":\"T\",\"a\":null,\"b\":14,\"differs\":true}]}\n";
        QCOMPARE(result.out, expected);
    }

    void servedPeersAreReadWithoutChange()
    {
        QProcess firstPeer;
        QProcess secondPeer;
        const auto stop = qScopeGuard([&] {
            for (QProcess *peer : {&firstPeer, &secondPeer}) {
                peer->kill();
                peer->waitForFinished();
            }
        });
        const QString first = startServing(
                firstPeer,
                {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--id"),
                 QStringLiteral("P1"), QStringLiteral("--set"), QStringLiteral("x=1"),
                 QStringLiteral("--set"), QStringLiteral("y=[2]")});
        const QString second = startServing(
                secondPeer,
                {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--id"),
                 QStringLiteral("P2"), QStringLiteral("--set"), QStringLiteral("z=3")});
        QVERIFY(!first.isEmpty());
        QVERIFY(!second.isEmpty());

        const auto differ = run({QStringLiteral("diff"), first, second});
        QCOMPARE(differ.exitCode, 1);
        QVERIFY2(differ.err.isEmpty(), differ.err.constData());
        QVERIFY(differ.out.startsWith("--- A " + first.toUtf8() + " (model, id P1)\n"));
        QVERIFY(differ.out.contains("\nkeys only in A:\n< \"x\": 1  (source P1, stamp "));
        QVERIFY(differ.out.contains("\n< \"y\": [2]  (source P1, stamp "));
        QVERIFY(differ.out.contains("\nkeys only in B:\n> \"z\": 3  (source P2, stamp "));
        QVERIFY(differ.out.contains("\n< P1  "));
        QVERIFY(differ.out.contains("\n> P2  "));

        // Neither peer took anything from the diff: each still holds only its own.
        const auto again = run({QStringLiteral("diff"), first, second});
        QCOMPARE(again.out, differ.out);
        const auto one = run({QStringLiteral("sync"), first});
        QCOMPARE(one.out, QByteArray("{\"x\":1,\"y\":[2]}\n"));
        const auto two = run({QStringLiteral("sync"), second});
        QCOMPARE(two.out, QByteArray("{\"z\":3}\n"));

        // Brought together through a file, they are equal, and so is the file.
        const QString relay = path(QStringLiteral("relay.sbreplica"));
        QCOMPARE(run({QStringLiteral("sync"), first, QStringLiteral("--file"), relay}).exitCode, 0);
        QCOMPARE(run({QStringLiteral("sync"), second, QStringLiteral("--file"), relay}).exitCode,
                 0);
        QCOMPARE(run({QStringLiteral("sync"), first, QStringLiteral("--file"), relay}).exitCode, 0);
        const auto equal = run({QStringLiteral("diff"), first, second});
        QVERIFY2(equal.exitCode == 0, equal.out.constData());
        const auto withFile
                = run({QStringLiteral("diff"), relay, second, QStringLiteral("--json")});
        QCOMPARE(withFile.exitCode, 0);
        QVERIFY(withFile.out.startsWith("{\"equal\":true,"));
    }

    void badInputExitsTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("nothing") << QStringList{} << "diff takes two replicas, A and B, not 0";
        QTest::newRow("one side") << QStringList{QStringLiteral("x.sbreplica")}
                                  << "diff takes two replicas, A and B, not 1";
        QTest::newRow("missing file")
                << QStringList{QStringLiteral("nowhere/x.sbreplica"), QStringLiteral("127.0.0.1:9")}
                << "sbpeer diff: A: nowhere/x.sbreplica: no such file";
        QTest::newRow("neither")
                << QStringList{QStringLiteral("@FILE_A@"), QStringLiteral("oops")}
                << "sbpeer diff: B: \"oops\" is neither a replica file nor HOST:PORT";
        QTest::newRow("unreachable")
                << QStringList{QStringLiteral("@FILE_A@"), QStringLiteral("127.0.0.1:1")}
                << "sbpeer diff: B (127.0.0.1:1): ";
        QTest::newRow("not a replica file")
                << QStringList{QStringLiteral("@NOT_REPLICA@"), QStringLiteral("@FILE_A@")}
                << ":1: not a replica file";
        QTest::newRow("model against events")
                << QStringList{QStringLiteral("@FILE_A@"), QStringLiteral("@EVENTS@")}
                << "A is model and B events: only replicas of one type compare";
        QTest::newRow("bad type") << QStringList{QStringLiteral("--type"), QStringLiteral("x")}
                                  << "--type must be model, events or doc";
    }

    void badInputExitsTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QVERIFY(writeFile(path(QStringLiteral("fa.sbreplica")), kFileA));
        QVERIFY(writeFile(path(QStringLiteral("bad.sbreplica")), "hello\n"));
        QVERIFY(writeFile(
                path(QStringLiteral("ev.sbreplica")),
                "{\"id\":\"E\",\"clock\":{},\"meta\":{\"type\":\"events\"}}\n\"SYNC\"\n"));
        for (QString &argument : arguments) {
            argument.replace(QStringLiteral("@FILE_A@"), path(QStringLiteral("fa.sbreplica")));
            argument.replace(QStringLiteral("@NOT_REPLICA@"),
                             path(QStringLiteral("bad.sbreplica")));
            argument.replace(QStringLiteral("@EVENTS@"), path(QStringLiteral("ev.sbreplica")));
        }
        const auto result = run(QStringList{QStringLiteral("diff")} + arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains(message.toUtf8()), result.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestSbpeerDiff)
#include "tst_sbpeerdiff.moc"
