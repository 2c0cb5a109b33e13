// SPDX-License-Identifier: MIT
#include "ownkeyspage.h"

#include "generatekeydialog.h"
#include "keyring.h"
#include "messagebar.h"
#include "ownkeysmodel.h"
#include "passphraseprompt.h"
#include "pemfilepicker.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <memory>

using namespace sb;

OwnKeysPage::OwnKeysPage(KeyRing *keyRing, QWidget *parent)
    : QWidget(parent), m_keyRing(keyRing), m_model(new OwnKeysModel(keyRing, this)),
      m_table(new QTableView(this)), m_messages(new MessageBar(this)),
      m_picker(new PemFilePicker(tr("Import Private Key"),
                                 tr("PEM private keys (*.pem *.key);;All files (*)"), this)),
      m_generate(new QPushButton(tr("&Generate…"), this)),
      m_import(new QPushButton(tr("&Import…"), this)),
      m_export(new QPushButton(tr("&Export Public Key…"), this)),
      m_remove(new QPushButton(tr("&Remove…"), this)),
      m_sign(new QPushButton(tr("&Sign This Replica"), this))
{
    auto *intro = new QLabel(tr("Your key pairs sign the updates you make. A replica signed with a "
                                "key takes the key's source id, so that peers can check whose "
                                "updates they are: give them your public key (Export) to trust.<br>"
                                "<small>Kept in %1</small>")
                                     .arg(keyRing->directory().toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    intro->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->horizontalHeader()->resizeSection(OwnKeysModel::NameColumn, digit * 24);
    m_table->horizontalHeader()->resizeSection(OwnKeysModel::AlgorithmColumn, digit * 10);
    m_table->horizontalHeader()->resizeSection(OwnKeysModel::SourceIdColumn, digit * 30);
    m_sign->setToolTip(tr("Sign the updates of the current replica with the selected "
                          "key and verify remote ones against your trusted keys"));

    auto *buttons = new QHBoxLayout;
    for (QPushButton *button : {m_generate, m_import, m_export, m_remove})
        buttons->addWidget(button);
    buttons->addStretch(1);
    buttons->addWidget(m_sign);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_messages);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(m_generate, &QPushButton::clicked, this, &OwnKeysPage::openGenerateDialog);
    connect(m_import, &QPushButton::clicked, this, &OwnKeysPage::importKey);
    connect(m_export, &QPushButton::clicked, this, &OwnKeysPage::exportPublicKey);
    connect(m_remove, &QPushButton::clicked, this, &OwnKeysPage::removeKey);
    connect(m_picker, &PemFilePicker::fileRead, this, &OwnKeysPage::importPem);
    connect(m_picker, &PemFilePicker::readFailed, this,
            [this](const QString &message) { m_messages->showMessage(Severity::Error, message); });
    connect(m_sign, &QPushButton::clicked, this, [this] {
        if (!currentName().isEmpty())
            emit signRequested(currentName());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OwnKeysPage::updateButtons);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OwnKeysPage::updateButtons);
    updateButtons();
}

QString OwnKeysPage::currentName() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : m_model->nameAt(rows.constFirst().row());
}

void OwnKeysPage::updateButtons()
{
    const bool selected = !currentName().isEmpty();
    m_generate->setEnabled(!m_generating);
    for (QPushButton *button : {m_export, m_remove, m_sign})
        button->setEnabled(selected);
}

void OwnKeysPage::select(const QString &name)
{
    const int row = m_model->rowOfName(name);
    if (row >= 0)
        m_table->selectRow(row);
}

void OwnKeysPage::openGenerateDialog()
{
    auto *dialog = new GenerateKeyDialog(m_keyRing, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        QByteArray passphrase = dialog->passphrase();
        generate(dialog->name(), dialog->algorithm(), dialog->rsaBits(), passphrase);
        passphrase.fill('\0');
    });
    dialog->open();
}

