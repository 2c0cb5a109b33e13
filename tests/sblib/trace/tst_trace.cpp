// SPDX-License-Identifier: MIT
#include "doc.h"
#include "expectok.h"
#include "jsoncodec.h"
#include "model.h"
#include "socketpair.h"
#include "stream.h"
#include "testfiles.h"
#include "tracereader.h"
#include "tracereplay.h"
#include "tracewriter.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace sb;
using namespace TestFiles;
using namespace TestSockets;
using namespace Qt::StringLiterals;

namespace {

// Collects what a stream's tap sees.
struct Collector : WireTap
{
    struct Seen
    {
        WireLine::Direction direction;
        WireLine::Kind kind;
        WireLine::Outcome outcome;
        QString reason;
        QByteArray bytes;
    };
    QList<Seen> lines;
    void onWireLine(const Stream &, const WireLine &line) override
    {
        lines.append(
                {line.direction, line.kind, line.outcome, line.reason, line.bytes.toByteArray()});
    }
};

QList<TraceRecord> readAll(const QString &fileName, TraceHeader *header)
{
    TraceReader reader(fileName);
    auto opened = reader.open();
    if (!opened)
        qWarning("%s", qPrintable(opened.errorMessage()));
    *header = opened ? opened.value() : TraceHeader();
    QList<TraceRecord> records;
    while (true) {
        auto record = reader.next();
        if (!record || !record.value())
            break;
        records.append(*record.value());
    }
    return records;
}

// a syncing with b over loopback, a's side recorded into fileName from the
// start: a test waits for synced(), then stops the trace.
struct RecordedSync
{
    RecordedSync(QObject *parent, Scuttlebutt &a, Scuttlebutt &b, const QString &fileName)
        : pair(connectedPair(parent))
    {
        if (!pair.left || !trace.start(fileName, a, u"test"_s, u"5"_s).ok())
            return;
        toB = std::make_unique<Stream>(&a, pair.left);
        toA = std::make_unique<Stream>(&b, pair.right);
        trace.watch(toB.get());
        toB->start();
        toA->start();
    }
    bool started() const { return toB != nullptr; }
    bool synced() const { return started() && toB->isSynced() && toA->isSynced(); }

    SocketPair pair;
    std::unique_ptr<Stream> toB;
    std::unique_ptr<Stream> toA;
    TraceWriter trace; // stops before the streams go
};

} // namespace

// A trace records a session line by line, and gives back the replica that
// recorded it; a tap sees what became of every update read.
class tst_Trace : public QObject
{
    Q_OBJECT

private slots:
    void recordsEveryLineOfASyncAndReplaysToTheReplica();
    void aDocTraceReplaysToTheDocRemovedRowsIncluded();
    void heldUpdatesAreWrittenInSlicesAndWireLinesFollowThem();
    void tapSeesRejectedAndRefusedLinesWithTheirReasons();
    void keepsALineThatIsNotUtf8ExactlyAsBase64();
    void keepsQuotesBackslashesAndControlBytesExactly();
    void readerRefusesABadTraceNamingTheLine_data();
    void readerRefusesABadTraceNamingTheLine();
};

