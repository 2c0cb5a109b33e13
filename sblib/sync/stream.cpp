// SPDX-License-Identifier: MIT
#include "stream.h"

#include "dialect.h"
#include "jsoncodec.h"
#include "linedecoder.h"
#include "scuttlebutt.h"
#include "streamdeadlines_p.h"
#include "streaminput_p.h"
#include "streamoutput_p.h"

#include <QAbstractSocket>
#include <QFileDevice>
#include <QHostAddress>
#include <QLocalSocket>
#include <QTimer>
#include <QTimerEvent>
#include <QVariant>

#include <algorithm>
#include <climits>

namespace sb {

namespace {
constexpr qsizetype kWriteChunk = 64 * 1024;
constexpr qint64 kBytesPerSlice = 2 * 1024 * 1024;
static_assert(StreamOptions::kDefaultMaxDepth
              == Scuttlebutt::kMaxValueDepth + LineDecoder::kPassOnFrameDepth);
} // namespace

Stream::Stream(Scuttlebutt *replica, QIODevice *device, const StreamOptions &options,
               QObject *parent)
    : QObject(parent), m_replica(replica), m_device(device), m_options(options),
      m_output(std::make_unique<StreamOutput>(replica, &Dialect::forChoice(options.dialect),
                                              options.maxQueuedUpdates, options.maxQueuedBytes)),
      m_dialectSettled(options.dialect != Dialect::Choice::Auto),
      m_input(std::make_unique<StreamInput>(options.maxLineLength, options.maxDepth,
                                            options.maxUpdatesPerSecond)),
      m_deadlines(std::make_unique<StreamDeadlines>(options.handshakeTimeoutMs,
                                                    options.lineTimeoutMs, options.idleTimeoutMs))
{ }

Stream::~Stream()
{
    if (m_replica)
        m_replica->detachStream(this);
}

QString Stream::stateName(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral("idle");
    case State::AwaitingHeader:
        return QStringLiteral("connected");
    case State::Syncing:
        return QStringLiteral("syncing");
    case State::Synced:
        return QStringLiteral("synced");
    case State::Closed:
        return QStringLiteral("closed");
    case State::Failed:
        return QStringLiteral("error");
    }
    return {};
}

QString Stream::peerName() const
{
    if (!m_options.name.isEmpty())
        return m_options.name;
    if (const auto *socket = qobject_cast<const QAbstractSocket *>(m_device.data())) {
        const QHostAddress address = socket->peerAddress();
        const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                ? QStringLiteral("[%1]").arg(address.toString())
                : address.toString();
        return QStringLiteral("peer %1:%2").arg(host).arg(socket->peerPort());
    }
    if (const auto *file = qobject_cast<const QFileDevice *>(m_device.data()))
        return QStringLiteral("file %1").arg(file->fileName());
    return QStringLiteral("stream");
}

int Stream::dialectVersion() const
{
    return m_output->dialect().version();
}

const Clock &Stream::remoteClock() const
{
    return m_output->remoteClock();
}

bool Stream::isSendingHistory() const
{
    return m_output->phase() == StreamOutput::Phase::History;
}

