// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class KeyRing;
class PeerConnection;
class PeersModel;
class QAction;
class QLabel;
class QMessageBox;
class QStackedWidget;
class QTableView;
class ReplicaSession;

// The peers of the session with their live counters, and the actions on
// them: connect, listen, disconnect, reconnect, forget, and pin the
// certificate of a TLS peer refused because it was not pinned yet.
class PeersPanel : public QWidget
{
    Q_OBJECT

public:
    // The key ring offers TLS identities to the dialogs and keeps the pins;
    // without one, peers are dialed and accepted over plain TCP only.
    explicit PeersPanel(ReplicaSession *session, KeyRing *keyRing = nullptr,
                        QWidget *parent = nullptr);

    PeersModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QAction *connectAction() const { return m_connect; }
    QAction *listenAction() const { return m_listen; }
    QAction *stopListeningAction() const { return m_stopListening; }
    QAction *pinAction() const { return m_pin; }
    QAction *showOnWireAction() const { return m_showOnWire; }
    QAction *compareAction() const { return m_compare; }
    // The question "Pin this certificate?" while it is open, else nullptr.
    QMessageBox *pinQuestion() const;

    // Opens the Connect dialog (non-modal to the event loop: open(), not exec()).
    void openConnectDialog();
    void openListenDialog();

signals:
    void statusMessage(const QString &text);
    // Show on the Wire: the user wants to see what peerName sent and was sent.
    void wireRequested(const QString &peerName);
    // Compare with This Peer: the user wants to see what peer holds differently.
    void compareRequested(PeerConnection *peer);

private:
    PeerConnection *currentPeer() const;
    void updateActions();
    // Shows the refused peer's fingerprint and pins it once the user confirms.
    void askToPin(PeerConnection *peer);

    ReplicaSession *m_session;
    KeyRing *m_keyRing;
    PeersModel *m_model;
    QStackedWidget *m_stack;
    QTableView *m_table;
    QLabel *m_placeholder;
    QAction *m_connect;
    QAction *m_listen;
    QAction *m_stopListening;
    QAction *m_disconnect;
    QAction *m_reconnect;
    QAction *m_remove;
    QAction *m_pin;
    QAction *m_showOnWire;
    QAction *m_compare;
    QPointer<QMessageBox> m_pinQuestion;
};
