// SPDX-License-Identifier: MIT
#pragma once

#include "replicafileoptions.h"
#include "update.h"

#include <QFile>
#include <QObject>

#include <memory>

class QTimer;

namespace sb {

class Dialect;
class FileSyncer;

// The appending half of a replica file: writes each applied update as one
// line at the end of the file, at once and unbuffered (a crash of the process
// loses nothing written), and flushes to disk as the durability policy says.
// Appends carry sequence numbers given by the caller; durable(n) says that
// every append up to n is on stable storage. After a failed write the file is
// cut back to its last whole line, flushed, and let go: nothing more is
// appended until the caller attaches a file again.
class ReplicaJournal : public QObject
{
    Q_OBJECT

public:
    ReplicaJournal(ReplicaFileOptions::Durability durability, int groupCommitMs,
                   QObject *parent = nullptr);
    ~ReplicaJournal() override;

    void setDialect(const Dialect &dialect) { m_dialect = &dialect; }

    // Appends to file (open for appending) from now on; it already holds every
    // update up to writtenSequence. When renamed (just put in place by a
    // rename), the next flush also syncs its directory, and one starts now.
    void attach(std::unique_ptr<QFile> file, quint64 writtenSequence, bool renamed);
    // Stops appending and closes the file; a flush under way still reports.
    void detach();
    // Whether appends go to a file.
    bool isAttached() const { return m_file && m_accepting; }

    // Writes update as a line. On failure the file is cut back to its last
    // whole line, what it took is still flushed, no more is appended, and
    // failed() is emitted; returns false.
    bool append(const Update &update, quint64 sequence);
    // Flushes what is written now, whatever the policy.
    void flush();

    quint64 writtenSequence() const { return m_written; }
    quint64 durableSequence() const { return m_durable; }
    bool isFlushing() const;

    // Bytes and lines appended since the last snapshot.
    qint64 tailBytes() const { return m_tailBytes; }
    qint64 tailLines() const { return m_tailLines; }
    void setTail(qint64 bytes, qint64 lines);

signals:
    // Every append up to sequence is on stable storage.
    void durable(quint64 sequence);
    // The file could not take an append, or could not be flushed.
    void failed(const QString &reason);

private:
    void startFlush();
    void onFlushed(quint64 ticket, const QString &error);
    void fail(const QString &reason, bool flushWritten);

    ReplicaFileOptions::Durability m_durability;
    const Dialect *m_dialect;
    std::unique_ptr<QFile> m_file;
    FileSyncer *m_syncer;
    QTimer *m_groupTimer;
    QByteArray m_line;
    qint64 m_goodSize = 0; // the file's size after the last whole line
    quint64 m_written = 0;
    quint64 m_durable = 0;
    quint64 m_generation = 0; // counts attach(): a flush of a former file is only a bonus
    quint64 m_flushGeneration = 0;
    bool m_accepting = false; // false: no file, or one retired after a failure
    bool m_flushWanted = false;
    bool m_syncDirectory = false;
    qint64 m_tailBytes = 0;
    qint64 m_tailLines = 0;
};

} // namespace sb
