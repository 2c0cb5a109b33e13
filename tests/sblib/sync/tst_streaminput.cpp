// SPDX-License-Identifier: MIT
#include "clock.h"
#include "memorydevice.h"
#include "streaminput_p.h"

#include <QtTest>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype kMaxLineLength = 256;
constexpr int kMaxDepth = 16;

// What one slice handed over, and how it ended.
struct Slice
{
    StreamInput::SliceEnd end;
    QList<QByteArray> lines;
    QList<QByteArray> keyHints;
};

// Reads one slice; takeLine stops after stopAfter lines when that is not negative.
Slice readSlice(StreamInput &input, QIODevice *device, bool toTheEnd = false, int stopAfter = -1)
{
    Slice slice;
    slice.end = input.readSlice(
            device, toTheEnd,
            [&slice, stopAfter](QByteArrayView line) {
                slice.lines.append(line.toByteArray());
                return stopAfter < 0 || slice.lines.size() < stopAfter;
            },
            [&slice](QByteArrayView key) { slice.keyHints.append(key.toByteArray()); });
    return slice;
}

QByteArray updateLine(int i)
{
    return R"([["key:)" + QByteArray::number(i) + R"(",{"n":)" + QByteArray::number(i)
            + R"(}],1796349740339.002,"A"])" + '\n';
}

} // namespace

// What a stream reads (StreamInput): the peer's bytes as lines, in slices the
// event loop can breathe between, decoded, and the peer's rate.
class tst_StreamInput : public QObject
{
    Q_OBJECT

private slots:
    void linesSplitAcrossReadsComeOutWhole();
    void aSliceEndsAfterItsLinesAndTheNextGoesOn();
    void inputThatHasEndedIsReadInOneSlice();
    void stoppingKeepsTheRestForLater();
    void aLineOverTheLimitIsRefusedBeforeItEnds();
    void theNextLinesKeyIsHintedBeforeALineIsTaken();
    void theRemainderIsTheUnfinishedLastLine();
    void decodesEveryKindOfLine();
    void pausesOnlyPastTheRate();
};

void tst_StreamInput::linesSplitAcrossReadsComeOutWhole()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    const QByteArray first = R"({"id":"A","clock":{}})"
                             "\n[[\"a\",1],1,\"A\"]\n[[\"b\"";
    device.feed(first);
    Slice slice = readSlice(input, &device);
    QCOMPARE(slice.end, StreamInput::SliceEnd::Drained);
    QCOMPARE(slice.lines, (QList<QByteArray>{R"({"id":"A","clock":{}})", R"([["a",1],1,"A"])"}));
    QCOMPARE(input.buffered(), qsizetype(5));

    const QByteArray rest = ",2],2,\"A\"]\n";
    device.feed(rest);
    slice = readSlice(input, &device);
    QCOMPARE(slice.lines, (QList<QByteArray>{R"([["b",2],2,"A"])"}));
    QCOMPARE(input.buffered(), qsizetype(0));
    QCOMPARE(input.bytesRead(), qint64(first.size() + rest.size()));
}

void tst_StreamInput::aSliceEndsAfterItsLinesAndTheNextGoesOn()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    const int total = StreamInput::kLinesPerSlice * 2 + 10;
    QByteArray bytes;
    for (int i = 0; i < total; ++i)
        bytes += updateLine(i);
    device.feed(bytes);

    int read = 0;
    int slices = 0;
    for (;;) {
        const Slice slice = readSlice(input, &device);
        ++slices;
        QVERIFY(slice.lines.size() <= StreamInput::kLinesPerSlice);
        for (const QByteArray &line : slice.lines)
            QCOMPARE(line + '\n', updateLine(read++));
        if (slice.end == StreamInput::SliceEnd::Drained)
            break;
        QCOMPARE(slice.end, StreamInput::SliceEnd::SliceOver);
        QVERIFY(slices < total);
    }
    QCOMPARE(read, total);
    QVERIFY(slices >= 3);
}

void tst_StreamInput::inputThatHasEndedIsReadInOneSlice()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    const int total = StreamInput::kLinesPerSlice + 100;
    for (int i = 0; i < total; ++i)
        device.feed(updateLine(i));
    device.endInput();
    const Slice slice = readSlice(input, &device, true);
    QCOMPARE(slice.end, StreamInput::SliceEnd::Drained);
    QCOMPARE(slice.lines.size(), total);
}

void tst_StreamInput::stoppingKeepsTheRestForLater()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    device.feed(updateLine(1) + updateLine(2) + updateLine(3));
    Slice slice = readSlice(input, &device, false, 1);
    QCOMPARE(slice.end, StreamInput::SliceEnd::Stopped);
    QCOMPARE(slice.lines.size(), 1);

    slice = readSlice(input, &device);
    QCOMPARE(slice.end, StreamInput::SliceEnd::Drained);
    QCOMPARE(slice.lines, (QList<QByteArray>{updateLine(2).chopped(1), updateLine(3).chopped(1)}));
}

