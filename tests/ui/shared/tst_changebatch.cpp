// SPDX-License-Identifier: MIT
#include "batchscheduler.h"
#include "changebatch.h"
#include "rowpacer.h"

#include <QElapsedTimer>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace std::chrono_literals;

// The batches of the window's models (ChangeBatch) on the one scheduler of
// the GUI thread (BatchScheduler), and how many rows a slice inserts (RowPacer).
class TestChangeBatch : public QObject
{
    Q_OBJECT

private slots:
    void aBatchRunsOnceAfterItsCoalescingInterval();
    void aCancelledBatchDoesNotRun();
    void aBatchDestroyedWhileScheduledIsNotCalled();
    void batchesDueTogetherShareATurn();
    void aSliceThatUsesTheTurnLetsTheOthersGoBeforeItsRest();
    void aSliceMayCancelABatchDueInTheSameTurn();
    void thePacerStartsSmallAndGrowsAtMostTwofold();
    void thePacerFitsTheRowsToTheTimeLeft();
    void thePacerTimesTheInsertItMakes();
};

// Spins until deadline has passed, as a slice with much to do would.
static void workUntil(QDeadlineTimer deadline)
{
    while (!deadline.hasExpired()) { }
}

void TestChangeBatch::aBatchRunsOnceAfterItsCoalescingInterval()
{
    int runs = 0;
    ChangeBatch batch(40ms, [&runs](QDeadlineTimer) {
        ++runs;
        return false;
    });
    QElapsedTimer clock;
    clock.start();
    batch.schedule();
    batch.schedule(); // more changes of the same burst
    QVERIFY(batch.isScheduled());
    QCoreApplication::processEvents();
    QCOMPARE(runs, 0);

    QTRY_COMPARE(runs, 1);
    QVERIFY2(clock.elapsed() >= 35, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!batch.isScheduled());
    QTest::qWait(60);
    QCOMPARE(runs, 1);
}

void TestChangeBatch::aCancelledBatchDoesNotRun()
{
    int runs = 0;
    ChangeBatch batch(10ms, [&runs](QDeadlineTimer) {
        ++runs;
        return false;
    });
    batch.schedule();
    batch.cancel();
    QVERIFY(!batch.isScheduled());
    QTest::qWait(50);
    QCOMPARE(runs, 0);
}

void TestChangeBatch::aBatchDestroyedWhileScheduledIsNotCalled()
{
    int runs = 0;
    auto batch = std::make_unique<ChangeBatch>(0ms, [&runs](QDeadlineTimer) {
        ++runs;
        return false;
    });
    batch->scheduleNow();
    batch.reset();
    QTest::qWait(30);
    QCOMPARE(runs, 0);
}

void TestChangeBatch::batchesDueTogetherShareATurn()
{
    std::vector<QString> order;
    bool nextTurnCame = false;
    ChangeBatch first(0ms, [&](QDeadlineTimer) {
        order.push_back(QStringLiteral("first"));
        // Delivered at the next turn of the event loop, not within this one.
        QTimer::singleShot(0, this, [&nextTurnCame] { nextTurnCame = true; });
        return false;
    });
    ChangeBatch second(0ms, [&](QDeadlineTimer) {
        order.push_back(nextTurnCame ? QStringLiteral("second, a turn later")
                                     : QStringLiteral("second"));
        return false;
    });
    first.scheduleNow();
    second.scheduleNow();
    QTRY_COMPARE(order.size(), size_t(2));
    QCOMPARE(order, (std::vector<QString>{QStringLiteral("first"), QStringLiteral("second")}));
}