void Stream::start()
{
    if (m_state != State::Idle)
        return;
    if (!m_replica || !m_device || !m_device->isOpen()) {
        m_state = State::Failed;
        m_errorString = QStringLiteral("%1: the device is not open").arg(peerName());
        emit errorOccurred(m_errorString);
        emit closed();
        return;
    }
    connect(m_device, &QIODevice::readyRead, this, [this] {
        // A read already queued takes this input too, on its turn: a slice
        // started now would run back to back with it, and with one more for
        // each chunk that arrives meanwhile, without the event loop turning.
        if (!m_readScheduled)
            readInput();
    });
    connect(m_device, &QIODevice::bytesWritten, this, &Stream::pump);
    connect(m_device, &QIODevice::readChannelFinished, this, [this] {
        m_remoteEnded = true;
        scheduleRead();
    });
    connect(m_device, &QObject::destroyed, this, &Stream::onDeviceClosed);
    // A socket reads whatever the peer sends into a buffer of its own, without
    // bound unless told, however slowly we take it in (a rate limit, a long
    // slice of work): bounded, unread input waits in the kernel, and then in
    // the peer, which TCP slows down.
    const auto boundReadBuffer = [](auto *socket) {
        if (socket->readBufferSize() == 0 || socket->readBufferSize() > StreamInput::kReadChunk)
            socket->setReadBufferSize(StreamInput::kReadChunk);
    };
    if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data())) {
        boundReadBuffer(socket);
        // Updates are small and latency matters more than packet count: no Nagle.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, QVariant(1));
        connect(socket, &QAbstractSocket::disconnected, this, &Stream::onDeviceClosed);
        connect(socket, &QAbstractSocket::errorOccurred, this, [this, socket] {
            if (socket->error() == QAbstractSocket::RemoteHostClosedError) {
                // The end of input, handled with disconnected. QTcpSocket cannot
                // half-close: output it still holds is dropped with the socket.
                m_historyLost = isSendingHistory()
                        || m_stats.bytesOut - socket->bytesToWrite() < m_syncEndsAt;
                return;
            }
            fail(socket->errorString());
        });
    } else if (auto *local = qobject_cast<QLocalSocket *>(m_device.data())) {
        boundReadBuffer(local);
        connect(local, &QLocalSocket::disconnected, this, &Stream::onDeviceClosed);
    } else {
        connect(m_device, &QIODevice::aboutToClose, this, &Stream::onDeviceClosed);
    }
    connect(m_replica, &Scuttlebutt::disposed, this, &Stream::close);

    setState(State::AwaitingHeader);
    m_syncReceived = !m_options.writable;
    m_syncSent = !m_options.readable;
    // Deadlines are for a remote peer: a file has all its input there already.
    m_clock.start();
    m_deadlinesOn = m_device->isReadable() && m_device->isSequential() && m_deadlines->any();
    if (m_deadlinesOn)
        checkDeadlines();

    if (m_options.readable || m_options.sendClock) {
        QByteArray digest = Digest{m_replica->id(), m_replica->clock(), m_options.meta}.toLine();
        tapOut(WireLine::Kind::Digest, digest, 0);
        writeOut(digest);
        // A read-only stream (saving to a file) has no remote digest to wait for.
        if (m_options.readable && !m_options.writable)
            beginHistory(Clock());
    }
    scheduleRead();
}

void Stream::close()
{
    if (!isOpen())
        return;
    m_output->stop();
    finish();
}

void Stream::abort(const QString &reason)
{
    fail(reason);
}

void Stream::scheduleRead()
{
    if (m_readScheduled)
        return;
    m_readScheduled = true;
    QTimer::singleShot(0, this, &Stream::readInput);
}

bool Stream::inputFinished() const
{
    if (m_remoteEnded || !m_device || !m_device->isOpen())
        return true;
    return !m_device->isSequential() && m_device->atEnd();
}

void Stream::readInput()
{
    m_readScheduled = false;
    // A write-only device (saving to a file) has no input, and so no end of it:
    // the stream lasts until close(), dispose() or the device closing.
    if (m_device && !m_device->isReadable() && m_device->isOpen())
        return;
    if (m_throttled)
        return; // the rate window's timer reads again
    if (!isOpen())
        return;
    const StreamInput::SliceEnd end = m_input->readSlice(
            m_device, m_remoteEnded, [this](QByteArrayView line) { return takeLine(line); },
            [this](QByteArrayView keyToken) { m_replica->prepareFor(keyToken); });
    if (m_input->bytesRead() != m_stats.bytesIn) {
        m_stats.bytesIn = m_input->bytesRead();
        m_deadlines->inputAt(m_clock.elapsed());
    }
    switch (end) {
    case StreamInput::SliceEnd::TooLong:
        return fail(QStringLiteral("line %1 is longer than %2 bytes")
                            .arg(m_stats.linesIn + 1)
                            .arg(m_input->maxLineLength()));
    case StreamInput::SliceEnd::Stopped:
        return;
    case StreamInput::SliceEnd::SliceOver:
        scheduleRead();
        if (m_deadlinesOn)
            noteInput(); // lines are read: the first unread one is new
        return;
    case StreamInput::SliceEnd::Drained:
        break;
    }
    if (!isOpen())
        return;
    if (inputFinished())
        return handleEndOfInput();
    if (m_deadlinesOn)
        noteInput();
}

