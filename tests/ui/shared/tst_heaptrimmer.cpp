// SPDX-License-Identifier: MIT
#include "heaptrimmer.h"

#include <QFile>
#include <QTest>

#include <memory>
#include <vector>

using namespace std::chrono_literals;

// HeapTrimmer: the window gives freed heap back once a burst ends, and at
// most once an interval while bursts go on.
class TestHeapTrimmer : public QObject
{
    Q_OBJECT

private slots:
    void aBurstBeforeTheIntervalDoesNotTrimAtOnce();
    void theHeapIsTrimmedOnceTheBurstsStopForTheQuietPeriod();
    void aLongRunOfBurstsTrimsOnceAnInterval();
    void theSystemTrimGivesBackMemoryFreedInTheMiddleOfTheHeap();
};

void TestHeapTrimmer::aBurstBeforeTheIntervalDoesNotTrimAtOnce()
{
    int trims = 0;
    HeapTrimmer trimmer(
            nullptr, [&trims] { ++trims; }, 10s, 10s);
    QVERIFY(!trimmer.afterBurst());
    QVERIFY(!trimmer.afterBurst());
    QCoreApplication::processEvents();
    QCOMPARE(trims, 0);
}

void TestHeapTrimmer::theHeapIsTrimmedOnceTheBurstsStopForTheQuietPeriod()
{
    int trims = 0;
    HeapTrimmer trimmer(
            nullptr, [&trims] { ++trims; }, 50ms, 10s);
    QVERIFY(!trimmer.afterBurst());
    QTest::qWait(20);
    QVERIFY(!trimmer.afterBurst()); // the quiet period starts again
    QTest::qWait(30);
    QCOMPARE(trims, 0);

    QTRY_COMPARE(trims, 1);
    QTest::qWait(100); // and once only
    QCOMPARE(trims, 1);
    QCOMPARE(trimmer.trimCount(), 1);
}

void TestHeapTrimmer::aLongRunOfBurstsTrimsOnceAnInterval()
{
    int trims = 0;
    HeapTrimmer trimmer(
            nullptr, [&trims] { ++trims; }, 10s, 40ms);
    QTest::qWait(60);
    QVERIFY(trimmer.afterBurst());
    QVERIFY(!trimmer.afterBurst());
    QCOMPARE(trims, 1);

    QTest::qWait(60);
    QVERIFY(trimmer.afterBurst());
    QCOMPARE(trims, 2);
}

#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__)
static qint64 residentKb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * 4; // pages of 4 KiB
}
#endif

void TestHeapTrimmer::theSystemTrimGivesBackMemoryFreedInTheMiddleOfTheHeap()
{
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
    QSKIP("malloc_trim acts on glibc's allocator, which this build (ASan, or not glibc) does not "
          "use");
#else
    if (residentKb() < 0)
        QSKIP("no /proc/self/statm");
    // 64 MiB in small blocks, each written so that its pages are resident,
    // then one block kept past them so the heap's top cannot shrink on its own.
    std::vector<std::unique_ptr<char[]>> blocks;
    for (int i = 0; i < 64 * 1024; ++i) {
        blocks.emplace_back(new char[1000]);
        std::fill_n(blocks.back().get(), 1000, char(i));
    }
    auto pinned = std::make_unique<char[]>(1000);
    pinned[0] = 1;
    blocks.clear();
    const qint64 before = residentKb();
    HeapTrimmer::systemTrim();
    const qint64 after = residentKb();
    QVERIFY2(before - after >= 32 * 1024,
             qPrintable(QStringLiteral("%1 KiB before, %2 KiB after").arg(before).arg(after)));
#endif
}

QTEST_GUILESS_MAIN(TestHeapTrimmer)
#include "tst_heaptrimmer.moc"