void OwnKeysPage::generate(const QString &name, PublicKey::Algorithm algorithm, int rsaBits,
                           const QByteArray &passphrase)
{
    m_generating = true;
    updateButtons();
    m_messages->showMessage(Severity::Info, tr("Generating key \"%1\"…").arg(name));
    auto made = std::make_shared<std::optional<Result<KeyPair>>>();
    QThread *worker = QThread::create([made, algorithm, rsaBits] {
        made->emplace(KeyPair::generate(algorithm, rsaBits > 0 ? rsaBits : 2048));
    });
    connect(worker, &QThread::finished, worker, &QObject::deleteLater);
    connect(worker, &QThread::finished, this, [this, made, name, passphrase] {
        m_generating = false;
        updateButtons();
        const Result<KeyPair> &key = **made;
        std::optional<Error> error = key ? m_keyRing->addKey(name, key.value(), passphrase)
                                         : std::optional<Error>(key.error());
        if (error) {
            m_messages->showMessage(Severity::Error,
                                    tr("Key \"%1\" not generated: %2").arg(name, error->message));
            return;
        }
        select(name);
        m_messages->showMessage(Severity::Info,
                                tr("Generated key \"%1\": source id %2").arg(name, key->sourceId()),
                                8000);
    });
    worker->start();
}

void OwnKeysPage::importKey()
{
    m_picker->open();
}

void OwnKeysPage::importFile(const QString &fileName)
{
    m_picker->read(fileName);
}

void OwnKeysPage::importPem(const QString &fileName, const QByteArray &pem)
{
    if (pem.contains("ENCRYPTED")) {
        PassphrasePrompt::ask(this, tr("Import Private Key"),
                              tr("Passphrase of %1:").arg(QFileInfo(fileName).fileName()),
                              [this, fileName, pem](const QByteArray &passphrase) {
                                  auto key = KeyPair::fromPem(pem, passphrase);
                                  if (!key) {
                                      m_messages->showMessage(
                                              Severity::Error,
                                              tr("%1: %2 (is the passphrase right?)")
                                                      .arg(fileName, key.errorMessage()));
                                      return;
                                  }
                                  nameImported(fileName, key.value(), passphrase);
                              });
        return;
    }
    auto key = KeyPair::fromPem(pem);
    if (!key) {
        m_messages->showMessage(Severity::Error,
                                QStringLiteral("%1: %2").arg(fileName, key.errorMessage()));
        return;
    }
    nameImported(fileName, key.value(), {});
}

void OwnKeysPage::nameImported(const QString &fileName, const KeyPair &key,
                               const QByteArray &passphrase)
{
    auto *dialog = new QInputDialog(this);
    dialog->setObjectName(QStringLiteral("keyNamePrompt"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Import Private Key"));
    dialog->setLabelText(
            tr("%1 key, fingerprint\n%2\n\nName it:")
                    .arg(key.publicKey().algorithmName(), key.publicKey().fingerprint()));
    QString name = QFileInfo(fileName).completeBaseName();
    name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("-"));
    dialog->setTextValue(name);
    // Kept encrypted under the passphrase it came with.
    connect(dialog, &QInputDialog::textValueSelected, this,
            [this, key, passphrase](const QString &chosen) {
                if (auto error = m_keyRing->addKey(chosen.trimmed(), key, passphrase)) {
                    m_messages->showMessage(Severity::Error, error->message);
                    return;
                }
                select(chosen.trimmed());
                m_messages->showMessage(Severity::Info,
                                        tr("Imported key \"%1\"").arg(chosen.trimmed()), 8000);
            });
    dialog->open();
}

void OwnKeysPage::exportPublicKey()
{
    const QString name = currentName();
    if (name.isEmpty())
        return;
    auto *dialog = new QFileDialog(this, tr("Export Public Key of \"%1\"").arg(name));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("PEM public keys (*.pem *.pub)"));
    dialog->selectFile(name + QStringLiteral(".pub.pem"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, name](const QString &fileName) {
        if (auto error = m_keyRing->exportPublicKey(name, fileName)) {
            m_messages->showMessage(Severity::Error, error->message);
            return;
        }
        m_messages->showMessage(Severity::Info,
                                tr("Wrote the public key of \"%1\" to %2").arg(name, fileName),
                                8000);
    });
    dialog->open();
}

void OwnKeysPage::removeKey()
{
    const QString name = currentName();
    if (name.isEmpty())
        return;
    auto *box = new QMessageBox(
            QMessageBox::Warning, tr("Remove Key"),
            tr("Remove key \"%1\" from %2? Replicas whose id is this key's cannot be "
               "signed again, and it cannot be undone unless you have a copy.")
                    .arg(name, m_keyRing->directory()),
            QMessageBox::Cancel, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *remove = box->addButton(tr("Remove"), QMessageBox::DestructiveRole);
    connect(box, &QMessageBox::finished, this, [this, box, remove, name] {
        if (box->clickedButton() != remove)
            return;
        if (auto error = m_keyRing->removeKey(name))
            m_messages->showMessage(Severity::Error, error->message);
    });
    box->open();
}
