// SPDX-License-Identifier: MIT
#include "modelstore_p.h"

#include <QtTest>

using namespace sb;
using namespace Qt::StringLiterals;

// ModelStore holds every key of a Model as canonical text. What a user would
// notice if it went wrong: a key found under another key's value, a value lost
// when another key grows, or an old value coming back after compaction.
class tst_ModelStore : public QObject
{
    Q_OBJECT

private slots:
    void findsWhatWasInserted();
    void missingKeyIsNotFound();
    void keepsInsertionOrderAcrossIndexGrowth();
    void findsEveryKeyWhileTheIndexGrows();
    void replaceKeepsOtherEntriesIntact_data();
    void replaceKeepsOtherEntriesIntact();
    void compactionKeepsEveryLiveValue();
    void signatureTravelsWithItsValue();
    void sourcesAreNumberedOnce();
    void deleteIsNullOrNoValue();
};

static QByteArray token(int i)
{
    return "\"key" + QByteArray::number(i) + '"';
}

static qsizetype insert(ModelStore &store, QByteArrayView key, QByteArrayView value,
                        double timestamp = 1, quint32 source = 0, QByteArrayView signature = {})
{
    return store.insert(key, store.hash(key), value, timestamp, source, signature);
}

void tst_ModelStore::findsWhatWasInserted()
{
    ModelStore store;
    const quint32 source = store.sourceNumber(u"A"_s);
    const qsizetype index = insert(store, "\"k\"", R"({"x":[1,2]})", 42, source);

    QCOMPARE(index, qsizetype(0));
    QCOMPARE(store.find("\"k\""), index);
    QCOMPARE(store.keyToken(index), QByteArrayView("\"k\""));
    QCOMPARE(store.value(index), QByteArrayView(R"({"x":[1,2]})"));
    QCOMPARE(store.entry(index).timestamp, 42.0);
    QCOMPARE(store.source(store.entry(index).source), u"A"_s);
    QVERIFY(store.signatureToken(index).isEmpty());
}

void tst_ModelStore::missingKeyIsNotFound()
{
    ModelStore store;
    QCOMPARE(store.find("\"k\""), qsizetype(-1));
    insert(store, "\"k\"", "1");
    QCOMPARE(store.find("\"K\""), qsizetype(-1));
    QCOMPARE(store.find("\"k \""), qsizetype(-1));
    QCOMPARE(store.find("\"\""), qsizetype(-1));
}

void tst_ModelStore::keepsInsertionOrderAcrossIndexGrowth()
{
    ModelStore store;
    const int count = 20000; // the index doubles many times on the way
    for (int i = 0; i < count; ++i)
        QCOMPARE(insert(store, token(i), QByteArray::number(i * 3), i), qsizetype(i));
    QCOMPARE(store.size(), qsizetype(count));
    for (int i = 0; i < count; ++i) {
        const qsizetype index = store.find(token(i));
        QCOMPARE(index, qsizetype(i));
        QCOMPARE(store.value(index), QByteArrayView(QByteArray::number(i * 3)));
        QCOMPARE(store.entry(index).timestamp, double(i));
    }
    QCOMPARE(store.find(token(count)), qsizetype(-1));
    QVERIFY(store.indexSlots() > store.size());
}

void tst_ModelStore::findsEveryKeyWhileTheIndexGrows()
{
    // The index grows a few slots at each insert: a key is in the new table
    // or the old one until the move ends, and must be found either way.
    ModelStore store;
    int checkedMidGrowth = 0;
    for (int i = 0; i < 5000; ++i) {
        QCOMPARE(store.find(token(i)), qsizetype(-1));
        insert(store, token(i), QByteArray::number(i), i);
        if (store.isGrowingIndex() && i % 7 == 0) {
            ++checkedMidGrowth;
            for (int k = 0; k <= i; ++k)
                QCOMPARE(store.find(token(k)), qsizetype(k));
            QCOMPARE(store.find(token(i + 1)), qsizetype(-1));
        }
    }
    QVERIFY(checkedMidGrowth > 10);
    while (store.isGrowingIndex()) // ends after a few more inserts
        insert(store, token(store.size()), "0");
    for (int k = 0; k < store.size(); ++k)
        QCOMPARE(store.find(token(k)), qsizetype(k));
}

void tst_ModelStore::replaceKeepsOtherEntriesIntact_data()
{
    QTest::addColumn<QByteArray>("before");
    QTest::addColumn<QByteArray>("after");

    QTest::newRow("shorter value, in place") << QByteArray(R"("long value")") << QByteArray("1");
    QTest::newRow("same length") << QByteArray("12") << QByteArray("34");
    QTest::newRow("longer value, moved") << QByteArray("1") << QByteArray(R"({"a":[1,2,3]})");
    QTest::newRow("to no value") << QByteArray("1") << QByteArray();
}

