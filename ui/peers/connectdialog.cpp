// SPDX-License-Identifier: MIT
#include "connectdialog.h"

#include "jsoncodec.h"
#include "tlschoice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using sb::Dialect;

ConnectDialog::ConnectDialog(const QList<PeerSpec> &recent, KeyRing *keyRing, QWidget *parent)
    : QDialog(parent), m_recentPeers(recent), m_recent(new QComboBox(this)),
      m_host(new QLineEdit(this)), m_port(new QLineEdit(this)), m_dialect(new QComboBox(this)),
      m_meta(new QLineEdit(this)), m_name(new QLineEdit(this)), m_tls(new TlsChoice(keyRing, this)),
      m_error(new QLabel(this))
{
    setWindowTitle(tr("Connect to Peer"));
    m_recent->addItem(recent.isEmpty() ? tr("(none yet)") : tr("Choose…"));
    for (const PeerSpec &spec : recent)
        m_recent->addItem(spec.name.isEmpty()
                                  ? spec.address()
                                  : QStringLiteral("%1 — %2").arg(spec.name, spec.address()));
    m_recent->setEnabled(!recent.isEmpty());
    m_host->setText(QStringLiteral("localhost"));
    m_port->setPlaceholderText(QStringLiteral("1–65535"));
    m_dialect->addItem(tr("Auto (read both, answer in kind)"), int(Dialect::Choice::Auto));
    m_dialect->addItem(QStringLiteral("scuttlebutt 5.x"), int(Dialect::Choice::V5));
    m_dialect->addItem(QStringLiteral("scuttlebutt 4.x"), int(Dialect::Choice::V4));
    m_meta->setPlaceholderText(tr("optional JSON sent in our digest"));
    m_meta->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_name->setPlaceholderText(tr("optional label"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Recent:"), m_recent);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Dialect:"), m_dialect);
    form->addRow(tr("&Meta:"), m_meta);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Security:"), m_tls);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
    connect(m_recent, &QComboBox::activated, this, [this](int index) {
        if (index > 0 && index <= m_recentPeers.size())
            fill(m_recentPeers.at(index - 1));
    });
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(440, sizeHint().height());
    m_port->setFocus();
}

void ConnectDialog::fill(const PeerSpec &spec)
{
    m_host->setText(spec.host);
    m_port->setText(QString::number(spec.port));
    m_dialect->setCurrentIndex(m_dialect->findData(int(spec.dialect)));
    m_meta->setText(spec.meta.isUndefined()
                            ? QString()
                            : QString::fromUtf8(sb::JsonCodec::stringify(spec.meta)));
    m_name->setText(spec.name);
    m_tls->setIdentityName(spec.tlsIdentity);
}

QString ConnectDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ConnectDialog::accept()
{
    auto spec = PeerSpec::fromInput(m_host->text(), m_port->text(),
                                    Dialect::Choice(m_dialect->currentData().toInt()),
                                    m_meta->text(), m_name->text());
    if (!spec) {
        m_error->setText(spec.errorMessage());
        m_error->show();
        return;
    }
    auto identity = m_tls->takeIdentity();
    if (!identity) {
        m_error->setText(identity.errorMessage());
        m_error->show();
        return;
    }
    m_error->hide();
    m_spec = spec.value();
    m_spec.tlsIdentity = m_tls->identityName();
    m_tlsIdentity = identity.value();
    QDialog::accept();
}
