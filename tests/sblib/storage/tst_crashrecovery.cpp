// SPDX-License-Identifier: MIT
#include "model.h"
#include "replicafile.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace sb;

// sbpeer applies updates in a loop with --durability every and is killed with
// SIGKILL at random moments, over and over; after each kill its file must load
// and hold every update it had acknowledged ("ack KEY") before dying.
class TestCrashRecovery : public QObject
{
    Q_OBJECT

private slots:
    void keepsEveryAcknowledgedUpdateThroughSigkill();
};

namespace {
constexpr int kKills = 30;
constexpr int kKeys = 300;     // keys are overwritten: the file stays small, compactions are many
constexpr int kInFlight = 400; // commands written ahead of the acknowledgements

struct PeerRun
{
    QProcess process;
    QByteArray pendingOutput;
    qint64 nextValue = 0;
    qint64 lastValue = 0;
    int acked = 0;
    int sent = 0;
};
} // namespace

void TestCrashRecovery::keepsEveryAcknowledgedUpdateThroughSigkill()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString fileName = dir.filePath(QStringLiteral("crash.sb"));
    QHash<QString, qint64> ackedValue; // the latest acknowledged value of each key
    QHash<QString, qint64> sentValue;  // the latest value sent for each key
    qint64 ackedTotal = 0;
    int killsBeforeFirstAck = 0;
    qint64 valueBase = 0;
    QString id;
    QElapsedTimer clock;
    clock.start();

    for (int kill = 1; kill <= kKills; ++kill) {
        PeerRun run;
        valueBase += 1000000;
        run.nextValue = valueBase;
        const auto sendMore = [&] {
            QByteArray commands;
            while (run.sent - run.acked < kInFlight) {
                const qint64 value = run.nextValue++;
                const QString key = QStringLiteral("k%1").arg(value % kKeys);
                sentValue[key] = value;
                commands += QStringLiteral("set %1=%2\n").arg(key).arg(value).toUtf8();
                ++run.sent;
            }
            run.process.write(commands);
        };
        // Acknowledged keys, in order: the value is the one sent last for that
        // key before the ack, since commands are applied in order.
        QList<QPair<QString, qint64>> inFlight;
        const auto takeOutput = [&] {
            run.pendingOutput += run.process.readAllStandardOutput();
            qsizetype newline;
            while ((newline = run.pendingOutput.indexOf('\n')) >= 0) {
                const QByteArray line = run.pendingOutput.left(newline);
                run.pendingOutput.remove(0, newline + 1);
                if (!line.startsWith("ack "))
                    continue;
                const QString key = QString::fromUtf8(line.mid(4));
                QVERIFY2(!inFlight.isEmpty() && inFlight.first().first == key, line.constData());
                ackedValue[key] = inFlight.takeFirst().second;
                ++run.acked;
                ++ackedTotal;
            }
        };
        connect(&run.process, &QProcess::readyReadStandardOutput, this, [&] {
            takeOutput();
            const int before = run.sent;
            sendMore();
            for (qint64 value = run.nextValue - (run.sent - before); value < run.nextValue; ++value)
                inFlight.append({QStringLiteral("k%1").arg(value % kKeys), value});
        });
        run.process.start(QStringLiteral(SBPEER_PATH),
                          {QStringLiteral("serve"), QStringLiteral("--listen"),
                           QStringLiteral("127.0.0.1:0"), QStringLiteral("--file"), fileName,
                           QStringLiteral("--durability"), QStringLiteral("every"),
                           QStringLiteral("--compact-bytes"), QStringLiteral("6000"),
                           QStringLiteral("--stdin")});
        QVERIFY(run.process.waitForStarted());
        sendMore();
        for (qint64 value = valueBase; value < run.nextValue; ++value)
            inFlight.append({QStringLiteral("k%1").arg(value % kKeys), value});

        QTest::qWait(int(QRandomGenerator::global()->bounded(60, 700)));
        QVERIFY2(run.process.state() == QProcess::Running,
                 run.process.readAllStandardError().constData());
        run.process.kill(); // SIGKILL
        QVERIFY(run.process.waitForFinished());
        takeOutput();
        // A kill during start-up or loading is a random moment too; it just has
        // nothing acknowledged to check.
        if (run.acked == 0)
            ++killsBeforeFirstAck;

        // A kill before sbpeer created its file (a slow start, as under ASan)
        // leaves nothing to load; nothing can have been acknowledged then.
        if (!QFileInfo::exists(fileName)) {
            QVERIFY2(ackedValue.isEmpty(), "acknowledged updates but wrote no file");
            continue;
        }

        // The file as the next start will find it.
        ReplicaFileOptions options;
        options.access = ReplicaFileOptions::Access::ReadOnly;
        ReplicaFile file(fileName, options);
        QSignalSpy loaded(&file, &ReplicaFile::loaded);
        QSignalSpy failed(&file, &ReplicaFile::failed);
        file.open();
        QTRY_VERIFY(loaded.count() + failed.count() == 1);
        QVERIFY2(failed.isEmpty(),
                 qPrintable(failed.isEmpty()
                                    ? QString()
                                    : failed.first().first().value<ReplicaFileError>().message()));
        const auto *model = qobject_cast<const Model *>(file.replica());
        QVERIFY(model);
        if (id.isEmpty())
            id = model->id();
        QCOMPARE(model->id(), id);
        for (auto it = ackedValue.cbegin(); it != ackedValue.cend(); ++it) {
            const JsonValue held = model->get(it.key());
            QVERIFY2(held.isNumber(), qPrintable(it.key()));
            // Values only grow: anything older than the acknowledged one is a loss.
            QVERIFY2(held.toNumber() >= double(it.value()),
                     qPrintable(QStringLiteral("%1: holds %2, acknowledged %3")
                                        .arg(it.key())
                                        .arg(held.toNumber())
                                        .arg(it.value())));
            QVERIFY(held.toNumber() <= double(sentValue.value(it.key())));
        }
    }
    qInfo("%d kills, %lld acknowledged updates checked (%lld keys), %d kills before the first "
          "acknowledgement, %lld ms",
          kKills, ackedTotal, qint64(ackedValue.size()), killsBeforeFirstAck, clock.elapsed());
    QVERIFY2(killsBeforeFirstAck <= kKills / 2, "too few runs got far enough to prove anything");
}

QTEST_GUILESS_MAIN(TestCrashRecovery)
#include "tst_crashrecovery.moc"
