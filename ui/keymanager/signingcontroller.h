// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"

#include <QObject>
#include <QPointer>

class DocumentManager;
class KeyRing;
class ReplicaDocument;
class ReplicaSession;
class QWidget;

// Turns signing on and off for the session's replica, talking the user
// through it without a nested event loop: it asks for the key's passphrase,
// explains that the replica takes the key's source id, and for a replica
// file holding another id (which it keeps across restarts) offers a new
// replica file signed with the key instead. When a file whose id is one of
// our keys' is opened, it offers to sign with that key again.
class SigningController : public QObject
{
    Q_OBJECT

public:
    SigningController(ReplicaSession *session, DocumentManager *documents, KeyRing *keyRing,
                      QWidget *window);

    // Starts signing with our key keyName, asking what it must.
    void sign(const QString &keyName);
    void stopSigning();

signals:
    void statusMessage(const QString &text);

private:
    enum class Ask { Confirm, Quietly };
    void withKey(const QString &keyName, const QString &why,
                 const std::function<void(const sb::KeyPair &)> &use);
    void useKey(const QString &keyName, const sb::KeyPair &key, Ask ask);
    void install(const QString &keyName, const sb::KeyPair &key);
    void offerNewReplica(const QString &keyName, const sb::KeyPair &key);
    void onOpened(ReplicaDocument *document);
    void showError(const QString &text);

    ReplicaSession *m_session;
    DocumentManager *m_documents;
    KeyRing *m_keyRing;
    QWidget *m_window;
    // A key waiting for the new replica file it is to sign.
    QString m_pendingName;
    sb::KeyPair m_pendingKey;
};
