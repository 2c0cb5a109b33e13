// SPDX-License-Identifier: MIT
#include "replicafile.h"

#include "dialect.h"
#include "replicafilelock_p.h"
#include "replicafilereader.h"
#include "replicajournal_p.h"
#include "replicasnapshotwriter.h"
#include "scuttlebutt.h"
#include "timestamp.h"

#include <QFileInfo>
#include <QTimer>

#include <algorithm>

namespace sb {

namespace {
// Never O_CREAT: a file that vanished must not come back without its digest.
constexpr QIODevice::OpenMode kAppendMode = QIODevice::WriteOnly | QIODevice::Append
        | QIODevice::Unbuffered | QIODevice::ExistingOnly;
} // namespace

ReplicaFile::ReplicaFile(const QString &fileName, const ReplicaFileOptions &options,
                         QObject *parent)
    : QObject(parent), m_fileName(fileName), m_options(options),
      m_lock(std::make_unique<ReplicaFileLock>(fileName)),
      m_journal(new ReplicaJournal(options.durability, options.groupCommitMs, this)),
      m_dialect(&Dialect::forChoice(options.dialect)), m_retryTimer(new QTimer(this)),
      m_retryDelayMs(qMax(1, options.retryInitialMs))
{
    if (m_options.recovery == ReplicaFileOptions::Recovery::Salvage)
        m_options.access = ReplicaFileOptions::Access::ReadOnly; // a salvaged file is never written
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &ReplicaFile::onRetry);
    connect(m_journal, &ReplicaJournal::failed, this, &ReplicaFile::onJournalFailed);
    connect(m_journal, &ReplicaJournal::durable, this, &ReplicaFile::onDurable);
}

ReplicaFile::~ReplicaFile()
{
    // Everything applied is already written; a snapshot under way is discarded
    // and leaves the file as it was.
    if (m_replica)
        disconnect(m_replica, nullptr, this, nullptr);
    m_journal->detach();
}

int ReplicaFile::dialectVersion() const
{
    return m_dialect->version();
}

bool ReplicaFile::isWritable() const
{
    return !isReadOnly() && m_journal->isAttached();
}

qint64 ReplicaFile::tailBytes() const
{
    return m_journal->tailBytes();
}

qint64 ReplicaFile::tailLines() const
{
    return m_journal->tailLines();
}

void ReplicaFile::open()
{
    if (m_state != State::Closed)
        return;
    setState(State::Loading);
    if (isReadOnly() && !QFileInfo::exists(m_fileName)) {
        const ReplicaFileError error{m_fileName, 0, QStringLiteral("the file does not exist")};
        QTimer::singleShot(0, this, [this, error] { failOpen(error); });
        return;
    }
    if (!isReadOnly()) {
        if (const auto locked = m_lock->tryLock(); !locked) {
            const ReplicaFileError error{m_fileName, 0, locked.errorMessage()};
            QTimer::singleShot(0, this, [this, error] { failOpen(error); });
            return;
        }
    }
    m_reader = new ReplicaFileReader(m_fileName, m_options, this);
    connect(m_reader, &ReplicaFileReader::progress, this, &ReplicaFile::loadProgress);
    connect(m_reader, &ReplicaFileReader::finished, this, &ReplicaFile::onLoaded);
    m_reader->start();
}

void ReplicaFile::onLoaded()
{
    ReplicaFileReader *reader = std::exchange(m_reader, nullptr);
    reader->deleteLater();
    if (m_state != State::Loading)
        return;
    if (const auto &error = reader->error())
        return failOpen(*error);
    m_report = reader->report();
    m_replica = reader->takeReplica().release();
    m_replica->setParent(this);
    if (m_options.dialect == Dialect::Choice::Auto)
        m_dialect = m_report.updateDialects.size() == 1
                ? m_report.updateDialects.first()
                : &Dialect::forChoice(Dialect::Choice::Auto);
    m_journal->setDialect(*m_dialect);
    // The digest's clock may know more than the history left after a
    // compaction (updates since superseded); it stays in every digest we
    // write, and our own timestamps go on from past it, whatever the wall
    // clock says: peers drop an update older than what they hold from us.
    m_knownClock = reader->digest().clock;
    const QString id = m_replica->id();
    Timestamp::after(qMax(m_knownClock.latest(id), m_replica->clock().latest(id)));
    m_meta = reader->digest().meta;
    if (!m_meta.isObject())
        m_meta = JsonValue(JsonObject());
    m_meta.object().insert(QStringLiteral("type"), JsonValue(m_replica->typeName()));

    if (m_report.tornLine)
        emit tornLineDropped(*m_report.tornLine);
    if (isReadOnly()) {
        setState(State::Open);
        emit loaded();
        return;
    }
    connect(m_replica, &Scuttlebutt::updateApplied, this, &ReplicaFile::onUpdateApplied);
    if (m_report.created) {
        // The replica's id and type are on disk before anything else happens.
        m_creating = true;
        compact();
        return;
    }
    const bool attached = attachExistingFile();
    setState(State::Open);
    emit loaded();
    if (!attached)
        scheduleRetry();
    else if (m_state == State::Open && needsRewrite())
        compact();
}

