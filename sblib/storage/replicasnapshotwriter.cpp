// SPDX-License-Identifier: MIT
#include "replicasnapshotwriter.h"

#include "dialect.h"
#include "filesyncer_p.h"
#include "writefully_p.h"

#include <QSaveFile>
#include <QTimer>

namespace sb {

namespace {
constexpr int kSliceMs = 15;
constexpr qsizetype kWriteChunk = 256 * 1024;
constexpr int kLinesBetweenChecks = 512;
const QByteArray kSyncLine = QByteArrayLiteral("\"SYNC\"\n");
} // namespace

ReplicaSnapshotWriter::ReplicaSnapshotWriter(const QString &fileName, const Digest &digest,
                                             const Scuttlebutt *replica, const Dialect &dialect,
                                             QObject *parent)
    : QObject(parent), m_fileName(fileName), m_digest(digest), m_replica(replica),
      m_history(replica->historyRefs({})), m_dialect(&dialect), m_syncer(new FileSyncer(this))
{
    connect(m_syncer, &FileSyncer::finished, this, &ReplicaSnapshotWriter::onFlushed);
    connect(replica, &Scuttlebutt::updateApplied, this, &ReplicaSnapshotWriter::append);
}

ReplicaSnapshotWriter::~ReplicaSnapshotWriter()
{
    if (m_file)
        m_file->cancelWriting();
}

void ReplicaSnapshotWriter::start()
{
    if (m_phase != Phase::Idle)
        return;
    m_phase = Phase::Writing;
    m_file = std::make_unique<QSaveFile>(m_fileName);
    // Unbuffered: we write big chunks anyway, and a failed write then names its reason.
    if (!m_file->open(QIODevice::WriteOnly | QIODevice::Unbuffered)) {
        const QString reason = QStringLiteral("cannot create a new snapshot beside it: %1")
                                       .arg(m_file->errorString());
        QTimer::singleShot(0, this, [this, reason] { fail(reason); });
        return;
    }
    m_buffer = m_digest.toLine();
    QTimer::singleShot(0, this, &ReplicaSnapshotWriter::writeSlice);
}

void ReplicaSnapshotWriter::append(const Update &update)
{
    if (m_phase == Phase::Writing || m_phase == Phase::Flushing)
        m_appended.append(update);
}

void ReplicaSnapshotWriter::writeSlice()
{
    if (m_phase != Phase::Writing)
        return;
    m_sliceTimer.start();
    int sinceCheck = 0;
    if (!m_replica)
        return fail(QStringLiteral("the replica was closed while its snapshot was written"));
    const qint64 total = qint64(m_history.size());
    while (m_position < m_history.size()) {
        m_replica->appendHistoryLine(m_history[m_position++], *m_dialect, m_buffer);
        if (m_buffer.size() >= kWriteChunk && !writeBuffer())
            return;
        if (++sinceCheck >= kLinesBetweenChecks) {
            sinceCheck = 0;
            if (m_sliceTimer.elapsed() >= kSliceMs) {
                emit progress(qint64(m_position), total);
                QTimer::singleShot(0, this, &ReplicaSnapshotWriter::writeSlice);
                return;
            }
        }
    }
    emit progress(total, total);
    m_history = {};
    m_buffer += kSyncLine;
    if (!writeBuffer() || !writeAppended())
        return;
    // The bulk goes to disk off the event loop; commit() then has little left to sync.
    m_phase = Phase::Flushing;
    m_syncer->start(m_file->handle(), 0);
}

bool ReplicaSnapshotWriter::writeBuffer()
{
    if (m_buffer.isEmpty())
        return true;
    if (!writeFully(*m_file, m_buffer)) {
        fail(QStringLiteral("cannot write the new snapshot: %1").arg(m_file->errorString()));
        return false;
    }
    m_buffer.clear();
    return true;
}

bool ReplicaSnapshotWriter::writeAppended()
{
    for (const Update &update : std::as_const(m_appended)) {
        const qsizetype before = m_buffer.size();
        m_dialect->appendUpdate(m_buffer, update);
        m_tailBytes += m_buffer.size() - before;
        ++m_tailLines;
    }
    m_appended.clear();
    return writeBuffer();
}

void ReplicaSnapshotWriter::onFlushed(quint64, const QString &error)
{
    if (m_phase != Phase::Flushing)
        return;
    if (!error.isEmpty())
        return fail(QStringLiteral("cannot flush the new snapshot to disk: %1").arg(error));
    commit();
}

void ReplicaSnapshotWriter::commit()
{
    // Updates applied during the flush go in too: nothing may fall between
    // the snapshot and the journal that continues it.
    if (!writeAppended())
        return;
    if (!m_file->commit())
        return fail(QStringLiteral("cannot replace it with the new snapshot: %1")
                            .arg(m_file->errorString()));
    m_file.reset();
    m_phase = Phase::Done;
    emit finished({});
}

void ReplicaSnapshotWriter::fail(const QString &reason)
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_history = {};
    m_appended.clear();
    if (m_file) {
        m_file->cancelWriting();
        m_file.reset(); // removes the temporary file
    }
    emit finished(reason);
}

} // namespace sb
