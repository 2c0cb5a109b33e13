// SPDX-License-Identifier: MIT
#pragma once

#include "documentmanager.h"
#include "keymanagerdialog.h"
#include "scuttlebutt.h"
#include "severity.h"

#include <QMenu>
#include <QPointer>

#include <functional>

class KeyRing;
class PeerConnection;
class QActionGroup;
class ReplicaSession;
class SigningController;

// The Replica menu: new replicas in memory; replica files (open, open
// read-only, recent, save as, close); export; signing and the Key Manager;
// and how durable writes are. Every question is a dialog opened with open(),
// never exec(). A file that fails to open is explained (file, line, reason)
// with the ways out that leave it untouched: read-only, or a repaired copy.
class ReplicaMenu : public QMenu
{
    Q_OBJECT

public:
    ReplicaMenu(ReplicaSession *session, DocumentManager *documents, KeyRing *keyRing,
                QWidget *window);

    SigningController *signing() const { return m_signing; }
    KeyManagerDialog *keyManager() const { return m_keyManager; }

    // Asks first when an unsaved replica in memory holds data.
    // type: a name ReplicaTypes knows.
    void newReplica(const QString &type);
    void openFile(DocumentManager::Access access);
    void saveAs();
    void exportJson();
    void closeReplica();
    void openKeyManager();
    void showOpenFailure(const sb::ReplicaFileError &error, DocumentManager::Access access);
    void askForRepairedCopy(const QString &damagedFile);
    // Puts Open Trace… with the other ways to open.
    void addTraceAction(QAction *openTrace);

signals:
    void statusMessage(const QString &text);
    void message(Severity severity, const QString &text);

private:
    void createActions();
    QMenu *createSigningMenu();
    QMenu *createDurabilityMenu();
    void fillRecentMenu();
    void fillSigningMenu();
    void updateActions();
    void confirmThen(const QString &question, const QString &details,
                     const std::function<void()> &action);
    void showError(const QString &title, const QString &text);
    // A dialed peer turned out to be a crdt Doc: offers a Doc to read it with.
    void offerDocFor(PeerConnection *peer, Severity severity, const QString &text);

    ReplicaSession *m_session;
    DocumentManager *m_documents;
    KeyRing *m_keyRing;
    QWidget *m_window;
    SigningController *m_signing;
    QPointer<KeyManagerDialog> m_keyManager;
    QMenu *m_recent = nullptr;
    QMenu *m_signingMenu = nullptr;
    QAction *m_saveAs = nullptr;
    QAction *m_close = nullptr;
    QAction *m_export = nullptr;
    bool m_offeringDoc = false; // one offer at a time, however often the peer retries
};