void tst_Trace::recordsEveryLineOfASyncAndReplaysToTheReplica()
{
    QTemporaryDir dir;
    Model a(u"A"_s);
    expectOk(a.set(u"mine"_s, JsonValue(1)));
    Model b(u"B"_s);
    expectOk(b.set(u"theirs"_s, JsonValue(u"two"_s)));
    const QString fileName = dir.filePath(u"session.sbtrace"_s);
    RecordedSync session(this, a, b, fileName);
    QVERIFY(session.started());
    QTRY_VERIFY(session.synced());
    expectOk(b.set(u"later"_s, JsonValue(true))); // a live update
    QTRY_VERIFY(a.contains(u"later"_s));
    session.trace.stop();

    TraceHeader header;
    const QList<TraceRecord> records = readAll(fileName, &header);
    QCOMPARE(header.id, u"A"_s);
    QCOMPARE(header.type, u"model"_s);
    QCOMPARE(records.size(), 8); // held, then 3 lines out and 4 in
    QCOMPARE(records[0].type, TraceRecord::Type::Held);
    QVERIFY(records[0].line.startsWith(R"([["mine",1],)"));
    const auto count
            = [&](WireLine::Direction direction, WireLine::Kind kind, WireLine::Outcome outcome) {
                  return std::count_if(records.begin(), records.end(), [&](const TraceRecord &r) {
                      return r.type == TraceRecord::Type::Wire && r.direction == direction
                              && r.kind == kind && r.outcome == outcome;
                  });
              };
    using D = WireLine::Direction;
    using K = WireLine::Kind;
    using O = WireLine::Outcome;
    QCOMPARE(count(D::Out, K::Digest, O::None), 1);
    QCOMPARE(count(D::Out, K::History, O::None), 1);
    QCOMPARE(count(D::Out, K::Sync, O::None), 1);
    QCOMPARE(count(D::In, K::Digest, O::None), 1);
    QCOMPARE(count(D::In, K::History, O::Applied), 1);
    QCOMPARE(count(D::In, K::Sync, O::None), 1);
    QCOMPARE(count(D::In, K::Live, O::Applied), 1);
    for (const TraceRecord &record : records)
        QCOMPARE(record.peer.isEmpty(), record.type == TraceRecord::Type::Held);

    const auto replayed = TraceReplay::makeReplica(header);
    for (const TraceRecord &record : records)
        QVERIFY(TraceReplay::apply(*replayed, record).ok());
    QCOMPARE(static_cast<Model *>(replayed.get())->toJsonText(), a.toJsonText());
    QCOMPARE(replayed->clock(), a.clock());
}

void tst_Trace::aDocTraceReplaysToTheDocRemovedRowsIncluded()
{
    QTemporaryDir dir;
    Doc a(u"A"_s);
    expectOk(a.setJson(u"kept"_s, R"({"n":1})"));
    Doc b(u"B"_s);
    expectOk(b.setJson(u"gone"_s, R"({"a":1,"b":2})"));
    expectOk(b.remove(u"gone"_s)); // its tombstones travel as history
    const QString fileName = dir.filePath(u"doc.sbtrace"_s);
    RecordedSync session(this, a, b, fileName);
    QVERIFY(session.started());
    QTRY_VERIFY(session.synced());
    session.trace.stop();

    TraceHeader header;
    const QList<TraceRecord> records = readAll(fileName, &header);
    QCOMPARE(header.type, u"doc"_s);
    const auto replayed = TraceReplay::makeReplica(header);
    QVERIFY(qobject_cast<Doc *>(replayed.get()));
    for (const TraceRecord &record : records) {
        const auto applied = TraceReplay::apply(*replayed, record);
        QVERIFY2(applied.ok(), qPrintable(applied.errorMessage()));
    }
    QCOMPARE(JsonCodec::stringify(replayed->toJson()), JsonCodec::stringify(a.toJson()));
    QCOMPARE(replayed->clock(), a.clock());
}

void tst_Trace::heldUpdatesAreWrittenInSlicesAndWireLinesFollowThem()
{
    constexpr int kHeld = 100000;
    QTemporaryDir dir;
    Model a(u"A"_s);
    for (int i = 0; i < kHeld; ++i)
        a.receive(Update(u"key:%1"_s.arg(i), "{\"n\":1}", 1e12 + i, u"S"_s));
    a.receive(Update(u"replaced"_s, "1", 1e12, u"S"_s));
    Model b(u"B"_s);
    expectOk(b.set(u"theirs"_s, JsonValue(2)));
    const SocketPair pair = connectedPair(this);
    QVERIFY(pair.left);
    Stream toB(&a, pair.left);
    Stream toA(&b, pair.right);
    TraceWriter trace;
    QSignalSpy written(&trace, &TraceWriter::heldWritten);
    const QString fileName = dir.filePath(u"big.sbtrace"_s);
    QVERIFY(trace.start(fileName, a, u"test"_s, u"5"_s).ok());
    QVERIFY(trace.isWritingHeld());
    // The event loop turns while the held updates are written.
    bool turned = false;
    QTimer::singleShot(0, this, [&] { turned = written.isEmpty(); });
    trace.watch(&toB);
    toB.start();
    toA.start();
    expectOk(b.set(u"replaced"_s, JsonValue(3))); // newer than the held one, once synced
    QTRY_VERIFY_WITH_TIMEOUT(!written.isEmpty(), 20000);
    QVERIFY(turned);
    QTRY_VERIFY(toB.isSynced() && toA.isSynced());
    QTRY_VERIFY(a.entry(u"replaced"_s).value() == "3");
    trace.stop();

    TraceHeader header;
    const QList<TraceRecord> records = readAll(fileName, &header);
    const auto firstWire = std::find_if(records.begin(), records.end(), [](const TraceRecord &r) {
        return r.type == TraceRecord::Type::Wire;
    });
    QVERIFY(firstWire != records.end());
    const qsizetype held = firstWire - records.begin();
    QVERIFY(std::none_of(firstWire, records.end(),
                         [](const TraceRecord &r) { return r.type == TraceRecord::Type::Held; }));
    // Every key, the replaced one too when the sync came after its turn.
    QVERIFY2(held == kHeld || held == kHeld + 1, qPrintable(QString::number(held)));
    const auto replayed = TraceReplay::makeReplica(header);
    for (const TraceRecord &record : records)
        QVERIFY(TraceReplay::apply(*replayed, record).ok());
    QCOMPARE(static_cast<Model *>(replayed.get())->toJsonText(), a.toJsonText());
}

