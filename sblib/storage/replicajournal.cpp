// SPDX-License-Identifier: MIT
#include "replicajournal_p.h"

#include "dialect.h"
#include "filesyncer_p.h"
#include "writefully_p.h"

#include <QFileInfo>
#include <QTimer>

namespace sb {

ReplicaJournal::ReplicaJournal(ReplicaFileOptions::Durability durability, int groupCommitMs,
                               QObject *parent)
    : QObject(parent), m_durability(durability), m_dialect(&Dialect::v5()),
      m_syncer(new FileSyncer(this)), m_groupTimer(new QTimer(this))
{
    m_groupTimer->setSingleShot(true);
    m_groupTimer->setInterval(qMax(1, groupCommitMs));
    connect(m_groupTimer, &QTimer::timeout, this, &ReplicaJournal::startFlush);
    connect(m_syncer, &FileSyncer::finished, this, &ReplicaJournal::onFlushed);
}

ReplicaJournal::~ReplicaJournal() = default;

void ReplicaJournal::attach(std::unique_ptr<QFile> file, quint64 writtenSequence, bool renamed)
{
    detach();
    m_file = std::move(file);
    m_accepting = true;
    m_goodSize = m_file->size();
    m_written = qMax(m_written, writtenSequence);
    ++m_generation;
    m_syncDirectory = renamed;
    if (renamed)
        startFlush();
}

void ReplicaJournal::detach()
{
    m_groupTimer->stop();
    m_accepting = false;
    if (m_file) {
        m_file->close();
        m_file.reset();
    }
}

bool ReplicaJournal::append(const Update &update, quint64 sequence)
{
    if (!isAttached())
        return false;
    m_line.clear();
    m_dialect->appendUpdate(m_line, update);
    if (!writeFully(*m_file, m_line)) {
        const QString reason = QStringLiteral("cannot append: %1").arg(m_file->errorString());
        // Leave no half line behind: the next load would take it for a torn end.
        m_file->resize(m_goodSize);
        fail(reason, true);
        return false;
    }
    m_goodSize += m_line.size();
    m_tailBytes += m_line.size();
    ++m_tailLines;
    m_written = sequence;
    if (m_durability == ReplicaFileOptions::Durability::EveryUpdate)
        startFlush();
    else if (!m_groupTimer->isActive())
        m_groupTimer->start();
    return true;
}

void ReplicaJournal::flush()
{
    m_groupTimer->stop();
    startFlush();
}

bool ReplicaJournal::isFlushing() const
{
    return m_syncer->isBusy();
}

void ReplicaJournal::setTail(qint64 bytes, qint64 lines)
{
    m_tailBytes = bytes;
    m_tailLines = lines;
}

void ReplicaJournal::startFlush()
{
    if (!m_file || (m_written <= m_durable && !m_syncDirectory))
        return;
    if (m_syncer->isBusy()) {
        m_flushWanted = true;
        return;
    }
    m_flushWanted = false;
    m_flushGeneration = m_generation;
    const QString directory
            = m_syncDirectory ? QFileInfo(m_file->fileName()).absolutePath() : QString();
    m_syncer->start(m_file->handle(), m_written, directory);
}

void ReplicaJournal::onFlushed(quint64 ticket, const QString &error)
{
    const bool current = m_flushGeneration == m_generation && m_file;
    if (!error.isEmpty()) {
        // After a failed fsync the kernel may have dropped the data: this file
        // is not to be trusted again. A former file's failure matters no more:
        // its updates are in the snapshot that replaced it.
        if (current && m_accepting)
            fail(QStringLiteral("cannot flush to disk: %1").arg(error), false);
        else if (current)
            detach();
        return;
    }
    if (current)
        m_syncDirectory = false;
    if (ticket > m_durable) {
        m_durable = ticket;
        emit durable(ticket);
    }
    if (m_file && !m_accepting) {
        // A file retired after a failed write: flush what it took, then let go.
        if (m_written > m_durable)
            startFlush();
        else
            detach();
        return;
    }
    if (m_flushWanted || (m_file && m_syncDirectory)) {
        if (m_durability == ReplicaFileOptions::Durability::EveryUpdate || m_syncDirectory)
            startFlush();
        else if (!m_groupTimer->isActive())
            m_groupTimer->start();
    }
}

void ReplicaJournal::fail(const QString &reason, bool flushWritten)
{
    m_accepting = false;
    m_groupTimer->stop();
    // What was written before the failure can still become durable.
    if (flushWritten && m_written > m_durable)
        startFlush();
    else if (!m_syncer->isBusy())
        detach();
    emit failed(reason);
}

} // namespace sb