bool ReplicaFile::attachExistingFile()
{
    auto file = std::make_unique<QFile>(m_fileName);
    if (!file->open(kAppendMode)) {
        reportError(QStringLiteral("cannot open for writing: %1").arg(file->errorString()));
        m_broken = true;
        return false;
    }
    // A torn last line goes before anything is appended after it.
    if (m_report.validSize < file->size() && !file->resize(m_report.validSize)) {
        reportError(QStringLiteral("cannot drop the torn last line: %1").arg(file->errorString()));
        m_broken = true;
        return false;
    }
    if (m_report.lastLineUnterminated && file->write("\n", 1) != 1) {
        reportError(QStringLiteral("cannot end the last line: %1").arg(file->errorString()));
        m_broken = true;
        return false;
    }
    m_journal->attach(std::move(file), m_sequence, false);
    m_journal->setTail(m_report.tailBytes, m_report.tailLines);
    return true;
}

bool ReplicaFile::needsRewrite() const
{
    // Files from node, or from an older or other writer, take our shape once.
    const bool otherDialect
            = std::any_of(m_report.updateDialects.cbegin(), m_report.updateDialects.cend(),
                          [this](const Dialect *d) { return d != m_dialect; });
    return !m_report.hasSync || !m_report.digestHasId || m_report.legacyHeader
            || !m_report.typeRecorded || otherDialect || tailOverThreshold();
}

bool ReplicaFile::tailOverThreshold() const
{
    return (m_options.compactTailBytes > 0 && m_journal->tailBytes() >= m_options.compactTailBytes)
            || (m_options.compactTailLines > 0
                && m_journal->tailLines() >= m_options.compactTailLines);
}

void ReplicaFile::onUpdateApplied(const Update &update)
{
    const quint64 sequence = ++m_sequence;
    if (m_journal->isAttached())
        m_journal->append(update, sequence);
    if (!m_snapshot && !m_retryTimer->isActive() && m_state == State::Open && tailOverThreshold())
        compact();
}

void ReplicaFile::onJournalFailed(const QString &reason)
{
    m_broken = true;
    reportError(QStringLiteral("%1; updates are kept in memory, and the file is rewritten once "
                               "writing works again")
                        .arg(reason));
    if (m_waitingToClose)
        return finishClose(); // nothing more will become durable
    if (!m_snapshot)
        scheduleRetry();
}

void ReplicaFile::onDurable(quint64 sequence)
{
    if (sequence <= m_durableSequence)
        return;
    m_durableSequence = sequence;
    emit durable(sequence);
    if (m_waitingToClose && m_durableSequence >= m_sequence)
        finishClose();
}

void ReplicaFile::compact()
{
    const bool running = m_state == State::Open || m_state == State::Closing || m_creating;
    if (!running || isReadOnly() || !m_replica || m_snapshot)
        return;
    m_retryTimer->stop();
    const Digest digest = snapshotDigest();
    m_snapshot = new ReplicaSnapshotWriter(m_fileName, digest, m_replica, *m_dialect, this);
    connect(m_snapshot, &ReplicaSnapshotWriter::progress, this, &ReplicaFile::compactionProgress);
    connect(m_snapshot, &ReplicaSnapshotWriter::finished, this, &ReplicaFile::onSnapshotFinished);
    m_snapshot->start();
}

Digest ReplicaFile::snapshotDigest() const
{
    Clock clock = m_replica->clock();
    for (const QString &source : m_knownClock.sources())
        clock.advance(source, m_knownClock.latest(source));
    return Digest{m_replica->id(), clock, m_meta};
}