void tst_Trace::tapSeesRejectedAndRefusedLinesWithTheirReasons()
{
    Model a(u"A"_s);
    a.setMaxClockSkew(60000);
    const SocketPair pair = connectedPair(this);
    QVERIFY(pair.left);
    Stream stream(&a, pair.left);
    Collector seen;
    stream.addWireTap(&seen);
    stream.start();
    const QByteArray ahead = QByteArray::number(QDateTime::currentMSecsSinceEpoch() + 3600000);
    pair.right->write(ln(R"({"id":"P","clock":{}})") + ln(R"([["k",1],1,"P"])")
                      + ln(R"([["k",2],)" + ahead + R"(,"P"])") + ln("[[\"k\""));
    QTRY_COMPARE(stream.state(), Stream::State::Failed);
    stream.removeWireTap(&seen);

    QList<Collector::Seen> in;
    for (const auto &line : seen.lines) {
        if (line.direction == WireLine::Direction::In)
            in.append(line);
    }
    QCOMPARE(in.size(), 4);
    QCOMPARE(in[0].kind, WireLine::Kind::Digest);
    QCOMPARE(in[1].outcome, WireLine::Outcome::Applied);
    QCOMPARE(in[1].bytes, QByteArray(R"([["k",1],1,"P"])"));
    QCOMPARE(in[2].outcome, WireLine::Outcome::Rejected);
    QVERIFY2(in[2].reason.contains(u"maximum clock skew"), qPrintable(in[2].reason));
    QCOMPARE(in[3].kind, WireLine::Kind::Unreadable);
    QCOMPARE(in[3].outcome, WireLine::Outcome::Refused);
    QVERIFY2(in[3].reason.contains(u"line 4: invalid JSON"), qPrintable(in[3].reason));
    QCOMPARE(a.get(u"k"_s), JsonValue(1));
}

void tst_Trace::keepsALineThatIsNotUtf8ExactlyAsBase64()
{
    QTemporaryDir dir;
    Model a(u"A"_s);
    const SocketPair pair = connectedPair(this);
    QVERIFY(pair.left);
    Stream stream(&a, pair.left);
    TraceWriter trace;
    const QString fileName = dir.filePath(u"bad.sbtrace"_s);
    QVERIFY(trace.start(fileName, a, u"test"_s, u"5"_s).ok());
    trace.watch(&stream);
    stream.start();
    const QByteArray bad("[[\"k\",\"\xff\xfe\"],1,\"P\"]");
    pair.right->write(ln(R"({"id":"P","clock":{}})") + ln(bad));
    QTRY_COMPARE(stream.state(), Stream::State::Failed);
    trace.stop();
    QVERIFY(readBytes(fileName).contains("\"line64\":"));

    TraceHeader header;
    const QList<TraceRecord> records = readAll(fileName, &header);
    QCOMPARE(records.constLast().line, bad);
    QCOMPARE(records.constLast().outcome, WireLine::Outcome::Refused);
}

