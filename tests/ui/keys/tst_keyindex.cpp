// SPDX-License-Identifier: MIT
#include "keyindex.h"

#include <QTest>

#include <vector>

// KeyIndex finds the row of each key it was given, also while it is moving
// its cells into a larger table, and no row for a key it was not given.
class TestKeyIndex : public QObject
{
    Q_OBJECT

private slots:
    void findsEveryKeyWhileItGrows();
    void findsNothingForAnUnknownKey();
    void indexMadeForManyKeysFindsEachOfThem();
};

namespace {
QString keyOf(int row)
{
    return QStringLiteral("key:%1").arg(row);
}
} // namespace

void TestKeyIndex::findsEveryKeyWhileItGrows()
{
    KeyIndex index;
    std::vector<QString> keys;
    const auto keyAt = [&keys](int row) -> const QString & { return keys[size_t(row)]; };
    const int keyCount = 100000;
    for (int row = 0; row < keyCount; ++row) {
        keys.push_back(keyOf(row));
        index.insert(keys.back(), row);
        // Checked right after each growth too, before the old cells are moved.
        if ((row & (row - 1)) == 0 || row % 7919 == 0) {
            for (int earlier = 0; earlier <= row; earlier += qMax(1, row / 500))
                QCOMPARE(index.find(keyOf(earlier), keyAt), earlier);
        }
    }
    QCOMPARE(index.size(), keyCount);
    for (int row = 0; row < keyCount; ++row)
        QCOMPARE(index.find(keyOf(row), keyAt), row);
}

void TestKeyIndex::findsNothingForAnUnknownKey()
{
    KeyIndex index;
    std::vector<QString> keys;
    const auto keyAt = [&keys](int row) -> const QString & { return keys[size_t(row)]; };
    QCOMPARE(index.find(QStringLiteral("a"), keyAt), -1);
    for (int row = 0; row < 1000; ++row) {
        keys.push_back(keyOf(row));
        index.insert(keys.back(), row);
    }
    QCOMPARE(index.find(QStringLiteral("key:1000"), keyAt), -1);
    QCOMPARE(index.find(QStringLiteral("KEY:1"), keyAt), -1);
    QCOMPARE(index.find(QString(), keyAt), -1);
}

void TestKeyIndex::indexMadeForManyKeysFindsEachOfThem()
{
    KeyIndex index;
    index.reserve(5000);
    std::vector<QString> keys;
    const auto keyAt = [&keys](int row) -> const QString & { return keys[size_t(row)]; };
    for (int row = 0; row < 5000; ++row) {
        keys.push_back(keyOf(row));
        index.insert(keys.back(), row);
    }
    for (int row = 0; row < 5000; ++row)
        QCOMPARE(index.find(keyOf(row), keyAt), row);
}

QTEST_MAIN(TestKeyIndex)
#include "tst_keyindex.moc"
