// SPDX-License-Identifier: MIT
#include "timestamp.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QThread>
#include <QVector>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

using namespace sb;

// Timestamp is the clock every local update is stamped with: values must be
// unique and rising, shaped like npm monotonic-timestamp's, and a replica whose
// clock ran ahead must still be able to stamp newer updates.
class tst_Timestamp : public QObject
{
    Q_OBJECT

private slots:
    void nowIsCloseToTheWallClock(); // first: later bursts may run a little ahead
    void strictlyIncreasingAcrossManyCallsInOneMillisecond();
    void fractionalStepsAreCountOverCountPlus1000();
    void firstValueOfAMillisecondIsTheWholeMillisecond();
    void uniqueAcrossThreads();
    void nowKeepsRisingAfterAFloorAhead();
    // Last: its floors leave the process clock far ahead.
    void afterExceedsFloor_data();
    void afterExceedsFloor();
};

void tst_Timestamp::strictlyIncreasingAcrossManyCallsInOneMillisecond()
{
    constexpr int kCalls = 200000;
    std::vector<double> values;
    values.reserve(kCalls);
    for (int i = 0; i < kCalls; ++i)
        values.push_back(Timestamp::now());

    int sameMillisecondPairs = 0;
    for (int i = 1; i < kCalls; ++i) {
        if (!(values[i] > values[i - 1]))
            QFAIL(qPrintable(QStringLiteral("call %1 gave %2, not greater than %3")
                                     .arg(i)
                                     .arg(values[i], 0, 'f', 6)
                                     .arg(values[i - 1], 0, 'f', 6)));
        if (std::floor(values[i]) == std::floor(values[i - 1]))
            ++sameMillisecondPairs;
    }
    // The loop is far faster than one call per millisecond, so the rule for
    // repeated milliseconds was exercised.
    QVERIFY(sameMillisecondPairs > kCalls / 2);
}

void tst_Timestamp::fractionalStepsAreCountOverCountPlus1000()
{
    // monotonic-timestamp: time + (count++) / (count + 999) with the counter
    // already incremented, that is k / (k + 1000) for the k-th repeat.
    int runsChecked = 0;
    QElapsedTimer timer;
    timer.start();
    while (runsChecked < 20 && timer.elapsed() < 10000) {
        std::vector<double> run{Timestamp::now()};
        for (int i = 0; i < 50; ++i)
            run.push_back(Timestamp::now());
        // Find a millisecond whose first value we saw, and check its repeats.
        for (size_t start = 1; start + 3 < run.size(); ++start) {
            const double millis = run[start];
            if (millis != std::floor(millis) || std::floor(run[start - 1]) == millis)
                continue;
            for (size_t k = 1; start + k < run.size() && std::floor(run[start + k]) == millis;
                 ++k) {
                const double expected = millis + double(k) / double(k + 1000);
                QCOMPARE(run[start + k], expected);
            }
            ++runsChecked;
            break;
        }
    }
    QVERIFY2(runsChecked >= 20, "no millisecond with repeated calls was observed");
}

void tst_Timestamp::firstValueOfAMillisecondIsTheWholeMillisecond()
{
    // Like Date.now(): a timestamp taken alone in its millisecond has no fraction.
    double previous = Timestamp::now();
    int checked = 0;
    for (int i = 0; i < 100000 && checked < 10; ++i) {
        const double value = Timestamp::now();
        if (std::floor(value) != std::floor(previous)) {
            QCOMPARE(value, std::floor(value));
            ++checked;
        }
        previous = value;
    }
    QVERIFY(checked > 0);
}

void tst_Timestamp::nowIsCloseToTheWallClock()
{
    const double before = double(QDateTime::currentMSecsSinceEpoch());
    const double value = Timestamp::now();
    const double after = double(QDateTime::currentMSecsSinceEpoch());
    QVERIFY(value >= before);
    QVERIFY(value < after + 1);
}

void tst_Timestamp::uniqueAcrossThreads()
{
    constexpr int kThreads = 4;
    constexpr int kCalls = 20000;
    std::vector<std::vector<double>> perThread(kThreads);
    std::vector<std::unique_ptr<QThread>> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back(QThread::create([&values = perThread[size_t(t)]] {
            values.reserve(kCalls);
            for (int i = 0; i < kCalls; ++i)
                values.push_back(Timestamp::now());
        }));
        threads.back()->start();
    }
    for (auto &thread : threads)
        QVERIFY(thread->wait(60000));

    std::vector<double> all;
    for (const auto &values : perThread) {
        QVERIFY(std::is_sorted(values.begin(), values.end()));
        QVERIFY(std::adjacent_find(values.begin(), values.end()) == values.end());
        all.insert(all.end(), values.begin(), values.end());
    }
    std::sort(all.begin(), all.end());
    QVERIFY2(std::adjacent_find(all.begin(), all.end()) == all.end(),
             "two threads were given the same timestamp");
}

void tst_Timestamp::afterExceedsFloor_data()
{
    // Floors are given relative to the process clock at the time of the call
    // (earlier tests may have moved it ahead of the wall clock), except the
    // absolute ones at the end.
    QTest::addColumn<double>("offset");
    QTest::addColumn<bool>("absolute");
    QTest::newRow("no floor (-infinity)") << -std::numeric_limits<double>::infinity() << false;
    QTest::newRow("floor in the past") << -60000.0 << false;
    QTest::newRow("floor a minute ahead") << 60000.0 << false;
    QTest::newRow("floor ahead with a fraction below .5") << 60000.25 << false;
    QTest::newRow("floor ahead with a fraction above .5") << 60000.75 << false;
    QTest::newRow("floor years ahead") << 1e12 << false;
    QTest::newRow("floor past 2^53 (no fraction representable)") << 1e16 << true;
    QTest::newRow("floor near the top of doubles") << 1e300 << true;
}

void tst_Timestamp::afterExceedsFloor()
{
    QFETCH(double, offset);
    QFETCH(bool, absolute);
    const double reference = Timestamp::now();
    const double floor = absolute ? offset : std::floor(reference) + offset;
    const double value = Timestamp::after(floor);
    QVERIFY2(value > floor,
             qPrintable(QStringLiteral("after(%1) gave %2")
                                .arg(floor, 0, 'g', 17)
                                .arg(value, 0, 'g', 17)));
    QVERIFY(value > reference);
    QVERIFY(std::isfinite(value));
    if (floor < reference) {
        // Nothing to catch up with: the usual next timestamp.
        QVERIFY(value - reference < 1000);
    } else {
        // Just past the floor, not somewhere far beyond it.
        QVERIFY2(value - floor <= std::max(1.0, floor * 1e-15),
                 qPrintable(QString::number(value - floor)));
    }
}

void tst_Timestamp::nowKeepsRisingAfterAFloorAhead()
{
    // A replica loaded from a file written by a machine whose clock ran an hour
    // ahead: every later local update must still be newer, and stamping must
    // stay as cheap as usual (it once spun for seconds per call).
    const double ahead = double(QDateTime::currentMSecsSinceEpoch()) + 3600000;
    double previous = Timestamp::after(ahead);
    QVERIFY(previous > ahead);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 100000; ++i) {
        const double value = Timestamp::now();
        if (!(value > previous))
            QFAIL(qPrintable(QStringLiteral("call %1 did not rise").arg(i)));
        previous = value;
    }
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QStringLiteral("%1 ms").arg(timer.elapsed())));
    QVERIFY2(previous - ahead < 1000, qPrintable(QString::number(previous - ahead)));
}

QTEST_GUILESS_MAIN(tst_Timestamp)
#include "tst_timestamp.moc"
