// SPDX-License-Identifier: MIT
#include "trustedkeyspage.h"

#include "keyring.h"
#include "messagebar.h"
#include "pemfilepicker.h"
#include "trustedkeysmodel.h"
#include "trustkeydialog.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

TrustedKeysPage::TrustedKeysPage(KeyRing *keyRing, QWidget *parent)
    : QWidget(parent), m_keyRing(keyRing),
      m_keys(new TrustedKeysModel(keyRing, TrustedKeysModel::Kind::Keys, this)),
      m_pins(new TrustedKeysModel(keyRing, TrustedKeysModel::Kind::Pins, this)),
      m_keysTable(createTable(m_keys)), m_pinsTable(createTable(m_pins)),
      m_messages(new MessageBar(this)),
      m_picker(new PemFilePicker(tr("Trust a Public Key"),
                                 tr("PEM public keys (*.pem *.pub);;All files (*)"), this)),
      m_remove(new QPushButton(tr("&Remove"), this))
{
    auto *intro = new QLabel(tr("While a replica is signed, a remote update is "
                                "applied only when it is signed with the key trusted "
                                "for its source.<br><small>Kept in %1</small>")
                                     .arg(keyRing->trustListPath().toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_keysTable->setObjectName(QStringLiteral("trustedKeysTable"));
    m_pinsTable->setObjectName(QStringLiteral("pinsTable"));
    m_pinsTable->hideColumn(TrustedKeysModel::SourceIdColumn);
    auto *pinsLabel = new QLabel(tr("<b>Pinned TLS certificates</b> <small>(peers "
                                    "accepted over TLS; pin them with sbpeer trust "
                                    "pin-cert)</small>"),
                                 this);
    auto *add = new QPushButton(tr("&Add from PEM File…"), this);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_messages);
    layout->addWidget(m_keysTable, 3);
    layout->addLayout(buttons);
    layout->addWidget(pinsLabel);
    layout->addWidget(m_pinsTable, 1);
    if (!keyRing->trustListError().isEmpty())
        m_messages->showMessage(Severity::Error, keyRing->trustListError());

    connect(add, &QPushButton::clicked, this, &TrustedKeysPage::addFromFile);
    connect(m_remove, &QPushButton::clicked, this, &TrustedKeysPage::removeSelected);
    connect(m_picker, &PemFilePicker::fileRead, this, &TrustedKeysPage::confirmKey);
    connect(m_picker, &PemFilePicker::readFailed, this,
            [this](const QString &message) { m_messages->showMessage(Severity::Error, message); });
    const auto updateRemove
            = [this] { m_remove->setEnabled(m_keysTable->selectionModel()->hasSelection()); };
    connect(m_keysTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            updateRemove);
    connect(m_keys, &QAbstractItemModel::modelReset, this, updateRemove);
    updateRemove();
}

QTableView *TrustedKeysPage::createTable(TrustedKeysModel *model)
{
    auto *table = new QTableView(this);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setWordWrap(false);
    table->setTextElideMode(Qt::ElideMiddle);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    table->horizontalHeader()->resizeSection(TrustedKeysModel::NameColumn, digit * 16);
    table->horizontalHeader()->resizeSection(TrustedKeysModel::SourceIdColumn, digit * 30);
    table->horizontalHeader()->resizeSection(TrustedKeysModel::AlgorithmColumn, digit * 14);
    return table;
}

void TrustedKeysPage::addFromFile()
{
    m_picker->open();
}

void TrustedKeysPage::confirmKeyFile(const QString &fileName)
{
    m_picker->read(fileName);
}

void TrustedKeysPage::confirmKey(const QString &fileName, const QByteArray &pem)
{
    auto key = sb::PublicKey::fromPem(pem);
    if (!key) {
        m_messages->showMessage(Severity::Error,
                                QStringLiteral("%1: %2").arg(fileName, key.errorMessage()));
        return;
    }
    auto *dialog = new TrustKeyDialog(key.value(), fileName, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (auto error = m_keyRing->trust(dialog->key(), dialog->name())) {
            m_messages->showMessage(Severity::Error, error->message);
            return;
        }
        m_messages->showMessage(
                Severity::Info,
                tr("Trusted \"%1\" for source %2").arg(dialog->name(), dialog->key().sourceId()),
                8000);
    });
    dialog->open();
}

void TrustedKeysPage::removeSelected()
{
    const QModelIndexList rows = m_keysTable->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    const QString id = m_keys->idAt(rows.constFirst().row());
    if (auto error = m_keyRing->untrust(id))
        m_messages->showMessage(Severity::Error, error->message);
    else
        m_messages->showMessage(Severity::Info, tr("Updates from %1 are no longer trusted").arg(id),
                                8000);
}
