// SPDX-License-Identifier: MIT
#include "keyprovenance.h"
#include "provenancering_p.h"
#include "textring.h"

#include <QTest>

#include <vector>

using namespace sb;

// The packed rings that bound a session's records: TextRing, the chunks the
// text of a ring of rows lives in, and ProvenanceRing, KeyProvenance's most
// recent updates. What goes in comes out the same, and what is dropped from
// the front gives its memory back.
class TestTextRing : public QObject
{
    Q_OBJECT

private slots:
    void theRingFreesChunksOnlyWhenNoRowUsesThem();
    void aTextLongerThanAChunkGetsOneOfItsOwn();
    void aProvenanceEntryComesBackAsItWent();
    void aFullProvenanceRingLetsItsOldestGo();
    void provenanceFindsAKeyAmongThePackedEntries();
};

void TestTextRing::theRingFreesChunksOnlyWhenNoRowUsesThem()
{
    TextRing ring;
    const QByteArray text(1000, 'x');
    std::vector<TextRing::Place> places;
    const qsizetype perChunk = TextRing::kChunkBytes / text.size();
    for (qsizetype i = 0; i < 3 * perChunk; ++i)
        places.push_back(ring.append({text}));
    QCOMPARE(ring.chunkCount(), 3);

    // The oldest row still held is the last of the first chunk: nothing goes.
    ring.releaseBefore(places[size_t(perChunk - 1)]);
    QCOMPARE(ring.chunkCount(), 3);
    QCOMPARE(QByteArrayView(ring.at(places[size_t(perChunk - 1)]), text.size()), text);

    ring.releaseBefore(places[size_t(perChunk)]);
    QCOMPARE(ring.chunkCount(), 2);
    QCOMPARE(QByteArrayView(ring.at(places.back()), text.size()), text);

    ring.clear();
    QCOMPARE(ring.chunkCount(), 0);
    const TextRing::Place after = ring.append({"abc", "def"});
    QCOMPARE(QByteArrayView(ring.at(after), 6), "abcdef");
}

void TestTextRing::aTextLongerThanAChunkGetsOneOfItsOwn()
{
    TextRing ring;
    const TextRing::Place small = ring.append({"small"});
    const QByteArray large(TextRing::kChunkBytes * 2, 'L');
    const TextRing::Place big = ring.append({large});
    const TextRing::Place next = ring.append({"next"});

    QCOMPARE(ring.chunkCount(), 3);
    QCOMPARE(QByteArrayView(ring.at(small), 5), "small");
    QCOMPARE(QByteArrayView(ring.at(big), large.size()), large);
    QCOMPARE(QByteArrayView(ring.at(next), 4), "next");
}

void TestTextRing::aProvenanceEntryComesBackAsItWent()
{
    ProvenanceRing ring(10);
    ProvenanceEntry refused;
    refused.update = Update::fromCanonical(R"("colour")", R"({"hue":"blå"})", 1796349740339.002,
                                           QStringLiteral("peer-b"), QStringLiteral("c2ln"));
    refused.peer = QStringLiteral("127.0.0.1:7000");
    refused.reason = QStringLiteral("the signature does not verify");
    refused.sequence = 1;
    refused.nanoseconds = 123456789;
    refused.origin = ProvenanceEntry::Origin::Peer;
    refused.outcome = ProvenanceEntry::Outcome::Unverified;
    ProvenanceEntry tombstone;
    tombstone.update = Update::tombstone(5, QStringLiteral("doc"));
    tombstone.sequence = 2;
    tombstone.origin = ProvenanceEntry::Origin::LocalEdit;

    QVERIFY(!ring.push(refused));
    QVERIFY(!ring.push(tombstone));

    QCOMPARE(ring.size(), size_t(2));
    const ProvenanceEntry first = ring.at(0);
    QCOMPARE(first.update, refused.update);
    QCOMPARE(first.update.signature(), QStringLiteral("c2ln"));
    QCOMPARE(first.peer, refused.peer);
    QCOMPARE(first.reason, refused.reason);
    QCOMPARE(first.sequence, 1);
    QCOMPARE(first.nanoseconds, 123456789);
    QCOMPARE(first.origin, ProvenanceEntry::Origin::Peer);
    QCOMPARE(first.outcome, ProvenanceEntry::Outcome::Unverified);
    QCOMPARE(ring.keyTokenAt(0), QByteArrayView(R"("colour")"));

    const ProvenanceEntry second = ring.at(1);
    QVERIFY(second.update.isTombstone());
    QCOMPARE(second.update, tombstone.update);
    QVERIFY(second.peer.isEmpty());
    QCOMPARE(second.origin, ProvenanceEntry::Origin::LocalEdit);
}

void TestTextRing::aFullProvenanceRingLetsItsOldestGo()
{
    ProvenanceRing ring(3);
    for (qint64 sequence = 1; sequence <= 5; ++sequence) {
        ProvenanceEntry entry;
        entry.update = Update(QStringLiteral("k%1").arg(sequence), "1", double(sequence),
                              QStringLiteral("a"));
        entry.sequence = sequence;
        QCOMPARE(ring.push(entry), sequence > 3);
    }
    QCOMPARE(ring.size(), size_t(3));
    QCOMPARE(ring.at(0).sequence, 3);
    QCOMPARE(ring.at(0).update.key(), QStringLiteral("k3"));
    QCOMPARE(ring.at(2).update.key(), QStringLiteral("k5"));

    ring.clear();
    QCOMPARE(ring.size(), size_t(0));
}

void TestTextRing::provenanceFindsAKeyAmongThePackedEntries()
{
    KeyProvenance provenance(4);
    for (int i = 0; i < 6; ++i) {
        ProvenanceEntry entry;
        entry.update = Update(i % 2 ? QStringLiteral("odd") : QStringLiteral("even"),
                              QByteArray::number(i), 100 + i, QStringLiteral("a"));
        provenance.record(entry);
    }
    QCOMPARE(provenance.recentCount(), 4);
    QCOMPARE(provenance.droppedCount(), 2);

    // Newest first, from the four the ring still holds.
    const QList<ProvenanceEntry> odd = provenance.history(R"("odd")", {});
    QCOMPARE(odd.size(), 2);
    QCOMPARE(odd.at(0).update.value(), QByteArray("5"));
    QCOMPARE(odd.at(0).sequence, 6);
    QCOMPARE(odd.at(1).update.value(), QByteArray("3"));

    provenance.watch(R"("even")");
    QCOMPARE(provenance.history(R"("even")", {}).size(), 2);
}

QTEST_GUILESS_MAIN(TestTextRing)
#include "tst_textring.moc"