bool Stream::takeLine(QByteArrayView line)
{
    const bool handled = handleLine(line);
    if (!m_taps.empty())
        tapIn(line, handled);
    return handled && isOpen() && !throttle();
}

bool Stream::hasFinishedHandshake() const
{
    return !m_options.writable || (m_remoteDigest && m_syncReceived);
}

qint64 Stream::msecsSinceInput() const
{
    return m_clock.isValid() ? m_clock.elapsed() - m_deadlines->lastInputMs() : 0;
}

void Stream::noteInput()
{
    // What is left is a line begun and not ended, or lines the next slice reads.
    const qint64 pending = m_input->buffered();
    const qint64 due = m_deadlines->unreadAt(m_clock.elapsed(), m_stats.bytesIn - pending, pending);
    if (due >= 0)
        armDeadline(due);
}

void Stream::checkDeadlines()
{
    if (!isOpen() || m_remoteEnded)
        return;
    const qint64 now = m_clock.elapsed();
    if (m_throttled)
        m_deadlines->pausedUntil(now); // we are not reading: the peer waits for us
    StreamDeadlines::Owed owed;
    owed.digest = m_options.writable && !m_remoteDigest;
    // Until its "SYNC" the peer owes us its history, which it sends as soon
    // as it has our digest (or at once when it takes no input).
    owed.history = m_options.writable && m_remoteDigest && !m_syncReceived
            && (m_options.readable || m_options.sendClock);
    const StreamDeadlines::Verdict verdict = m_deadlines->check(now, owed, m_stats.linesIn);
    if (!verdict.missed.isEmpty())
        return fail(verdict.missed);
    if (verdict.nextDueMs >= 0)
        armDeadline(verdict.nextDueMs);
}

void Stream::armDeadline(qint64 dueMs)
{
    if (m_deadlineTimer.isActive() && m_deadlineDueMs <= dueMs)
        return; // it fires first, and arms the next
    m_deadlineDueMs = dueMs;
    m_deadlineTimer.start(int(std::clamp<qint64>(dueMs - m_clock.elapsed(), 0, INT_MAX)),
                          Qt::CoarseTimer, this);
}

void Stream::timerEvent(QTimerEvent *event)
{
    if (event->timerId() != m_deadlineTimer.timerId())
        return QObject::timerEvent(event);
    m_deadlineTimer.stop();
    m_deadlineDueMs = -1;
    checkDeadlines();
}

bool Stream::throttle()
{
    // Input that has ended is finite and already ours: it is read at once.
    if (m_options.maxUpdatesPerSecond <= 0 || m_remoteEnded)
        return false;
    const qint64 pause = m_input->pauseForRate();
    if (pause <= 0)
        return false;
    // Stop reading till the second is over: what the peer sends meanwhile
    // waits in the socket, and then in the peer, which TCP slows down.
    m_throttled = true;
    if (++m_stats.throttledPauses == 1)
        emit limitReached(QStringLiteral("%1: sends more than %2 updates per second; reading from "
                                         "it pauses until each second is over")
                                  .arg(peerName())
                                  .arg(m_options.maxUpdatesPerSecond));
    QTimer::singleShot(int(pause), this, [this] {
        m_throttled = false;
        m_deadlines->pausedUntil(m_clock.elapsed()); // paused time is not the peer's
        readInput();
    });
    return true;
}

void Stream::handleEndOfInput()
{
    // Like node's stream-serializer, a last line without its newline still counts.
    const QByteArray rest = m_input->takeRemainder();
    if (!rest.trimmed().isEmpty() && !handleLine(rest))
        return;
    m_remoteEnded = true;
    finish();
}

