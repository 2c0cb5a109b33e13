// SPDX-License-Identifier: MIT
#include "expectok.h"
#include "keysmodel.h"
#include "keysproxymodel.h"
#include "model.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

#include <vector>

using namespace sb;

// Tests of a few thousand keys at most run with a tester on the models; those
// of 10^5 keys do not, as it walks every row on every signal and their point
// is how long the work takes.
class TestKeysModel : public QObject
{
    Q_OBJECT

private slots:
    void showsKeysAlreadyInTheReplica();
    void burstOfUpdatesIsAppliedInFewInsertsAndFewChanges();
    void backlogOfNewKeysGoesInOverSeveralTurnsOfTheEventLoop();
    void updateToAKeyStillWaitingForItsRowIsShownInIt();
    void changesToShownKeysAreNotHeldBackByABacklog();
    void ownEditIsShownAtOnceWithoutTheBacklog();
    void remoteChangeMarksTheRowLocalEditDoesNot();
    void countsHeldUpdatesPerSource();
    void sortsKeysNaturally();
    void filterMatchesKeysAndValuesIgnoringCase();
    void deletedKeysAreHiddenUntilAsked();
    void pausesLiveResortingUnderAFloodAndRestoresOrder();
    void staysFastWithManyKeysAndManyUpdates();
};

static Update remote(const QString &key, const QByteArray &value, double timestamp,
                     const QString &source = QStringLiteral("REMOTE"))
{
    return Update(key, value, timestamp, source);
}

void TestKeysModel::showsKeysAlreadyInTheReplica()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("a"), JsonValue(1)));
    expectOk(model.set(QStringLiteral("b"), JsonValue(QStringLiteral("x"))));
    KeysModel keys(&model);
    TestSupport::watchModel(&keys);
    QCOMPARE(keys.rowCount(), 2);
    QCOMPARE(keys.index(0, KeysModel::KeyColumn).data().toString(), QStringLiteral("a"));
    QCOMPARE(keys.index(1, KeysModel::ValueColumn).data().toString(), QStringLiteral("\"x\""));
    QCOMPARE(keys.index(1, KeysModel::SourceColumn).data().toString(), QStringLiteral("LOCAL"));
}

void TestKeysModel::burstOfUpdatesIsAppliedInFewInsertsAndFewChanges()
{
    Model model(QStringLiteral("LOCAL"));
    for (int i = 0; i < 1000; ++i)
        expectOk(model.set(QStringLiteral("k%1").arg(i), JsonValue(i)));
    KeysModel keys(&model);
    TestSupport::watchModel(&keys);
    QSignalSpy inserted(&keys, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&keys, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&keys, &QAbstractItemModel::modelReset);

    double timestamp = 3e12;
    for (int i = 0; i < 10000; ++i) // 5000 new keys, 5000 changes to the first 100 keys
        model.receive(
                remote(i % 2 ? QStringLiteral("new%1").arg(i) : QStringLiteral("k%1").arg(i % 100),
                       QByteArray::number(i), timestamp++));
    QCOMPARE(keys.rowCount(), 1000); // nothing applied until the next tick
    QTRY_COMPARE(keys.rowCount(), 6000);

    // 5000 new keys: a few inserts (a slice of work each), not one per key.
    QVERIFY2(inserted.size() <= 20, qPrintable(QString::number(inserted.size())));
    QCOMPARE(reset.size(), 0);
    QVERIFY2(changed.size() <= 25, qPrintable(QString::number(changed.size())));
    const int row = keys.rowOfKey(QStringLiteral("k98"));
    QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QStringLiteral("9998"));
}