void tst_StreamInput::aLineOverTheLimitIsRefusedBeforeItEnds()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    device.feed(updateLine(1) + "[[\"k\",\"" + QByteArray(kMaxLineLength, 'x'));
    Slice slice = readSlice(input, &device);
    QCOMPARE(slice.end, StreamInput::SliceEnd::TooLong);
    QCOMPARE(slice.lines.size(), 1);

    // Whole in one read, with its newline, it is refused as well.
    StreamInput whole(kMaxLineLength, kMaxDepth, 0);
    MemoryDevice wholeDevice;
    wholeDevice.feed(QByteArray(kMaxLineLength + 1, ' ') + '\n');
    slice = readSlice(whole, &wholeDevice);
    QCOMPARE(slice.end, StreamInput::SliceEnd::TooLong);
    QVERIFY(slice.lines.isEmpty());
}

void tst_StreamInput::theNextLinesKeyIsHintedBeforeALineIsTaken()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    device.feed(R"({"id":"A","clock":{}})"
                "\n"
                + updateLine(7) + "\"SYNC\"\n");
    const Slice slice = readSlice(input, &device);
    QCOMPARE(slice.lines.size(), 3);
    // Only the update's key is fetched ahead: the digest and "SYNC" have none.
    QCOMPARE(slice.keyHints, (QList<QByteArray>{R"("key:7")"}));
}

void tst_StreamInput::theRemainderIsTheUnfinishedLastLine()
{
    MemoryDevice device;
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    device.feed(updateLine(1) + "\"SYNC\"");
    device.endInput();
    const Slice slice = readSlice(input, &device, true);
    QCOMPARE(slice.lines.size(), 1);
    QCOMPARE(input.takeRemainder(), QByteArray("\"SYNC\""));
    QCOMPARE(input.buffered(), qsizetype(0));
    QCOMPARE(input.takeRemainder(), QByteArray());
}

void tst_StreamInput::decodesEveryKindOfLine()
{
    StreamInput input(kMaxLineLength, kMaxDepth, 0);
    QCOMPARE(input.decode(R"({"id":"A","clock":{"A":1}})").kind, DecodedLine::Kind::Digest);
    QCOMPARE(input.decode(R"("SYNC")").kind, DecodedLine::Kind::Sync);
    QCOMPARE(input.decode("42").kind, DecodedLine::Kind::Other);
    QCOMPARE(input.decode(R"([["k",1],2)").kind, DecodedLine::Kind::Invalid);
    QCOMPARE(input.decode(R"([1,2,3,4,5,6])").kind, DecodedLine::Kind::BadUpdate);

    Clock clock;
    clock.set(u"A"_s, 1);
    input.learnSources(clock);
    const DecodedLine update = input.decode(updateLine(3).chopped(1));
    QCOMPARE(update.kind, DecodedLine::Kind::Update);
    QCOMPARE(update.update.key(), u"key:3"_s);
    QCOMPARE(update.update.source(), u"A"_s);
    QCOMPARE(update.update.timestamp(), 1796349740339.002);

    // The depth limit is the input's.
    const QByteArray deep = QByteArray(kMaxDepth, '[') + QByteArray(kMaxDepth, ']');
    const DecodedLine tooDeep = input.decode(R"([["k",)" + deep + R"(],2,"A"])");
    QVERIFY(tooDeep.kind == DecodedLine::Kind::Invalid
            || tooDeep.kind == DecodedLine::Kind::BadUpdate);
    QVERIFY2(tooDeep.error.contains(u"deeper"_s), qPrintable(tooDeep.error));
}

void tst_StreamInput::pausesOnlyPastTheRate()
{
    StreamInput unlimited(kMaxLineLength, kMaxDepth, 0);
    for (int i = 0; i < 1000; ++i)
        unlimited.countUpdate();
    QCOMPARE(unlimited.pauseForRate(), qint64(0));

    StreamInput limited(kMaxLineLength, kMaxDepth, 3);
    limited.countUpdate();
    limited.countUpdate();
    QCOMPARE(limited.pauseForRate(), qint64(0));
    limited.countUpdate();
    // The third of three in this second: reading waits for the rest of it.
    const qint64 pause = limited.pauseForRate();
    QVERIFY2(pause > 0 && pause <= 1000, qPrintable(QString::number(pause)));
}

QTEST_GUILESS_MAIN(tst_StreamInput)
#include "tst_streaminput.moc"
