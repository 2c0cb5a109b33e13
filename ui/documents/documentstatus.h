// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class DocumentManager;
class QLabel;
class QProgressBar;
class QToolButton;
class ReplicaSession;

// The part of the status bar that says where the replica is kept and how
// that is going: the file and whether every update reaches it (or why not),
// "in memory", or "read-only"; whether updates are signed; and a progress
// bar while a file loads or a copy is written, with a button to stop a load.
class DocumentStatus : public QWidget
{
    Q_OBJECT

public:
    DocumentStatus(ReplicaSession *session, DocumentManager *documents, QWidget *parent = nullptr);

    QString storageText() const;
    QString signingText() const;
    QProgressBar *progressBar() const { return m_progress; }

    void refresh();

private:
    void onProgress(qint64 done, qint64 total);

    ReplicaSession *m_session;
    DocumentManager *m_documents;
    QLabel *m_busy;
    QProgressBar *m_progress;
    QToolButton *m_cancel;
    QLabel *m_lock;
    QLabel *m_signing;
    QLabel *m_storage;
};