void TestKeysModel::backlogOfNewKeysGoesInOverSeveralTurnsOfTheEventLoop()
{
    // What a first sync of a large replica brings: far more new keys than one
    // slice of work takes.
    Model model(QStringLiteral("LOCAL"));
    KeysModel keys(&model);
    KeysProxyModel proxy;
    proxy.setKeysModel(&keys);
    proxy.sort(KeysModel::KeyColumn);
    // Counts turns of the event loop; each insert must come on a later turn
    // than the one before, or the window would not answer meanwhile.
    int turns = 0;
    QTimer turnCounter;
    turnCounter.setInterval(0);
    connect(&turnCounter, &QTimer::timeout, this, [&turns] { ++turns; });
    turnCounter.start();
    std::vector<int> turnOfInsert;
    connect(&keys, &QAbstractItemModel::rowsInserted, this,
            [&turns, &turnOfInsert] { turnOfInsert.push_back(turns); });

    const int keyCount = 200000;
    for (int i = 0; i < keyCount; ++i)
        model.receive(remote(QStringLiteral("key:%1").arg(i), QByteArray::number(i), 1e12 + i));
    QCOMPARE(keys.rowCount(), 0);
    QCOMPARE(keys.rowOfKey(QStringLiteral("key:0")), -1); // no row yet
    QTRY_COMPARE_WITH_TIMEOUT(keys.rowCount(), keyCount, 20000);

    QCOMPARE(keys.pendingInsertCount(), 0);
    QVERIFY2(turnOfInsert.size() > 1, qPrintable(QString::number(turnOfInsert.size())));
    for (size_t i = 1; i < turnOfInsert.size(); ++i)
        QVERIFY2(turnOfInsert[i] > turnOfInsert[i - 1], qPrintable(QString::number(i)));
    // Every key is in the table, in its own row, sorted naturally by the proxy.
    QCOMPARE(proxy.rowCount(), keyCount);
    for (int i = 0; i < keyCount; i += 997) {
        const int row = keys.rowOfKey(QStringLiteral("key:%1").arg(i));
        QVERIFY(row >= 0);
        QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QString::number(i));
    }
    QCOMPARE(proxy.index(0, KeysModel::KeyColumn).data().toString(), QStringLiteral("key:0"));
    QCOMPARE(proxy.index(keyCount - 1, KeysModel::KeyColumn).data().toString(),
             QStringLiteral("key:%1").arg(keyCount - 1));
}

void TestKeysModel::updateToAKeyStillWaitingForItsRowIsShownInIt()
{
    Model model(QStringLiteral("LOCAL"));
    KeysModel keys(&model);
    TestSupport::watchModel(&keys);
    model.receive(remote(QStringLiteral("a"), "1", 4e12));
    model.receive(remote(QStringLiteral("b"), "2", 4e12 + 1));
    model.receive(remote(QStringLiteral("a"), "3", 4e12 + 2)); // before "a" has a row
    QCOMPARE(keys.pendingInsertCount(), 2);
    keys.flush();
    QCOMPARE(keys.rowCount(), 2);
    const int row = keys.rowOfKey(QStringLiteral("a"));
    QCOMPARE(keys.index(row, KeysModel::KeyColumn).data().toString(), QStringLiteral("a"));
    QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QStringLiteral("3"));
    QCOMPARE(keys.heldCounts().value(QStringLiteral("REMOTE")), 2);
}

void TestKeysModel::changesToShownKeysAreNotHeldBackByABacklog()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("shown"), JsonValue(1)));
    KeysModel keys(&model);
    for (int i = 0; i < 200000; ++i)
        model.receive(remote(QStringLiteral("new%1").arg(i), "0", 1e12 + i));
    QSignalSpy inserted(&keys, &QAbstractItemModel::rowsInserted);
    QVERIFY(inserted.wait()); // the first slice of the backlog is in

    model.receive(remote(QStringLiteral("shown"), "2", 2e12));
    qsizetype backlogWhenShown = -1;
    connect(&keys, &QAbstractItemModel::dataChanged, this, [&] {
        if (backlogWhenShown < 0)
            backlogWhenShown = keys.pendingInsertCount();
    });
    // Cells are read from the Model when drawn: what counts is that the
    // views are told of the change while new keys still wait.
    QTRY_VERIFY(backlogWhenShown >= 0);
    const int row = keys.rowOfKey(QStringLiteral("shown"));
    QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QStringLiteral("2"));
    QVERIFY2(backlogWhenShown > 0, qPrintable(QString::number(backlogWhenShown)));
    QTRY_COMPARE_WITH_TIMEOUT(keys.rowCount(), 200001, 20000);
}

void TestKeysModel::ownEditIsShownAtOnceWithoutTheBacklog()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("mine"), JsonValue(1)));
    KeysModel keys(&model);
    for (int i = 0; i < 200000; ++i)
        model.receive(remote(QStringLiteral("new%1").arg(i), "0", 1e12 + i));

    QCOMPARE(keys.setValueJson(QStringLiteral("mine"), QStringLiteral("[2]")), std::nullopt);
    const int row = keys.rowOfKey(QStringLiteral("mine"));
    QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QStringLiteral("[2]"));
    // The edit did not make the window apply 200,000 new keys there and then.
    QVERIFY2(keys.pendingInsertCount() > 100000,
             qPrintable(QString::number(keys.pendingInsertCount())));
    keys.removeKeys({QStringLiteral("mine")});
    QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QStringLiteral("null"));
    QVERIFY(keys.pendingInsertCount() > 0);
    QTRY_COMPARE_WITH_TIMEOUT(keys.rowCount(), 200001, 20000);
}

