// SPDX-License-Identifier: MIT
#pragma once

#include "replicafileerror.h"
#include "replicafileoptions.h"
#include "scuttlebutt.h"
#include "severity.h"

#include <QObject>
#include <QPointer>

namespace sb {
class ReplicaFile;
}

// The replica being inspected and where it is kept: in memory only, or in a
// replica file (sb::ReplicaFile) that appends every applied update as it
// happens and is compacted when closed. A file is read in slices: open() is
// followed by loadProgress() and then loaded() or failed(), and nothing of a
// damaged file is written. Problems while running (a full disk, a read-only
// directory) arrive as message() and storageChanged(); the replica goes on in
// memory meanwhile.
class ReplicaDocument : public QObject
{
    Q_OBJECT

public:
    enum class State { Loading, Ready, Failed, Closing, Closed };
    Q_ENUM(State)

    // An empty replica in memory (a fresh id when id is empty), Ready at once.
    static ReplicaDocument *createInMemory(const QString &type, const QString &id = {},
                                           QObject *parent = nullptr);
    // An empty replica that nothing local may edit, for replaying a trace
    // into; title() is title.
    static ReplicaDocument *createReadOnly(const QString &type, const QString &id,
                                           const QString &title, QObject *parent = nullptr);
    // A replica file, read by open().
    static ReplicaDocument *forFile(const QString &fileName, const sb::ReplicaFileOptions &options,
                                    QObject *parent = nullptr);
    ~ReplicaDocument() override;

    void open();
    // Compacts the file and waits until it is on disk; closed() follows (at
    // once for a replica in memory). The replica stays readable until deleted.
    void close();

    State state() const { return m_state; }
    sb::Scuttlebutt *replica() const;
    sb::ReplicaFile *file() const { return m_file; }
    bool isFile() const { return m_file != nullptr; }
    bool isReadOnly() const;
    QString fileName() const;
    // "default.sbreplica", or "Untitled model (in memory)".
    QString title() const;
    // Whether applied updates reach the file now.
    bool isSaving() const;
    // The last write error while running, cleared when writing works again.
    QString writeError() const { return m_writeError; }
    // Bad lines a salvaging read skipped.
    qsizetype skippedLineCount() const;

signals:
    void loadProgress(qint64 bytesRead, qint64 bytesTotal);
    void loaded();
    void failed(const sb::ReplicaFileError &error);
    void message(Severity severity, const QString &text);
    // isSaving() or writeError() changed, or a compaction started or ended.
    void storageChanged();
    void closed();

private:
    explicit ReplicaDocument(QObject *parent);
    void watchFile();
    void setState(State state);

    State m_state = State::Loading;
    sb::ReplicaFile *m_file = nullptr;
    QPointer<sb::Scuttlebutt> m_memoryReplica;
    QString m_writeError;
    QString m_title; // of a read-only replica in memory
    bool m_readOnly = false;
};