void TestChangeBatch::aSliceThatUsesTheTurnLetsTheOthersGoBeforeItsRest()
{
    std::vector<QString> order;
    int heavyLeft = 2;
    ChangeBatch heavy(0ms, [&](QDeadlineTimer deadline) {
        order.push_back(QStringLiteral("heavy"));
        workUntil(deadline);
        return --heavyLeft > 0;
    });
    ChangeBatch light(0ms, [&](QDeadlineTimer deadline) {
        // It runs with time left, never with an expired deadline: the turn
        // that heavy used up ended before it.
        order.push_back(deadline.hasExpired() ? QStringLiteral("light late")
                                              : QStringLiteral("light"));
        return false;
    });
    QElapsedTimer clock;
    clock.start();
    heavy.scheduleNow();
    light.scheduleNow();
    QTRY_COMPARE(order.size(), size_t(3));
    QCOMPARE(order,
             (std::vector<QString>{QStringLiteral("heavy"), QStringLiteral("light"),
                                   QStringLiteral("heavy")}));
    // heavy's rest waited a frame after its first slice.
    QVERIFY(clock.elapsed() >= BatchScheduler::kFrame.count());
    QVERIFY(!heavy.isScheduled());
}

void TestChangeBatch::aSliceMayCancelABatchDueInTheSameTurn()
{
    int secondRuns = 0;
    std::unique_ptr<ChangeBatch> second;
    ChangeBatch first(0ms, [&](QDeadlineTimer) {
        second->cancel(); // as a model's flush() does for its own batch
        return false;
    });
    second = std::make_unique<ChangeBatch>(0ms, [&](QDeadlineTimer) {
        ++secondRuns;
        return false;
    });
    first.scheduleNow();
    second->scheduleNow();
    QTRY_VERIFY(!first.isScheduled());
    QTest::qWait(30);
    QCOMPARE(secondRuns, 0);
}

void TestChangeBatch::thePacerStartsSmallAndGrowsAtMostTwofold()
{
    RowPacer pacer;
    const qint64 plenty = 1'000'000'000; // a second: time is not what limits here
    QCOMPARE(pacer.rowsFor(plenty, 1'000'000), RowPacer::kFirstRows);
    QCOMPARE(pacer.rowsFor(plenty, 10), qsizetype(10));

    pacer.measured(RowPacer::kFirstRows, 1000); // very cheap rows
    QCOMPARE(pacer.rowsFor(plenty, 1'000'000), 2 * RowPacer::kFirstRows);
    pacer.measured(2 * RowPacer::kFirstRows, 2000);
    QCOMPARE(pacer.rowsFor(plenty, 1'000'000), 4 * RowPacer::kFirstRows);
    for (int i = 0; i < 10; ++i) {
        const qsizetype rows = pacer.rowsFor(plenty, 1'000'000);
        pacer.measured(rows, rows);
    }
    QCOMPARE(pacer.rowsFor(plenty, 1'000'000), RowPacer::kMaxRows);
}

void TestChangeBatch::thePacerFitsTheRowsToTheTimeLeft()
{
    RowPacer pacer;
    pacer.measured(1000, 1'000'000); // 1 us a row
    QCOMPARE(pacer.rowsFor(1'500'000, 1'000'000), qsizetype(1500));
    // Some rows always go in, however little time is left.
    QCOMPARE(pacer.rowsFor(0, 1'000'000), RowPacer::kMinRows);
    QCOMPARE(pacer.rowsFor(-5, 100), qsizetype(100));
}

void TestChangeBatch::thePacerTimesTheInsertItMakes()
{
    RowPacer pacer;
    qsizetype inserted = 0;
    pacer.insertChunk(QDeadlineTimer(5ms), 100'000, [&inserted](qsizetype rows) {
        inserted = rows;
        workUntil(QDeadlineTimer(4ms)); // 4 ms for kFirstRows rows
    });
    QCOMPARE(inserted, RowPacer::kFirstRows);
    // About 2 us a row was measured, so 8 ms fit about 4096 rows (fewer when
    // the machine was slower than asked).
    const qsizetype next = pacer.rowsFor(8'000'000, 100'000);
    QVERIFY2(next > RowPacer::kMinRows && next <= 2 * RowPacer::kFirstRows,
             qPrintable(QString::number(next)));

    pacer.insertChunk(QDeadlineTimer(5ms), 0, [](qsizetype) { QFAIL("nothing pending"); });
}

QTEST_MAIN(TestChangeBatch)
#include "tst_changebatch.moc"
