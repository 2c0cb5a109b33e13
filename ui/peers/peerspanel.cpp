// SPDX-License-Identifier: MIT
#include "peerspanel.h"

#include "appsettings.h"
#include "connectdialog.h"
#include "keyring.h"
#include "listendialog.h"
#include "peerconnection.h"
#include "peersmodel.h"
#include "replicasession.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

PeersPanel::PeersPanel(ReplicaSession *session, KeyRing *keyRing, QWidget *parent)
    : QWidget(parent), m_session(session), m_keyRing(keyRing),
      m_model(new PeersModel(session, this)), m_stack(new QStackedWidget(this)),
      m_table(new QTableView(this)), m_placeholder(new QLabel(this))
{
    m_connect = new QAction(style()->standardIcon(QStyle::SP_DriveNetIcon), tr("&Connect…"), this);
    m_connect->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_connect->setToolTip(tr("Dial a peer and replicate with it"));
    connect(m_connect, &QAction::triggered, this, &PeersPanel::openConnectDialog);
    m_listen = new QAction(style()->standardIcon(QStyle::SP_ComputerIcon), tr("&Listen…"), this);
    m_listen->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_listen->setToolTip(tr("Accept peers on a TCP port"));
    connect(m_listen, &QAction::triggered, this, &PeersPanel::openListenDialog);
    m_stopListening = new QAction(tr("&Stop Listening"), this);
    connect(m_stopListening, &QAction::triggered, session, &ReplicaSession::stopListening);
    m_disconnect
            = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Disconnect"), this);
    m_disconnect->setToolTip(tr("Disconnect: close the stream; a dialed peer stops retrying"));
    connect(m_disconnect, &QAction::triggered, this, [this] {
        if (PeerConnection *peer = currentPeer())
            peer->disconnectPeer();
    });
    m_reconnect
            = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Reconnect"), this);
    m_reconnect->setToolTip(tr("Reconnect: dial this peer again now"));
    connect(m_reconnect, &QAction::triggered, this, [this] {
        if (PeerConnection *peer = currentPeer())
            peer->reconnect();
    });
    m_remove = new QAction(style()->standardIcon(QStyle::SP_DialogDiscardButton), tr("&Forget"),
                           this);
    m_remove->setToolTip(tr("Forget: disconnect and remove from the list"));
    connect(m_remove, &QAction::triggered, this, [this] {
        if (PeerConnection *peer = currentPeer())
            m_session->removePeer(peer);
    });

    m_pin = new QAction(tr("&Pin Certificate…"), this);
    m_pin->setToolTip(tr("Accept this TLS peer from now on: pin the certificate it "
                         "presented in the trust list, and reconnect"));
    connect(m_pin, &QAction::triggered, this, [this] {
        if (PeerConnection *peer = currentPeer(); peer && peer->isRefusedUnpinned())
            askToPin(peer);
    });

    m_showOnWire = new QAction(tr("Show on the &Wire"), this);
    m_showOnWire->setToolTip(tr("Follow this peer's lines in the Wire dock"));
    connect(m_showOnWire, &QAction::triggered, this, [this] {
        if (PeerConnection *peer = currentPeer())
            emit wireRequested(peer->peerName());
    });

    m_compare = new QAction(tr("&Compare with This Peer"), this);
    m_compare->setToolTip(tr("What this peer holds that this replica does not, and "
                             "the other way round, read without changing it"));
    connect(m_compare, &QAction::triggered, this, [this] {
        if (PeerConnection *peer = currentPeer();
            peer && peer->direction() == PeerConnection::Direction::Dialed)
            emit compareRequested(peer);
    });

    auto *toolbar = new QToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_connect);
    toolbar->addAction(m_listen);
    toolbar->addSeparator();
    toolbar->addAction(m_disconnect);
    toolbar->addAction(m_reconnect);
    toolbar->addAction(m_remove);
    toolbar->addAction(m_pin);
    // Only the two ways to start get words; the rest explain themselves in tooltips.
    for (QAction *action : {m_disconnect, m_reconnect, m_remove}) {
        if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(action)))
            button->setToolButtonStyle(Qt::ToolButtonIconOnly);
    }

    m_table->setModel(m_model);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto *separator = new QAction(this);
    separator->setSeparator(true);
    m_table->addActions(
            {m_disconnect, m_reconnect, m_remove, m_pin, separator, m_showOnWire, m_compare});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const int widths[] = {16, 12, 6, 6, 9, 9, 7, 22, 11, 16};
    for (int column = 0; column < int(std::size(widths)); ++column)
        m_table->horizontalHeader()->resizeSection(column, digit * widths[column]);

    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_placeholder->setText(tr("No peers yet.\nConnect… to dial a peer, or Listen… "
                              "to let peers dial this replica."));
    m_stack->addWidget(m_placeholder);
    m_stack->addWidget(m_table);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->setSpacing(2);
    layout->addWidget(toolbar);
    layout->addWidget(m_stack, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PeersPanel::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &PeersPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &PeersPanel::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PeersPanel::updateActions);
    connect(session, &ReplicaSession::listeningChanged, this, &PeersPanel::updateActions);
    updateActions();
}