void tst_ModelStore::replaceKeepsOtherEntriesIntact()
{
    QFETCH(QByteArray, before);
    QFETCH(QByteArray, after);

    ModelStore store;
    insert(store, "\"a\"", "\"first\"");
    const qsizetype index = insert(store, "\"b\"", before, 1);
    insert(store, "\"c\"", "\"last\"");
    const quint32 other = store.sourceNumber(u"B"_s);
    store.replace(index, after, 2, other);

    QCOMPARE(store.find("\"b\""), index);
    QCOMPARE(store.keyToken(index), QByteArrayView("\"b\""));
    QCOMPARE(store.value(index), QByteArrayView(after));
    QCOMPARE(store.entry(index).timestamp, 2.0);
    QCOMPARE(store.entry(index).source, other);
    QCOMPARE(store.value(store.find("\"a\"")), QByteArrayView("\"first\""));
    QCOMPARE(store.value(store.find("\"c\"")), QByteArrayView("\"last\""));
    QCOMPARE(store.size(), qsizetype(3));
}

void tst_ModelStore::compactionKeepsEveryLiveValue()
{
    ModelStore store;
    const int keys = 100;
    for (int i = 0; i < keys; ++i)
        insert(store, token(i), "0");
    // Growing values move to the end of the arena each time, leaving garbage
    // far past the point where the store compacts.
    qsizetype peakArena = 0;
    for (int round = 1; round <= 200; ++round) {
        const QByteArray value = '"' + QByteArray(round, 'x') + '"';
        for (int i = 0; i < keys; ++i)
            store.replace(store.find(token(i)), value, round, 0);
        peakArena = qMax(peakArena, store.arenaBytes());
    }
    const QByteArray last = '"' + QByteArray(200, 'x') + '"';
    for (int i = 0; i < keys; ++i) {
        QCOMPARE(store.find(token(i)), qsizetype(i));
        QCOMPARE(store.value(i), QByteArrayView(last));
        QCOMPARE(store.keyToken(i), QByteArrayView(token(i)));
    }
    // Without compaction the arena would hold every value ever written (about 2 MB).
    const qsizetype live = store.arenaBytes() - store.garbageBytes();
    QVERIFY(live >= keys * last.size());
    QVERIFY2(peakArena < 4 * live + 128 * 1024, qPrintable(QString::number(peakArena)));
}

void tst_ModelStore::signatureTravelsWithItsValue()
{
    ModelStore store;
    const qsizetype index = insert(store, "\"k\"", "1", 1, 0, "\"c2lnbmF0dXJl\"");
    QCOMPARE(store.signatureToken(index), QByteArrayView("\"c2lnbmF0dXJl\""));
    QCOMPARE(store.value(index), QByteArrayView("1"));

    store.replace(index, "[1,2,3,4,5,6,7,8,9]", 2, 0, "\"bmV3\"");
    QCOMPARE(store.value(index), QByteArrayView("[1,2,3,4,5,6,7,8,9]"));
    QCOMPARE(store.signatureToken(index), QByteArrayView("\"bmV3\""));

    store.replace(index, "2", 3, 0);
    QCOMPARE(store.value(index), QByteArrayView("2"));
    QVERIFY(store.signatureToken(index).isEmpty());
}

void tst_ModelStore::sourcesAreNumberedOnce()
{
    ModelStore store;
    const quint32 a = store.sourceNumber(u"A"_s);
    const quint32 b = store.sourceNumber(u"B\u00e9\"q"_s);
    QCOMPARE(store.sourceNumber(u"A"_s), a);
    QCOMPARE(store.sourceNumber(u"B\u00e9\"q"_s), b);
    QVERIFY(a != b);
    QCOMPARE(store.sourceCount(), qsizetype(2));
    QCOMPARE(store.source(b), u"B\u00e9\"q"_s);
    // The token is what JSON.stringify writes for the id.
    QCOMPARE(store.sourceToken(b), QByteArrayView("\"B\xc3\xa9\\\"q\""));
}

void tst_ModelStore::deleteIsNullOrNoValue()
{
    ModelStore store;
    QVERIFY(store.isDelete(insert(store, "\"null\"", "null")));
    QVERIFY(store.isDelete(insert(store, "\"none\"", "")));
    QVERIFY(!store.isDelete(insert(store, "\"zero\"", "0")));
    QVERIFY(!store.isDelete(insert(store, "\"text\"", "\"null\"")));
}

QTEST_GUILESS_MAIN(tst_ModelStore)
#include "tst_modelstore.moc"
