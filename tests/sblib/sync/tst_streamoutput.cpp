// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "model.h"
#include "streamoutput_p.h"

#include <QtTest>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {

constexpr double kT = 1700000000000;

Update update(const QString &key, int value, double timestamp, const QString &source)
{
    return Update(key, QByteArray::number(value), timestamp, source);
}

// A line as the given dialect writes update, newline included.
QByteArray lineOf(const Update &update, const Dialect &dialect = Dialect::forChoice({}))
{
    QByteArray out;
    dialect.appendUpdate(out, update);
    return out;
}

const QByteArray kSync = QByteArrayLiteral("\"SYNC\"\n");

// Appends every line the output has now; each is one of the kinds listed.
struct Drained
{
    QByteArray bytes;
    QList<StreamOutput::Line> kinds;
};

Drained drain(StreamOutput &output)
{
    Drained drained;
    for (;;) {
        const StreamOutput::Line line = output.appendNextLine(drained.bytes);
        if (line == StreamOutput::Line::None)
            return drained;
        drained.kinds.append(line);
    }
}

} // namespace

// What a stream sends after its digest (StreamOutput): the history the remote
// lacks, "SYNC", then live updates, without a device in between.
class tst_StreamOutput : public QObject
{
    Q_OBJECT

private slots:
    void sendsOnlyTheHistoryTheRemoteLacksThenSync();
    void sendsNothingBeforeHistoryBegins();
    void liveUpdatesFollowSyncInTheOrderApplied();
    void neverSendsBackWhatTheRemoteSentOrHolds();
    void aKeyChangedWhileHistoryIsWrittenGoesOnceAsLive();
    void anOverflowingQueueIsReplacedByACatchUpWithoutASecondSync();
    void writesInTheDialectItIsGivenFromThenOn();
    void stopDropsHistoryAndQueue();
    void droppingTheQueueForgetsAnOverflowToo();
};

void tst_StreamOutput::sendsOnlyTheHistoryTheRemoteLacksThenSync()
{
    Model model(u"ME"_s);
    model.receive(update(u"a"_s, 1, kT + 1, u"A"_s));
    model.receive(update(u"b"_s, 2, kT + 2, u"B"_s));
    model.receive(update(u"c"_s, 3, kT + 3, u"A"_s));
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);

    Clock remote;
    remote.set(u"A"_s, kT + 1);
    output.beginHistory(remote);
    QCOMPARE(output.phase(), StreamOutput::Phase::History);
    const Drained drained = drain(output);

    QCOMPARE(drained.bytes,
             lineOf(update(u"b"_s, 2, kT + 2, u"B"_s)) + lineOf(update(u"c"_s, 3, kT + 3, u"A"_s))
                     + kSync);
    QCOMPARE(drained.kinds,
             (QList{StreamOutput::Line::History, StreamOutput::Line::History,
                    StreamOutput::Line::Sync}));
    QCOMPARE(output.phase(), StreamOutput::Phase::Live);
    QCOMPARE(output.remoteClock().latest(u"A"_s), kT + 3);
    QCOMPARE(output.remoteClock().latest(u"B"_s), kT + 2);
}

void tst_StreamOutput::sendsNothingBeforeHistoryBegins()
{
    Model model(u"ME"_s);
    model.receive(update(u"a"_s, 1, kT + 1, u"A"_s));
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);

    QCOMPARE(output.phase(), StreamOutput::Phase::Nothing);
    QCOMPARE(output.queueLive(update(u"b"_s, 2, kT + 2, u"B"_s)), StreamOutput::Queued::Queued);
    QByteArray out;
    QCOMPARE(output.appendNextLine(out), StreamOutput::Line::None);
    QVERIFY(out.isEmpty());
}

void tst_StreamOutput::liveUpdatesFollowSyncInTheOrderApplied()
{
    Model model(u"ME"_s);
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);
    output.beginHistory({});
    QCOMPARE(drain(output).bytes, kSync);

    const Update second = update(u"x"_s, 2, kT + 5, u"B"_s);
    const Update first = update(u"y"_s, 1, kT + 9, u"A"_s);
    QCOMPARE(output.queueLive(first), StreamOutput::Queued::Queued);
    QCOMPARE(output.queueLive(second), StreamOutput::Queued::Queued);
    const Drained drained = drain(output);
    QCOMPARE(drained.bytes, lineOf(first) + lineOf(second));
    QCOMPARE(drained.kinds, (QList{StreamOutput::Line::Live, StreamOutput::Line::Live}));
}

void tst_StreamOutput::neverSendsBackWhatTheRemoteSentOrHolds()
{
    Model model(u"ME"_s);
    model.receive(update(u"a"_s, 1, kT + 1, u"A"_s));
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);
    Clock remote;
    remote.set(u"A"_s, kT + 1);
    output.beginHistory(remote);
    QCOMPARE(drain(output).bytes, kSync);

    // The remote's own update, applied here and offered to every stream.
    const Update fromRemote = update(u"r"_s, 1, kT + 4, u"R"_s);
    output.remoteHas(fromRemote);
    QCOMPARE(output.queueLive(fromRemote), StreamOutput::Queued::Ignored);
    QCOMPARE(output.queueLive(update(u"old"_s, 1, kT, u"A"_s)), StreamOutput::Queued::Ignored);
    // Queued before the remote sent the same: dropped when its turn comes.
    const Update crossed = update(u"z"_s, 1, kT + 6, u"C"_s);
    QCOMPARE(output.queueLive(crossed), StreamOutput::Queued::Queued);
    output.remoteHas(crossed);
    QCOMPARE(drain(output).bytes, QByteArray());
}