void TestKeysModel::remoteChangeMarksTheRowLocalEditDoesNot()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("mine"), JsonValue(1)));
    KeysModel keys(&model);
    TestSupport::watchModel(&keys);
    model.receive(remote(QStringLiteral("theirs"), "2", 4e12));
    keys.flush();
    const int theirs = keys.rowOfKey(QStringLiteral("theirs"));
    const int mine = keys.rowOfKey(QStringLiteral("mine"));
    QVERIFY(keys.index(theirs, KeysModel::KeyColumn).data(Qt::BackgroundRole).isValid());
    QVERIFY(!keys.index(mine, KeysModel::KeyColumn).data(Qt::BackgroundRole).isValid());
    // The mark fades: after kFlashMs the row looks like any other.
    QTRY_VERIFY_WITH_TIMEOUT(!keys.index(theirs, 0).data(Qt::BackgroundRole).isValid(),
                             KeysModel::kFlashMs + 1000);
}

void TestKeysModel::countsHeldUpdatesPerSource()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("a"), JsonValue(1)));
    expectOk(model.set(QStringLiteral("b"), JsonValue(1)));
    KeysModel keys(&model);
    TestSupport::watchModel(&keys);
    QSignalSpy counts(&keys, &KeysModel::heldCountsChanged);
    model.receive(remote(QStringLiteral("a"), "2", 4e12)); // taken over by REMOTE
    model.receive(remote(QStringLiteral("c"), "3", 4e12 + 1));
    keys.flush();
    QCOMPARE(counts.size(), 1);
    QCOMPARE(keys.heldCounts().value(QStringLiteral("LOCAL")), 1);
    QCOMPARE(keys.heldCounts().value(QStringLiteral("REMOTE")), 2);
}

void TestKeysModel::sortsKeysNaturally()
{
    QVERIFY(KeysProxyModel::naturalCompare(u"k2", u"k10") < 0);
    QVERIFY(KeysProxyModel::naturalCompare(u"K10", u"k9") > 0);
    QVERIFY(KeysProxyModel::naturalCompare(u"user:007", u"user:7") != 0);
    QVERIFY(KeysProxyModel::naturalCompare(u"apple", u"Banana") < 0);
    QCOMPARE(KeysProxyModel::naturalCompare(u"same", u"same"), 0);
    // ASCII keys are compared on their bytes: the order must be the same.
    const char *const ascii[]
            = {"k2", "k10", "K10", "k9", "user:007", "user:7", "apple", "Banana", "same", "",
               "a0", "a00", "a",   "A",  "x-1.5",    "x-1.50", "~",     "Z0009z", "z9Z"};
    for (const char *a : ascii) {
        for (const char *b : ascii) {
            const QString wideA = QString::fromLatin1(a);
            const QString wideB = QString::fromLatin1(b);
            QCOMPARE(KeysProxyModel::naturalCompare(QLatin1StringView(a), QLatin1StringView(b)),
                     KeysProxyModel::naturalCompare(wideA, wideB));
        }
    }

    Model model(QStringLiteral("LOCAL"));
    // Plain ASCII keys beside keys that are not (accents, an escaped quote):
    // both kinds sort by the one order.
    for (const char *key : {"k10", "k9", "K1", "k100", "é2", "k\"5", "É10", "k3é"})
        expectOk(model.set(QString::fromUtf8(key), JsonValue(1)));
    KeysModel keys(&model);
    KeysProxyModel proxy;
    proxy.setKeysModel(&keys);
    TestSupport::watchModels(&proxy);
    proxy.sort(KeysModel::KeyColumn);
    QStringList order;
    for (int row = 0; row < proxy.rowCount(); ++row)
        order.append(proxy.index(row, 0).data().toString());
    QCOMPARE(order,
             (QStringList{QStringLiteral("k\"5"), QStringLiteral("K1"), QStringLiteral("k3é"),
                          QStringLiteral("k9"), QStringLiteral("k10"), QStringLiteral("k100"),
                          QStringLiteral("é2"), QStringLiteral("É10")}));
}

