// SPDX-License-Identifier: MIT
#pragma once

#include <QTimer>
#include <QWidget>

class QLabel;
class ReplicaSession;

// The permanent part of the status bar: where we listen, how many peers are
// connected and whether they are all synced.
class StatusPanel : public QWidget
{
    Q_OBJECT

public:
    explicit StatusPanel(ReplicaSession *session, QWidget *parent = nullptr);

    QString listenText() const;
    QString peersText() const;
    QString syncText() const;

    void refresh();

private:
    ReplicaSession *m_session;
    QLabel *m_replica;
    QLabel *m_listen;
    QLabel *m_peers;
    QLabel *m_sync;
    QTimer m_timer;
};