void tst_Trace::keepsQuotesBackslashesAndControlBytesExactly()
{
    QTemporaryDir dir;
    Model a(u"A"_s);
    const SocketPair pair = connectedPair(this);
    QVERIFY(pair.left);
    Stream stream(&a, pair.left);
    TraceWriter trace;
    const QString fileName = dir.filePath(u"escapes.sbtrace"_s);
    QVERIFY(trace.start(fileName, a, u"test"_s, u"5"_s).ok());
    trace.watch(&stream);
    stream.start();
    const QByteArray escaped(R"([["k\"1","a\"b\\c\n\u0001 é ✓"],1764000000000.001,"P"])");
    const QByteArray control("[[\"k\",\"\x01\x1f\"],1,\"P\"]"); // raw control bytes: refused
    pair.right->write(ln(R"({"id":"P","clock":{}})") + ln(escaped) + ln(control));
    QTRY_COMPARE(stream.state(), Stream::State::Failed);
    trace.stop();

    TraceHeader header;
    const QList<TraceRecord> records = readAll(fileName, &header);
    QVERIFY(records.size() >= 4); // the digests (and our "SYNC"), then the two updates
    const TraceRecord &update = records.at(records.size() - 2);
    QCOMPARE(update.line, escaped);
    QCOMPARE(update.outcome, WireLine::Outcome::Applied);
    QCOMPARE(records.constLast().line, control);
    QCOMPARE(records.constLast().outcome, WireLine::Outcome::Refused);
    QCOMPARE(a.get(u"k\"1"_s), JsonValue(u"a\"b\\c\n\u0001 é ✓"_s));
    QVERIFY(!readBytes(fileName).contains("\"line64\":"));
}

void tst_Trace::readerRefusesABadTraceNamingTheLine_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("message");
    const QByteArray header
            = R"({"sbtrace":1,"tool":"t","id":"A","type":"model","dialect":"5","started":1})"
              "\n";
    const QByteArray good
            = R"({"t":1,"peer":"p","dir":"in","kind":"history","outcome":"applied","line":"[[\"k\",1],1,\"P\"]"})"
              "\n";
    QTest::newRow("empty") << QByteArray() << u"the file is empty"_s;
    QTest::newRow("a replica file") << QByteArray(R"({"id":"A","clock":{}})"
                                                  "\n")
                                    << u"no \"sbtrace\" version"_s;
    QTest::newRow("a later version") << QByteArray(R"({"sbtrace":2,"id":"A","type":"model"})"
                                                   "\n")
                                     << u"version 2"_s;
    QTest::newRow("an unknown type") << QByteArray(R"({"sbtrace":1,"id":"A","type":"sheet"})"
                                                   "\n")
                                     << u"\"sheet\" is not one this program knows"_s;
    QTest::newRow("not JSON") << header + good + "{nope\n" << u"line 3: invalid JSON"_s;
    QTest::newRow("no time") << header
                    + R"({"dir":"in","kind":"sync","line":"x"})"
                      "\n" << u"line 2: no time"_s;
    QTest::newRow("a bad kind") << header
                    + R"({"t":1,"dir":"in","kind":"gossip","line":"x"})"
                      "\n" << u"line 2: unknown \"kind\" \"gossip\""_s;
    QTest::newRow("no line") << header
                    + R"({"t":1,"dir":"in","kind":"sync"})"
                      "\n" << u"line 2: no \"line\""_s;
    QTest::newRow("a second header") << header + good + header << u"line 3: a second header"_s;
    QTest::newRow("cut short") << header + good + good.left(20) << u"line 3: cut short"_s;
}

void tst_Trace::readerRefusesABadTraceNamingTheLine()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString fileName = dir.filePath(u"bad.sbtrace"_s);
    writeBytes(fileName, text);
    TraceReader reader(fileName);
    QString error;
    if (auto header = reader.open(); !header) {
        error = header.errorMessage();
    } else {
        for (;;) {
            auto record = reader.next();
            if (!record) {
                error = record.errorMessage();
                break;
            }
            if (!record.value())
                break;
        }
    }
    QVERIFY2(error.startsWith(fileName), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
}

QTEST_GUILESS_MAIN(tst_Trace)
#include "tst_trace.moc"