void tst_StreamOutput::aKeyChangedWhileHistoryIsWrittenGoesOnceAsLive()
{
    Model model(u"ME"_s);
    model.receive(update(u"a"_s, 1, kT + 1, u"A"_s));
    model.receive(update(u"b"_s, 2, kT + 2, u"A"_s));
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);
    connect(&model, &Scuttlebutt::updateApplied, this,
            [&output](const Update &applied) { output.queueLive(applied); });
    output.beginHistory({});

    QByteArray out;
    QCOMPARE(output.appendNextLine(out), StreamOutput::Line::History);
    QCOMPARE(out, lineOf(update(u"a"_s, 1, kT + 1, u"A"_s)));
    // b changes before its history line is written: its old update is no
    // longer held, and its new one follows "SYNC".
    const Update newB = update(u"b"_s, 3, kT + 7, u"B"_s);
    QCOMPARE(model.receive(newB), Scuttlebutt::Outcome::Applied);
    const Drained drained = drain(output);
    QCOMPARE(drained.bytes, kSync + lineOf(newB));
    QCOMPARE(drained.kinds, (QList{StreamOutput::Line::Sync, StreamOutput::Line::Live}));
}

void tst_StreamOutput::anOverflowingQueueIsReplacedByACatchUpWithoutASecondSync()
{
    Model model(u"ME"_s);
    StreamOutput output(&model, &Dialect::forChoice({}), 2, 1 << 20);
    QList<StreamOutput::Queued> queued;
    connect(&model, &Scuttlebutt::updateApplied, this,
            [&](const Update &applied) { queued.append(output.queueLive(applied)); });
    output.beginHistory({});
    QCOMPARE(drain(output).bytes, kSync);

    QList<Update> applied;
    for (int i = 0; i < 4; ++i) {
        applied.append(update(u"k%1"_s.arg(i), i, kT + 10 + i, u"A"_s));
        QCOMPARE(model.receive(applied.last()), Scuttlebutt::Outcome::Applied);
    }
    QCOMPARE(queued,
             (QList{StreamOutput::Queued::Queued, StreamOutput::Queued::Queued,
                    StreamOutput::Queued::Overflowed, StreamOutput::Queued::Ignored}));

    // What the remote lacks is read again from its clock: every update once,
    // and no "SYNC", which it has had.
    const Drained drained = drain(output);
    QByteArray expected;
    for (const Update &each : applied)
        expected += lineOf(each);
    QCOMPARE(drained.bytes, expected);
    QCOMPARE(drained.kinds, QList<StreamOutput::Line>(4, StreamOutput::Line::History));
    QCOMPARE(output.phase(), StreamOutput::Phase::Live);

    // Live again: the queue takes updates as before.
    const Update later = update(u"later"_s, 1, kT + 20, u"A"_s);
    QCOMPARE(model.receive(later), Scuttlebutt::Outcome::Applied);
    QCOMPARE(queued.last(), StreamOutput::Queued::Queued);
    QCOMPARE(drain(output).bytes, lineOf(later));
}

void tst_StreamOutput::writesInTheDialectItIsGivenFromThenOn()
{
    const Dialect &v4 = Dialect::forChoice(Dialect::Choice::V4);
    Model model(u"ME"_s);
    const Update held = update(u"a"_s, 1, kT + 1, u"A"_s);
    model.receive(held);
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);
    output.beginHistory({});
    QCOMPARE(drain(output).bytes, lineOf(held) + kSync);

    // The peer turned out to speak 4.x: it dropped our 5.x lines, so its
    // history goes again in its dialect, as a catch-up (no second "SYNC"),
    // and what follows is 4.x too.
    output.setDialect(&v4);
    output.beginHistory({}, true);
    const Update live = update(u"b"_s, 2, kT + 2, u"B"_s);
    QCOMPARE(output.queueLive(live), StreamOutput::Queued::Queued);
    QCOMPARE(drain(output).bytes, lineOf(held, v4) + lineOf(live, v4));
    QVERIFY(lineOf(live, v4) != lineOf(live));
}

void tst_StreamOutput::stopDropsHistoryAndQueue()
{
    Model model(u"ME"_s);
    model.receive(update(u"a"_s, 1, kT + 1, u"A"_s));
    StreamOutput output(&model, &Dialect::forChoice({}), 100, 1 << 20);
    output.beginHistory({});
    output.queueLive(update(u"b"_s, 2, kT + 2, u"B"_s));
    output.stop();
    QCOMPARE(output.phase(), StreamOutput::Phase::Nothing);
    QByteArray out;
    QCOMPARE(output.appendNextLine(out), StreamOutput::Line::None);
    QVERIFY(out.isEmpty());
}

void tst_StreamOutput::droppingTheQueueForgetsAnOverflowToo()
{
    Model model(u"ME"_s);
    StreamOutput output(&model, &Dialect::forChoice({}), 1, 1 << 20);
    output.beginHistory({});
    QCOMPARE(drain(output).bytes, kSync);
    QCOMPARE(output.queueLive(update(u"a"_s, 1, kT + 1, u"A"_s)), StreamOutput::Queued::Queued);
    QCOMPARE(output.queueLive(update(u"b"_s, 2, kT + 2, u"A"_s)), StreamOutput::Queued::Overflowed);
    // A finishing stream drops what is queued: no catch-up follows either.
    output.dropLiveQueue();
    QByteArray out;
    QCOMPARE(output.appendNextLine(out), StreamOutput::Line::None);
    QVERIFY(out.isEmpty());
    QCOMPARE(output.phase(), StreamOutput::Phase::Live);
}

QTEST_GUILESS_MAIN(tst_StreamOutput)
#include "tst_streamoutput.moc"
