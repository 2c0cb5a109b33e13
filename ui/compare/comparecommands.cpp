// SPDX-License-Identifier: MIT
#include "comparecommands.h"

#include "comparedialog.h"
#include "compareview.h"
#include "model.h"
#include "peerconnection.h"
#include "replicasession.h"

#include <QAction>

CompareCommands::CompareCommands(ReplicaSession *session, QWidget *window)
    : QObject(window), m_session(session), m_window(window),
      m_compare(new QAction(tr("Compare &With…"), this))
{
    m_compare->setStatusTip(tr("Compare this replica with a peer or a replica file, "
                               "read without changing it, live"));
    connect(m_compare, &QAction::triggered, this, &CompareCommands::openDialog);
}

QList<CompareView *> CompareCommands::views() const
{
    QList<CompareView *> open;
    for (const auto &view : m_views)
        if (view)
            open.append(view);
    return open;
}

void CompareCommands::openDialog()
{
    auto *dialog = new CompareDialog(m_session->peers(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { compareWith(dialog->target(), dialog->peer()); });
    dialog->open();
}

CompareView *CompareCommands::compareWith(const CompareSource::Target &target, PeerConnection *peer)
{
    const QString type = m_session->replica() ? m_session->replica()->typeName()
                                              : QString(sb::Model::kTypeName);
    auto *source = new CompareSource(target, type);
    if (peer && peer->usesTls())
        source->setTls(peer->tlsIdentity(), m_session->trustList());
    // A window of its own (Qt::Window), owned by the main window so that it
    // closes with it.
    auto *view = new CompareView(m_session, source, m_window);
    view->setWindowFlag(Qt::Window);
    view->setAttribute(Qt::WA_DeleteOnClose);
    view->setWindowTitle(tr("Compare With %1 — Scuttlescope").arg(target.name()));
    view->resize(1000, 600);
    view->show();
    m_views.append(view);
    return view;
}

CompareView *CompareCommands::compareWithPeer(PeerConnection *peer)
{
    CompareSource::Target target;
    target.peer = peer->spec();
    return compareWith(target, peer);
}