PeerConnection *PeersPanel::currentPeer() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_model->peerAt(current.row()) : nullptr;
}

void PeersPanel::updateActions()
{
    PeerConnection *peer = currentPeer();
    m_disconnect->setEnabled(peer && peer->isActive());
    m_reconnect->setEnabled(peer && peer->canReconnect()
                            && peer->state() != PeerConnection::State::Synced);
    m_remove->setEnabled(peer != nullptr);
    m_pin->setEnabled(m_keyRing && peer && peer->isRefusedUnpinned());
    m_showOnWire->setEnabled(peer != nullptr);
    // An accepted peer is reached through its listening port, which we do not know.
    m_compare->setEnabled(peer && peer->direction() == PeerConnection::Direction::Dialed);
    m_stopListening->setEnabled(m_session->isListening());
    m_stack->setCurrentWidget(m_model->rowCount() > 0 ? static_cast<QWidget *>(m_table)
                                                      : static_cast<QWidget *>(m_placeholder));
    m_listen->setToolTip(
            m_session->isListening()
                    ? tr("Listening on %1; click to change").arg(m_session->listenAddress())
                    : tr("Accept peers on a TCP port"));
}

void PeersPanel::openConnectDialog()
{
    auto *dialog = new ConnectDialog(AppSettings::recentPeers(), m_keyRing, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        AppSettings::rememberPeer(dialog->spec());
        m_session->connectToPeer(dialog->spec(), dialog->tlsIdentity());
        emit statusMessage(tr("Connecting to %1…").arg(dialog->spec().address()));
    });
    dialog->open();
}

void PeersPanel::openListenDialog()
{
    auto *dialog = new ListenDialog(m_session, m_keyRing, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

QMessageBox *PeersPanel::pinQuestion() const
{
    return m_pinQuestion.data();
}

void PeersPanel::askToPin(PeerConnection *peer)
{
    const QString fingerprint = peer->peerFingerprint();
    auto *question = new QMessageBox(
            QMessageBox::Question, tr("Pin Certificate"),
            tr("%1 presented a certificate that is not pinned:\n\n%2\n\nPin it only if "
               "it is the one the peer shows (sbpeer prints it when it makes its "
               "identity with tls-cert): anyone who can reach you may be at that "
               "address.")
                    .arg(peer->label(), fingerprint),
            QMessageBox::Cancel, this);
    question->addButton(tr("&Pin and Reconnect"), QMessageBox::AcceptRole);
    question->setAttribute(Qt::WA_DeleteOnClose);
    m_pinQuestion = question;
    const QPointer<PeerConnection> target(peer);
    connect(question, &QMessageBox::buttonClicked, this,
            [this, question, target, fingerprint](QAbstractButton *button) {
                if (question->buttonRole(button) != QMessageBox::AcceptRole || !target)
                    return;
                if (auto error = m_keyRing->pinCertificate(fingerprint, target->label())) {
                    emit statusMessage(tr("Cannot pin %1: %2").arg(fingerprint, error->message));
                    return;
                }
                emit statusMessage(
                        tr("Pinned %1; reconnecting to %2").arg(fingerprint, target->label()));
                target->reconnect();
            });
    question->open();
}
