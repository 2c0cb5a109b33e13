// SPDX-License-Identifier: MIT
#include "listendialog.h"

#include "peerspec.h"
#include "replicasession.h"
#include "tlschoice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHostAddress>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ListenDialog::ListenDialog(ReplicaSession *session, KeyRing *keyRing, QWidget *parent)
    : QDialog(parent), m_session(session), m_port(new QLineEdit(this)),
      m_interface(new QComboBox(this)), m_tls(new TlsChoice(keyRing, this)),
      m_error(new QLabel(this))
{
    setWindowTitle(tr("Listen for Peers"));
    m_port->setText(session->isListening() ? QString::number(session->listenPort())
                                           : QStringLiteral("9999"));
    m_port->setToolTip(tr("0 lets the system pick a free port"));
    m_interface->addItem(tr("All interfaces"), int(QHostAddress::Any));
    m_interface->addItem(tr("This machine only (localhost)"), int(QHostAddress::LocalHost));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    auto *form = new QFormLayout;
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Accept:"), m_interface);
    form->addRow(tr("&Security:"), m_tls);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Listen"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ListenDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ListenDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

QString ListenDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ListenDialog::accept()
{
    auto port = PeerSpec::parsePort(m_port->text(), true);
    std::optional<QString> error;
    if (!port) {
        error = port.errorMessage();
    } else if (auto identity = m_tls->takeIdentity(); !identity) {
        error = identity.errorMessage();
    } else {
        error = m_session->listen(
                QHostAddress(QHostAddress::SpecialAddress(m_interface->currentData().toInt())),
                port.value(), identity.value());
    }
    if (error) {
        m_error->setText(*error);
        m_error->show();
        return;
    }
    QDialog::accept();
}