bool Stream::handleLine(QByteArrayView line)
{
    ++m_stats.linesIn;
    DecodedLine decoded = m_input->decode(line);
    switch (decoded.kind) {
    case DecodedLine::Kind::Update:
    case DecodedLine::Kind::BadUpdate:
        if (!m_options.writable)
            return true; // as in the JS: a read-only stream ignores what comes in
        if (!m_remoteDigest) {
            fail(QStringLiteral("line %1: an update arrived before the digest")
                         .arg(m_stats.linesIn));
            return false;
        }
        if (decoded.kind == DecodedLine::Kind::BadUpdate) {
            fail(QStringLiteral("line %1: %2").arg(m_stats.linesIn).arg(decoded.error));
            return false;
        }
        // Updates of either dialect are read, whatever we write: a peer on
        // --dialect auto answers in 5.x until it has seen that we speak 4.x.
        return takeUpdate(decoded.update, *decoded.dialect);
    case DecodedLine::Kind::Digest:
        m_inKind = WireLine::Kind::Digest;
        return handleDigest(decoded.message.toObject());
    case DecodedLine::Kind::Sync:
        m_inKind = WireLine::Kind::Sync;
        if (m_syncReceived && m_options.writable) {
            fail(QStringLiteral("line %1: \"SYNC\" received twice").arg(m_stats.linesIn));
            return false;
        }
        handleSyncMessage();
        return true;
    case DecodedLine::Kind::Invalid:
        fail(QStringLiteral("line %1: %2").arg(m_stats.linesIn).arg(decoded.error));
        return false;
    case DecodedLine::Kind::Other:
        break;
    }
    fail(QStringLiteral("line %1: expected a digest, an update or \"SYNC\", got %2")
                 .arg(m_stats.linesIn)
                 .arg(QString::fromUtf8(
                         line.first(qMin<qsizetype>(line.size(), 80)).toByteArray())));
    return false;
}

bool Stream::takeUpdate(const Update &update, const Dialect &dialect)
{
    if (const auto validated = m_replica->validate(update); !validated) {
        fail(QStringLiteral("line %1: %2").arg(m_stats.linesIn).arg(validated.errorMessage()));
        return false;
    }
    m_input->countUpdate();
    if (!m_dialectSettled) {
        m_dialectSettled = true;
        if (&dialect != &m_output->dialect()) {
            // We guessed 5.x and the peer speaks 4.x: it dropped what we sent,
            // so send again, in its dialect, all it still lacks.
            const bool syncWasSent = m_output->phase() == StreamOutput::Phase::Live;
            m_output->setDialect(&dialect);
            beginHistory(m_remoteDigest->clock, syncWasSent);
            answerNow();
        }
    }
    QString rejection;
    m_inKind = m_syncReceived ? WireLine::Kind::Live : WireLine::Kind::History;
    const Scuttlebutt::Outcome outcome = m_replica->receiveFrom(update, this, &rejection);
    if (!m_taps.empty()) {
        m_inReason = rejection;
        m_inUpdate = update;
    }
    switch (outcome) {
    case Scuttlebutt::Outcome::Applied:
        ++m_stats.updatesIn;
        m_inOutcome = WireLine::Outcome::Applied;
        break;
    case Scuttlebutt::Outcome::OldData:
        ++m_stats.oldDataIn;
        m_inOutcome = WireLine::Outcome::OldData;
        break;
    case Scuttlebutt::Outcome::Unverified:
        ++m_stats.unverifiedIn;
        m_inOutcome = WireLine::Outcome::Unverified;
        break;
    case Scuttlebutt::Outcome::NotApplied:
        m_inOutcome = WireLine::Outcome::NotApplied;
        break;
    case Scuttlebutt::Outcome::Rejected:
        m_inOutcome = WireLine::Outcome::Rejected;
        // Not taken in and no clock moved, ours or our copy of the peer's: an
        // update in the far future would block its source's writes for good.
        ++m_stats.rejectedIn;
        emit updateRejected(update,
                            QStringLiteral("%1: line %2: rejected update \"%3\" from %4: %5")
                                    .arg(peerName())
                                    .arg(m_stats.linesIn)
                                    .arg(update.key(), update.source(), rejection));
        return true;
    }
    // The remote holds what it sends us: never send it back in history.
    m_output->remoteHas(update);
    return true;
}

