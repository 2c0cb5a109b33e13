// SPDX-License-Identifier: MIT
#include "timelinerecords.h"

#include <QTest>

using namespace sb;

// The timeline's packed rows (TimelineRecords): what goes in comes out the
// same, and rows dropped from the front or moved leave the rest in order.
class TestTimelineRecords : public QObject
{
    Q_OBJECT

private slots:
    void everyFieldOfAnEntryComesBackAsItWent();
    void aTombstoneAndAnEventWithoutDataComeBack();
    void rowsDroppedFromTheFrontKeepTheSequenceOfTheRest();
    void sourcesKeepTheirNumbersWhenTheirRowsGo();
    void rowsMovedToAnotherRingArriveWhole();
};

static TimelineEntry entry(qint64 sequence, const Update &update,
                           TimelineEntry::Kind kind = TimelineEntry::Kind::Applied)
{
    TimelineEntry made;
    made.update = update;
    made.sequence = sequence;
    made.receivedAt = 1796349740000 + sequence;
    made.kind = kind;
    return made;
}

void TestTimelineRecords::everyFieldOfAnEntryComesBackAsItWent()
{
    TimelineRecords records;
    TimelineEntry local = entry(7,
                                Update(QStringLiteral("colour"), R"({"hue":"blå"})",
                                       1796349740339.002, QStringLiteral("me")));
    local.local = true;
    TimelineEntry forged
            = entry(8,
                    Update::fromCanonical(R"("key:1")", "[1,2]", 1796349740340.5,
                                          QStringLiteral("peer"), QStringLiteral("c2lnbmF0dXJl")),
                    TimelineEntry::Kind::Unverified);
    forged.reason = QStringLiteral("the signature does not verify: ünknown key");
    records.append(local);
    records.append(forged);

    QCOMPARE(records.size(), size_t(2));
    const TimelineEntry first = records.at(0);
    QCOMPARE(first.update, local.update);
    QCOMPARE(first.update.key(), QStringLiteral("colour"));
    QCOMPARE(first.sequence, 7);
    QCOMPARE(first.receivedAt, local.receivedAt);
    QCOMPARE(first.kind, TimelineEntry::Kind::Applied);
    QVERIFY(first.local);
    QVERIFY(first.reason.isEmpty());

    const TimelineEntry second = records.at(1);
    QCOMPARE(second.update, forged.update);
    QCOMPARE(second.update.signature(), QStringLiteral("c2lnbmF0dXJl"));
    QCOMPARE(second.update.timestamp(), 1796349740340.5);
    QCOMPARE(second.sequence, 8);
    QCOMPARE(second.kind, TimelineEntry::Kind::Unverified);
    QVERIFY(!second.local);
    QCOMPARE(second.reason, forged.reason);
    QCOMPARE(records.kindAt(1), TimelineEntry::Kind::Unverified);
    QCOMPARE(records.sequenceAt(1), 8);
}

void TestTimelineRecords::aTombstoneAndAnEventWithoutDataComeBack()
{
    TimelineRecords records;
    const Update tombstone = Update::tombstone(1796349740339.25, QStringLiteral("doc"));
    const Update event = Update::fromCanonical(R"("ping")", {}, 5, QStringLiteral("log"));
    records.append(entry(1, tombstone));
    records.append(entry(2, event));

    QVERIFY(records.at(0).update.isTombstone());
    QCOMPARE(records.at(0).update, tombstone);
    QCOMPARE(records.at(1).update, event);
    QVERIFY(!records.at(1).update.hasValue());
}

void TestTimelineRecords::rowsDroppedFromTheFrontKeepTheSequenceOfTheRest()
{
    TimelineRecords records;
    for (qint64 sequence = 1; sequence <= 10; ++sequence)
        records.append(entry(sequence,
                             Update(QStringLiteral("k%1").arg(sequence), "1", double(sequence),
                                    QStringLiteral("a"))));
    records.dropFront(4);

    QCOMPARE(records.size(), size_t(6));
    QCOMPARE(records.sequenceAt(0), 5);
    QCOMPARE(records.at(0).update.key(), QStringLiteral("k5"));
    QCOMPARE(records.at(5).update.key(), QStringLiteral("k10"));

    records.dropFront(100); // more than it holds
    QVERIFY(records.empty());
    records.append(entry(40, Update(QStringLiteral("again"), "2", 40, QStringLiteral("a"))));
    QCOMPARE(records.sequenceAt(0), 40);
    QCOMPARE(records.at(0).update.key(), QStringLiteral("again"));
}

void TestTimelineRecords::sourcesKeepTheirNumbersWhenTheirRowsGo()
{
    TimelineRecords records;
    records.append(entry(1, Update(QStringLiteral("x"), "1", 1, QStringLiteral("first"))));
    records.append(entry(2, Update(QStringLiteral("x"), "2", 2, QStringLiteral("second"))));
    records.append(entry(3, Update(QStringLiteral("x"), "3", 3, QStringLiteral("first"))));
    records.dropFront(2);

    QCOMPARE(records.sources(),
             std::vector<QString>({QStringLiteral("first"), QStringLiteral("second")}));
    QCOMPARE(records.indexOfSource(QStringLiteral("second")), 1);
    QCOMPARE(records.indexOfSource(QStringLiteral("never")), -1);
    QCOMPARE(records.sourceIndexAt(0), 0);
    QCOMPARE(records.at(0).update.source(), QStringLiteral("first"));
}

void TestTimelineRecords::rowsMovedToAnotherRingArriveWhole()
{
    TimelineRecords pending;
    TimelineRecords shown;
    shown.append(entry(1, Update(QStringLiteral("old"), "0", 1, QStringLiteral("b"))));
    TimelineEntry unverified
            = entry(2,
                    Update::fromCanonical(R"("k")", R"({"n":1})", 2, QStringLiteral("a"),
                                          QStringLiteral("sig")),
                    TimelineEntry::Kind::Unverified);
    unverified.reason = QStringLiteral("no key");
    pending.append(unverified);
    pending.append(entry(3, Update(QStringLiteral("k"), "2", 3, QStringLiteral("b"))));
    pending.append(entry(4, Update(QStringLiteral("k"), "3", 4, QStringLiteral("c"))));

    pending.moveFrontTo(shown, 2);

    QCOMPARE(shown.size(), size_t(3));
    QCOMPARE(pending.size(), size_t(1));
    QCOMPARE(pending.sequenceAt(0), 4);
    const TimelineEntry moved = shown.at(1);
    QCOMPARE(moved.sequence, 2);
    QCOMPARE(moved.update, unverified.update);
    QCOMPARE(moved.reason, QStringLiteral("no key"));
    QCOMPARE(moved.kind, TimelineEntry::Kind::Unverified);
    // Numbered by the ring they are in now.
    QCOMPARE(shown.sources(), std::vector<QString>({QStringLiteral("b"), QStringLiteral("a")}));
    QCOMPARE(shown.at(2).update.source(), QStringLiteral("b"));
    QCOMPARE(shown.sourceIndexAt(2), 0);
}

QTEST_GUILESS_MAIN(TestTimelineRecords)
#include "tst_timelinerecords.moc"
