// SPDX-License-Identifier: MIT
#include "largearray_p.h"

#include <QtTest>

#include <cstring>

using sb::LargeArray;

class tst_LargeArray : public QObject
{
    Q_OBJECT

private slots:
    void keepsEveryElementAsItGrowsPastTheMappedSize();
    void bytesAppendedInPiecesReadBackWhole();
    void aMoveTakesTheBlockAndLeavesAnEmptyArray();
    void reserveKeepsTheSizeAndTheElements();
};

namespace {
struct Pair
{
    qint64 number;
    double half;
};
} // namespace

// 10 MiB of elements: from malloc's block, through the switch to a mapping of
// its own at 1 MiB, to mremap's growth beyond.
void tst_LargeArray::keepsEveryElementAsItGrowsPastTheMappedSize()
{
    constexpr qint64 kCount = 10 * 1024 * 1024 / qint64(sizeof(Pair));
    LargeArray<Pair> array;
    for (qint64 i = 0; i < kCount; ++i)
        array.append(Pair{i, double(i) / 2});
    QCOMPARE(array.size(), kCount);
    QVERIFY(array.capacity() >= kCount);
    for (qint64 i = 0; i < kCount; ++i) {
        if (array[i].number != i || array[i].half != double(i) / 2)
            QFAIL(qPrintable(QStringLiteral("element %1 holds %2").arg(i).arg(array[i].number)));
    }
}

void tst_LargeArray::bytesAppendedInPiecesReadBackWhole()
{
    LargeArray<char> bytes;
    QByteArray expected;
    for (int i = 0; i < 40000; ++i) {
        const QByteArray piece = "piece " + QByteArray::number(i) + ';';
        bytes.append(piece.constData(), piece.size());
        expected += piece;
    }
    bytes.append(nullptr, 0); // nothing to add is no change
    QCOMPARE(QByteArray(bytes.data(), bytes.size()), expected);
    char *out = bytes.extend(3);
    std::memcpy(out, "end", 3);
    QCOMPARE(QByteArray(bytes.data(), bytes.size()), expected + "end");
}

void tst_LargeArray::aMoveTakesTheBlockAndLeavesAnEmptyArray()
{
    LargeArray<int> from;
    for (int i = 0; i < 300000; ++i) // past a megabyte: a mapping of its own
        from.append(i);
    const int *block = from.data();
    LargeArray<int> to(std::move(from));
    QCOMPARE(to.data(), block);
    QCOMPARE(to.size(), 300000);
    QCOMPARE(to[299999], 299999);
    QVERIFY(from.isEmpty()); // NOLINT(bugprone-use-after-move): the moved-from state is specified
    QCOMPARE(from.capacity(), 0);

    LargeArray<int> small;
    small.append(7);
    small = std::move(to);
    QCOMPARE(small.size(), 300000);
    QCOMPARE(small[0], 0);
}

void tst_LargeArray::reserveKeepsTheSizeAndTheElements()
{
    LargeArray<quint32> array;
    array.append(1);
    array.append(2);
    array.reserve(1 << 20); // 4 MiB: straight from malloc's block to a mapping
    QCOMPARE(array.size(), 2);
    QCOMPARE(array.capacity(), 1 << 20);
    QCOMPARE(array[0], 1u);
    QCOMPARE(array[1], 2u);
    array.reserve(10); // never shrinks
    QCOMPARE(array.capacity(), 1 << 20);
}

QTEST_GUILESS_MAIN(tst_LargeArray)
#include "tst_largearray.moc"