void TestKeysModel::filterMatchesKeysAndValuesIgnoringCase()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("user:alice"), JsonValue(QStringLiteral("Admin"))));
    expectOk(model.set(QStringLiteral("user:bob"), JsonValue(QStringLiteral("viewer"))));
    expectOk(model.set(QStringLiteral("theme"), JsonValue(QStringLiteral("ADMIN blue"))));
    expectOk(model.set(QStringLiteral("café"), JsonValue(QStringLiteral("crème"))));
    KeysModel keys(&model);
    KeysProxyModel proxy;
    proxy.setKeysModel(&keys);
    TestSupport::watchModels(&proxy);
    proxy.setFilterText(QStringLiteral("admin"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setFilterText(QStringLiteral("BOB"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterText(QStringLiteral("crème"));
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterText({});
    QCOMPARE(proxy.rowCount(), 4);
}

void TestKeysModel::deletedKeysAreHiddenUntilAsked()
{
    Model model(QStringLiteral("LOCAL"));
    expectOk(model.set(QStringLiteral("a"), JsonValue(1)));
    expectOk(model.set(QStringLiteral("b"), JsonValue(2)));
    KeysModel keys(&model);
    KeysProxyModel proxy;
    proxy.setKeysModel(&keys);
    TestSupport::watchModels(&proxy);
    keys.removeKeys({QStringLiteral("a")});
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setShowDeleted(true);
    QCOMPARE(proxy.rowCount(), 2);
    const int row = keys.rowOfKey(QStringLiteral("a"));
    QCOMPARE(keys.index(row, KeysModel::ValueColumn).data().toString(), QStringLiteral("null"));
    QVERIFY(model.get(QStringLiteral("a")).isNull());
}

void TestKeysModel::pausesLiveResortingUnderAFloodAndRestoresOrder()
{
    Model model(QStringLiteral("LOCAL"));
    for (int i = 0; i < 5000; ++i)
        expectOk(model.set(QStringLiteral("k%1").arg(i), JsonValue(i)));
    KeysModel keys(&model);
    KeysProxyModel proxy;
    proxy.setKeysModel(&keys);
    TestSupport::watchModels(&proxy);
    proxy.sort(KeysModel::ValueColumn, Qt::DescendingOrder);
    QSignalSpy stale(&proxy, &KeysProxyModel::orderStaleChanged);

    double timestamp = 5e12;
    for (int i = 0; i < 2000; ++i) // every other key jumps to the top of the order
        model.receive(remote(QStringLiteral("k%1").arg(i * 2), "\"zzz\"", timestamp++));
    keys.flush();
    QVERIFY(proxy.isOrderStale());
    QCOMPARE(stale.size(), 1);
    // Rows still show their new values in place.
    QCOMPARE(proxy.rowCount(), 5000);

    QTRY_VERIFY_WITH_TIMEOUT(!proxy.isOrderStale(), 3000);
    QCOMPARE(proxy.index(0, KeysModel::ValueColumn).data().toString(), QStringLiteral("\"zzz\""));
    QCOMPARE(proxy.index(1999, KeysModel::ValueColumn).data().toString(),
             QStringLiteral("\"zzz\""));
    QVERIFY(proxy.index(2000, KeysModel::ValueColumn).data().toString()
            != QStringLiteral("\"zzz\""));
}

void TestKeysModel::staysFastWithManyKeysAndManyUpdates()
{
    // 300,000 keys sorted by key; then batches of 3,000 updates (what 50,000
    // updates a second bring per tick), a fifth of them new keys.
    Model model(QStringLiteral("LOCAL"));
    const int keyCount = 300000;
    for (int i = 0; i < keyCount; ++i)
        model.receive(remote(QStringLiteral("key:%1").arg(i), QByteArray::number(i), 1e12 + i));
    KeysModel keys(&model);
    KeysProxyModel proxy;
    proxy.setKeysModel(&keys);
    proxy.sort(KeysModel::KeyColumn);

    double timestamp = 2e12;
    int next = keyCount;
    qint64 slowest = 0;
    for (int batch = 0; batch < 10; ++batch) {
        for (int i = 0; i < 3000; ++i) {
            const QString key = i % 5 == 0
                    ? QStringLiteral("key:%1").arg(next++)
                    : QStringLiteral("key:%1").arg((i * 7919 + batch) % keyCount);
            model.receive(remote(key, QByteArray::number(i), timestamp++));
        }
        QElapsedTimer timer;
        timer.start();
        keys.flush();
        slowest = qMax(slowest, timer.elapsed());
    }
    qInfo("slowest batch of 3000 updates over %d keys: %lld ms", keyCount, slowest);
    QCOMPARE(proxy.rowCount(), next);
    QVERIFY2(slowest < 1000, qPrintable(QStringLiteral("%1 ms").arg(slowest)));
}

QTEST_MAIN(TestKeysModel)
#include "tst_keysmodel.moc"
