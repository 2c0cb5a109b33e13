// SPDX-License-Identifier: MIT
#pragma once

#include "comparesource.h"

#include <QList>
#include <QObject>
#include <QPointer>

class CompareView;
class PeerConnection;
class QAction;
class QWidget;
class ReplicaSession;

// Peers ▸ Compare with… and the peers panel's Compare with This Peer: each
// comparison opens in a window of its own, beside the main window, so that
// several can be watched at once (one per peer of a mesh) and each can be as
// large as a diff of many keys needs. The dialog is opened with open().
class CompareCommands : public QObject
{
    Q_OBJECT

public:
    CompareCommands(ReplicaSession *session, QWidget *window);

    QAction *compareAction() const { return m_compare; }
    // The comparison windows open now.
    QList<CompareView *> views() const;

    void openDialog();
    // Opens a comparison window; a peer of the session is read with its
    // dialect and TLS identity.
    CompareView *compareWith(const CompareSource::Target &target, PeerConnection *peer = nullptr);
    CompareView *compareWithPeer(PeerConnection *peer);

private:
    ReplicaSession *m_session;
    QWidget *m_window;
    QAction *m_compare;
    QList<QPointer<CompareView>> m_views;
};