bool Stream::handleDigest(const JsonObject &object)
{
    if (m_remoteDigest) {
        fail(QStringLiteral("line %1: a second digest").arg(m_stats.linesIn));
        return false;
    }
    auto digest = Digest::fromJson(object);
    if (!digest) {
        fail(QStringLiteral("line %1: %2").arg(m_stats.linesIn).arg(digest.errorMessage()));
        return false;
    }
    m_remoteDigest = std::move(digest).value();
    // Updates read from now on share their source ids with the remote clock,
    // which then finds them by address.
    m_input->learnSources(m_remoteDigest->clock);
    if (const qint64 idleDue = m_deadlines->idleDueMs(); m_deadlinesOn && idleDue >= 0)
        armDeadline(idleDue); // the idle deadline begins
    const bool answer = m_output->phase() == StreamOutput::Phase::Nothing && m_options.readable;
    if (m_output->phase() == StreamOutput::Phase::Nothing) {
        if (m_options.readable)
            beginHistory(m_remoteDigest->clock);
        else
            m_output->setRemoteClock(m_remoteDigest->clock);
    }
    if (m_state == State::AwaitingHeader)
        setState(State::Syncing);
    emit headerReceived(*m_remoteDigest);
    if (answer)
        answerNow();
    return true;
}

void Stream::handleSyncMessage()
{
    m_syncReceived = true;
    emit syncReceived();
    checkSynced();
}

void Stream::beginHistory(const Clock &remote, bool catchUp)
{
    m_output->beginHistory(remote, catchUp);
    m_replica->attachStream(this);
    if (m_state == State::AwaitingHeader)
        setState(State::Syncing);
    schedulePump();
}

void Stream::answerNow()
{
    // A peer that ends once synced (npm tail:false) half-closes right after its
    // "SYNC", and QTcpSocket closes entirely when it reads that end of input:
    // output still queued in the socket then is lost. So the answer to what the
    // peer sent is written and handed to the system at once, not on a later pass
    // of the event loop.
    pump();
    if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data()))
        socket->flush();
}

void Stream::onReplicaUpdate(const Update &update)
{
    if (m_finishing)
        return;
    switch (m_output->queueLive(update)) {
    case StreamOutput::Queued::Ignored:
        return;
    case StreamOutput::Queued::Overflowed:
        if (++m_stats.queueOverflows == 1)
            emit limitReached(QStringLiteral("%1: reads slower than the replica changes; past %2 "
                                             "updates or %3 bytes queued for it, it is sent "
                                             "history instead")
                                      .arg(peerName())
                                      .arg(m_options.maxQueuedUpdates)
                                      .arg(m_options.maxQueuedBytes));
        return;
    case StreamOutput::Queued::Queued:
        schedulePump();
        return;
    }
}

void Stream::schedulePump()
{
    if (m_pumpScheduled)
        return;
    m_pumpScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_pumpScheduled = false;
        pump();
    });
}

void Stream::pump()
{
    if (m_pumping || !m_device || !isOpen())
        return;
    m_pumping = true;
    QByteArray out;
    // History fills whole chunks: room for one up front, not regrown line by line.
    if (isSendingHistory())
        out.reserve(kWriteChunk + 4096);
    qint64 sliceBytes = 0;
    bool more = true;
    while (more) {
        if (m_device->bytesToWrite() + out.size() >= m_options.highWaterMark)
            break; // bytesWritten calls us again
        if (sliceBytes >= kBytesPerSlice) {
            schedulePump(); // devices without bytesWritten, such as files
            break;
        }
        const qsizetype before = out.size();
        more = writeNextLine(out);
        sliceBytes += out.size() - before;
        if (out.size() >= kWriteChunk)
            writeOut(out);
    }
    writeOut(out);
    m_pumping = false;
    if (isOpen() && m_finishing && !isSendingHistory())
        closeDevice();
}

bool Stream::writeNextLine(QByteArray &out)
{
    // A stream that finishes writes the history it owes, and no live update.
    if (m_finishing && !isSendingHistory())
        return false;
    const qsizetype before = out.size();
    switch (m_output->appendNextLine(out)) {
    case StreamOutput::Line::None:
        return false;
    case StreamOutput::Line::History:
        tapOut(WireLine::Kind::History, out, before);
        ++m_stats.updatesOut;
        return true;
    case StreamOutput::Line::Live:
        tapOut(WireLine::Kind::Live, out, before);
        ++m_stats.updatesOut;
        return true;
    case StreamOutput::Line::Sync:
        tapOut(WireLine::Kind::Sync, out, before);
        writeOut(out);
        m_syncEndsAt = m_stats.bytesOut;
        markSyncSent();
        return true;
    }
    return false;
}