void ReplicaFile::onSnapshotFinished(const QString &error)
{
    ReplicaSnapshotWriter *snapshot = std::exchange(m_snapshot, nullptr);
    snapshot->deleteLater();
    if (!error.isEmpty()) {
        if (m_creating) {
            m_creating = false;
            return failOpen(ReplicaFileError{m_fileName, 0, error});
        }
        reportError(m_journal->isAttached()
                            ? QStringLiteral("%1; the file as it was still holds every update")
                                      .arg(error)
                            : QStringLiteral("%1; the replica goes on in memory only").arg(error));
        if (m_state == State::Closing)
            return finishClose();
        scheduleRetry();
        return;
    }
    // The new file holds every update applied so far.
    m_journal->detach();
    auto file = std::make_unique<QFile>(m_fileName);
    if (!file->open(kAppendMode)) {
        const QString reason = QStringLiteral("cannot reopen the new snapshot for appending: %1")
                                       .arg(file->errorString());
        if (std::exchange(m_creating, false))
            return failOpen(ReplicaFileError{m_fileName, 0, reason});
        m_broken = true;
        reportError(reason);
        if (m_state == State::Closing)
            return finishClose();
        return scheduleRetry();
    }
    m_journal->attach(std::move(file), m_sequence, true);
    m_journal->setTail(snapshot->tailBytes(), snapshot->tailLines());
    m_retryDelayMs = qMax(1, m_options.retryInitialMs);
    if (std::exchange(m_creating, false)) {
        setState(State::Open);
        emit loaded();
        return;
    }
    if (std::exchange(m_broken, false))
        emit recovered();
    emit compacted();
    if (m_state == State::Closing)
        return finishClose();
    // What came in while compacting may already be past the threshold.
    if (m_state == State::Open && tailOverThreshold())
        QTimer::singleShot(0, this, &ReplicaFile::onRetry);
}

void ReplicaFile::saveCopy(const QString &fileName)
{
    const auto refuse = [this, fileName](const QString &reason) {
        const ReplicaFileError error{fileName, 0, reason};
        QTimer::singleShot(0, this, [this, error] { emit errorOccurred(error); });
    };
    if (!m_replica)
        return refuse(QStringLiteral("nothing to save: the replica is not loaded"));
    if (m_copy)
        return refuse(QStringLiteral("a copy is already being saved"));
    if (!isReadOnly()
        && QFileInfo(fileName).absoluteFilePath() == QFileInfo(m_fileName).absoluteFilePath())
        return refuse(QStringLiteral("this is the open file itself: use compact()"));
    const Digest digest = snapshotDigest();
    m_copy = new ReplicaSnapshotWriter(fileName, digest, m_replica, *m_dialect, this);
    connect(m_copy, &ReplicaSnapshotWriter::finished, this, [this, fileName](const QString &error) {
        std::exchange(m_copy, nullptr)->deleteLater();
        if (error.isEmpty())
            emit copySaved(fileName);
        else
            emit errorOccurred(ReplicaFileError{fileName, 0, error});
    });
    m_copy->start();
}

void ReplicaFile::close()
{
    switch (m_state) {
    case State::Closed:
    case State::Failed:
    case State::Closing:
        return;
    case State::Loading:
        if (m_reader) {
            m_reader->deleteLater();
            m_reader = nullptr;
        }
        if (m_creating && m_snapshot) {
            delete std::exchange(m_snapshot, nullptr);
            m_creating = false;
        }
        release();
        QTimer::singleShot(0, this, &ReplicaFile::closed);
        return;
    case State::Open:
        break;
    }
    if (isReadOnly()) {
        release();
        QTimer::singleShot(0, this, &ReplicaFile::closed);
        return;
    }
    setState(State::Closing);
    m_retryTimer->stop();
    if (m_snapshot)
        return; // finishes the close when done
    // A broken journal leaves the snapshot as the only way to save what is in memory.
    const bool worthIt = m_journal->isAttached() ? m_journal->tailLines() > 0 || needsRewrite()
                                                 : m_sequence > m_durableSequence;
    if (worthIt)
        compact();
    else
        finishClose();
}

void ReplicaFile::finishClose()
{
    // What the last compaction did not take is in the journal: wait until it
    // is on disk. With the journal broken there is nothing more to wait for.
    if (m_journal->isAttached() && m_durableSequence < m_sequence) {
        m_waitingToClose = true;
        m_journal->flush();
        return;
    }
    m_waitingToClose = false;
    release();
    emit closed();
}

void ReplicaFile::release()
{
    if (m_replica)
        disconnect(m_replica, nullptr, this, nullptr);
    m_retryTimer->stop();
    m_journal->detach();
    m_lock->unlock();
    setState(State::Closed);
}

void ReplicaFile::scheduleRetry()
{
    if (m_state != State::Open || m_retryTimer->isActive())
        return;
    m_retryTimer->start(m_retryDelayMs);
    m_retryDelayMs = qMin(m_retryDelayMs * 2, qMax(m_options.retryMaxMs, 1));
}

void ReplicaFile::onRetry()
{
    if (m_state == State::Open && (m_broken || tailOverThreshold()))
        compact();
}

void ReplicaFile::reportError(const QString &reason)
{
    emit errorOccurred(ReplicaFileError{m_fileName, 0, reason});
}

void ReplicaFile::failOpen(const ReplicaFileError &error)
{
    if (m_replica) {
        disconnect(m_replica, nullptr, this, nullptr);
        delete m_replica.data();
    }
    m_journal->detach();
    m_lock->unlock();
    setState(State::Failed);
    emit failed(error);
}

void ReplicaFile::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

} // namespace sb
