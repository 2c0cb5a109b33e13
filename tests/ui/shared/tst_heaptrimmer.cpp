// SPDX-License-Identifier: MIT
#include "heaptrimmer.h"

#include <QFile>
#include <QTest>

#include <memory>
#include <vector>

using namespace std::chrono_literals;

// HeapTrimmer: the window gives freed heap back after a burst, at most once
// an interval.
class TestHeapTrimmer : public QObject
{
    Q_OBJECT

private slots:
    void aBurstBeforeTheIntervalDoesNotTrim();
    void theFirstBurstAfterTheIntervalTrimsOnce();
    void theSystemTrimGivesBackMemoryFreedInTheMiddleOfTheHeap();
};

void TestHeapTrimmer::aBurstBeforeTheIntervalDoesNotTrim()
{
    int trims = 0;
    HeapTrimmer trimmer(10s, [&trims] { ++trims; });
    QVERIFY(!trimmer.afterBurst());
    QVERIFY(!trimmer.afterBurst());
    QCOMPARE(trims, 0);
}

void TestHeapTrimmer::theFirstBurstAfterTheIntervalTrimsOnce()
{
    int trims = 0;
    HeapTrimmer trimmer(40ms, [&trims] { ++trims; });
    QTest::qWait(60);
    QVERIFY(trimmer.afterBurst());
    QVERIFY(!trimmer.afterBurst());
    QCOMPARE(trims, 1);

    QTest::qWait(60);
    QVERIFY(trimmer.afterBurst());
    QCOMPARE(trims, 2);
}

static qint64 residentKb()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.value(1).toLongLong() * 4; // pages of 4 KiB
}

void TestHeapTrimmer::theSystemTrimGivesBackMemoryFreedInTheMiddleOfTheHeap()
{
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
    QSKIP("malloc_trim is glibc's own allocator's");
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