void Stream::writeOut(QByteArray &out)
{
    if (out.isEmpty() || !m_device)
        return;
    if (m_device->write(out) != out.size()) {
        out.clear();
        fail(QStringLiteral("cannot write: %1").arg(m_device->errorString()));
        return;
    }
    m_stats.bytesOut += out.size();
    out.clear();
}

void Stream::markSyncSent()
{
    m_syncSent = true;
    emit syncSent();
    checkSynced();
}

void Stream::checkSynced()
{
    if (!isSynced() || m_syncedEmitted)
        return;
    m_syncedEmitted = true;
    setState(State::Synced);
    emit synced();
    if (!m_options.tail)
        finish();
}

void Stream::leaveReplica()
{
    disconnect(m_replica, nullptr, this, nullptr);
    if (m_replica)
        m_replica->detachStream(this);
}

void Stream::finish()
{
    m_finishing = true;
    m_output->dropLiveQueue();
    schedulePump();
}

void Stream::closeDevice()
{
    if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data())) {
        if (socket->state() != QAbstractSocket::UnconnectedState) {
            socket->disconnectFromHost(); // writes what is buffered first
            return;
        }
    } else if (auto *local = qobject_cast<QLocalSocket *>(m_device.data())) {
        if (local->state() != QLocalSocket::UnconnectedState) {
            local->disconnectFromServer();
            return;
        }
    } else if (m_device && m_device->isOpen()) {
        m_device->close();
        return;
    }
    onDeviceClosed();
}

void Stream::onDeviceClosed()
{
    if (!isOpen())
        return;
    // Input that arrived just before the close is still the peer's word, and no
    // later pass of the event loop will read it: take all of it now.
    if (m_input->buffered() > 0 || (m_device && m_device->bytesAvailable() > 0)) {
        m_remoteEnded = true;
        m_throttled = false; // ended input is read at once, whatever the rate
        readInput();
        if (!isOpen())
            return;
    }
    if (m_historyLost)
        return fail(
                QStringLiteral("the peer ended the connection before all our history reached it"));
    leaveReplica();
    setState(State::Closed);
    emit closed();
}

void Stream::fail(const QString &reason)
{
    if (!isOpen())
        return;
    m_errorString = QStringLiteral("%1: %2").arg(peerName(), reason);
    m_output->stop();
    leaveReplica();
    setState(State::Failed);
    emit errorOccurred(m_errorString);
    if (m_device) {
        disconnect(m_device, nullptr, this, nullptr);
        if (auto *socket = qobject_cast<QAbstractSocket *>(m_device.data()))
            socket->abort();
        else
            m_device->close();
    }
    emit closed();
}

void Stream::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (!isOpen())
        m_deadlineTimer.stop();
    emit stateChanged(state);
}

void Stream::addWireTap(WireTap *tap)
{
    if (std::find(m_taps.begin(), m_taps.end(), tap) == m_taps.end())
        m_taps.push_back(tap);
}

void Stream::removeWireTap(WireTap *tap)
{
    m_taps.erase(std::remove(m_taps.begin(), m_taps.end(), tap), m_taps.end());
}

void Stream::tapIn(QByteArrayView line, bool handled)
{
    WireLine wire{WireLine::Direction::In, m_inKind, m_inOutcome, line, m_inReason,
                  WireLine::now()};
    if (m_inUpdate.isValid())
        wire.update = &m_inUpdate;
    if (!handled) {
        wire.outcome = WireLine::Outcome::Refused;
        wire.reason = m_errorString;
    }
    for (size_t i = 0; i < m_taps.size(); ++i)
        m_taps[i]->onWireLine(*this, wire);
    m_inKind = WireLine::Kind::Unreadable;
    m_inOutcome = WireLine::Outcome::None;
    m_inReason.clear();
    m_inUpdate = Update();
}

void Stream::tellTapsOut(WireLine::Kind kind, QByteArrayView bytes)
{
    const WireLine wire{WireLine::Direction::Out, kind, WireLine::Outcome::None, bytes, {},
                        WireLine::now()};
    for (size_t i = 0; i < m_taps.size(); ++i)
        m_taps[i]->onWireLine(*this, wire);
}

} // namespace sb
