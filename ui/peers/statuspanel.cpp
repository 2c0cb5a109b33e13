// SPDX-License-Identifier: MIT
#include "statuspanel.h"

#include "peerconnection.h"
#include "replicasession.h"

#include <QHBoxLayout>
#include <QLabel>

StatusPanel::StatusPanel(ReplicaSession *session, QWidget *parent)
    : QWidget(parent), m_session(session), m_replica(new QLabel(this)), m_listen(new QLabel(this)),
      m_peers(new QLabel(this)), m_sync(new QLabel(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(16);
    for (QLabel *label : {m_replica, m_listen, m_peers, m_sync})
        layout->addWidget(label);
    m_replica->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(session, &ReplicaSession::listeningChanged, this, &StatusPanel::refresh);
    connect(session, &ReplicaSession::peerChanged, this, &StatusPanel::refresh);
    connect(session, &ReplicaSession::peerAdded, this, &StatusPanel::refresh);
    connect(session, &ReplicaSession::peerRemoved, this, &StatusPanel::refresh);
    connect(session, &ReplicaSession::replicaChanged, this, &StatusPanel::refresh);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StatusPanel::refresh);
    m_timer.start();
    refresh();
}

QString StatusPanel::listenText() const
{
    return m_listen->text();
}

QString StatusPanel::peersText() const
{
    return m_peers->text();
}

QString StatusPanel::syncText() const
{
    return m_sync->text();
}

void StatusPanel::refresh()
{
    if (sb::Scuttlebutt *replica = m_session->replica())
        m_replica->setText(QStringLiteral("%1 %2").arg(
                ReplicaSession::typeTitle(replica->typeName()), replica->id()));
    m_listen->setText(m_session->isListening()
                              ? tr("Listening on %1").arg(m_session->listenAddress())
                              : tr("Not listening"));
    int connected = 0;
    int synced = 0;
    int retrying = 0;
    for (PeerConnection *peer : m_session->peers()) {
        if (peer->stream())
            ++connected;
        if (peer->state() == PeerConnection::State::Synced)
            ++synced;
        if (peer->state() == PeerConnection::State::Retrying)
            ++retrying;
    }
    m_peers->setText(connected == 1 ? tr("1 peer connected")
                                    : tr("%n peers connected", nullptr, connected));
    QString sync;
    QString color = QStringLiteral("#757575");
    if (connected == 0) {
        sync = retrying > 0 ? tr("Offline, %1 retrying").arg(retrying) : tr("Offline");
        if (retrying > 0)
            color = QStringLiteral("#c25e00");
    } else if (synced == connected) {
        sync = tr("In sync");
        color = QStringLiteral("#2e7d32");
    } else {
        sync = tr("Syncing %1 of %2").arg(connected - synced).arg(connected);
        color = QStringLiteral("#1565c0");
    }
    m_sync->setText(QStringLiteral("<span style='color:%1'>●</span> %2").arg(color, sync));
}
