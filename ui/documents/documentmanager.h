// SPDX-License-Identifier: MIT
#pragma once

#include "replicafileerror.h"
#include "replicasession.h"
#include "scuttlebutt.h"
#include "severity.h"

#include <QObject>
#include <QPointer>

class ReplicaDocument;

// Opens, creates and copies the session's replica files. The default replica
// lives in the user's data directory and is opened at launch; other files
// are opened, saved as a copy or repaired on request. A file loads in the
// background while the current replica goes on: it takes over only once
// loaded, and a file that fails to load stays as it was (openFailed()). One
// operation runs at a time; isBusy() and busyText() say which.
class DocumentManager : public QObject
{
    Q_OBJECT

public:
    enum class Access {
        ReadWrite,
        ReadOnly, // never written, damaged lines refused
        Salvage,  // never written, damaged lines skipped and listed in the log
    };
    Q_ENUM(Access)

    explicit DocumentManager(ReplicaSession *session, QObject *parent = nullptr);
    ~DocumentManager() override;

    // QStandardPaths::AppDataLocation/default.sbreplica
    static QString defaultFileName();
    static QString fileFilter();
    bool isShowingDefault() const;

    void openDefault();
    // Replaces the replica with an empty one kept in memory only.
    void newInMemory(const QString &type);
    void open(const QString &fileName, Access access = Access::ReadWrite);
    // Opens fileName, creating it for a replica of that id and kind when it
    // does not exist; an existing file must hold that id.
    void openWithId(const QString &fileName, const QString &id, const QString &type);
    // Writes the current replica to fileName and switches to that file,
    // dialing the same peers again; the current file stays as it is.
    void saveAs(const QString &fileName);
    // Reads damagedFile skipping its bad lines, writes what was readable to
    // copy and switches to the copy. damagedFile is never written.
    void saveRepairedCopy(const QString &damagedFile, const QString &copy);
    // Closes the current file and goes back to the default replica.
    void closeCurrent();
    // Stops a load under way; the current replica stays.
    void cancel();

    bool isBusy() const { return !m_busyText.isEmpty(); }
    QString busyText() const { return m_busyText; }
    // The document being loaded (not yet the session's), if any.
    ReplicaDocument *loadingDocument() const { return m_loading; }

signals:
    void busyChanged();
    void progress(qint64 done, qint64 total);
    // A file took over as the session's replica.
    void opened(ReplicaDocument *document);
    // fileName could not be opened with access; it was not changed.
    void openFailed(const sb::ReplicaFileError &error, DocumentManager::Access access);
    void saveFailed(const sb::ReplicaFileError &error);
    void message(Severity severity, const QString &text);

private:
    void load(ReplicaDocument *document, Access access, ReplicaSession::Peers peers);
    void onLoaded();
    void recordUpdatesSinceCopy();
    void stopRecording();
    void copyFromFile(const QString &fileName);
    void copyFromMemory(const QString &fileName);
    void finishSaving(const QString &fileName, const QString &error, const QString &id);
    bool refuseWhileBusy();
    void setBusy(const QString &text);
    bool isCurrentFile(const QString &fileName) const;

    ReplicaSession *m_session;
    QPointer<ReplicaDocument> m_loading;
    Access m_loadingAccess = Access::ReadWrite;
    ReplicaSession::Peers m_loadingPeers = ReplicaSession::Peers::Drop;
    bool m_loadingDefault = false;
    QPointer<QObject> m_copier; // the writer, or the document salvaged, of a copy under way
    // What the current replica applied since a copy of it was taken: the
    // copy takes it in before it takes over.
    QList<sb::Update> m_sinceCopy;
    QMetaObject::Connection m_recording;
    QString m_busyText;
};
