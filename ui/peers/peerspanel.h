#pragma once

#include <QWidget>

class PeerConnection;
class PeersModel;
class QAction;
class QLabel;
class QStackedWidget;
class QTableView;
class ReplicaSession;

// The peers of the session with their live counters, and the actions on
// them: connect, listen, disconnect, reconnect, forget.
class PeersPanel : public QWidget
{
    Q_OBJECT

public:
    explicit PeersPanel(ReplicaSession *session, QWidget *parent = nullptr);

    PeersModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QAction *connectAction() const { return m_connect; }
    QAction *listenAction() const { return m_listen; }
    QAction *stopListeningAction() const { return m_stopListening; }

    // Opens the Connect dialog (non-modal to the event loop: open(), not exec()).
    void openConnectDialog();
    void openListenDialog();

signals:
    void statusMessage(const QString &text);

private:
    PeerConnection *currentPeer() const;
    void updateActions();

    ReplicaSession *m_session;
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
};
