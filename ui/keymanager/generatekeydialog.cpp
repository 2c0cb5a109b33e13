// SPDX-License-Identifier: MIT
#include "generatekeydialog.h"

#include "keyring.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

GenerateKeyDialog::GenerateKeyDialog(KeyRing *keyRing, QWidget *parent)
    : QDialog(parent), m_keyRing(keyRing), m_name(new QLineEdit(this)),
      m_algorithm(new QComboBox(this)), m_passphrase(new QLineEdit(this)),
      m_confirm(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Generate Key"));
    QString name = QStringLiteral("my-key");
    for (int n = 2; keyRing->contains(name); ++n)
        name = QStringLiteral("my-key-%1").arg(n);
    m_name->setText(name);
    m_name->selectAll();
    m_algorithm->addItem(tr("Ed25519 (recommended)"), 0);
    m_algorithm->addItem(tr("RSA 2048 (npm scuttlebutt security.js)"), 2048);
    m_algorithm->addItem(QStringLiteral("RSA 3072"), 3072);
    m_algorithm->addItem(QStringLiteral("RSA 4096"), 4096);
    for (QLineEdit *edit : {m_passphrase, m_confirm}) {
        edit->setEchoMode(QLineEdit::Password);
        edit->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText
                                  | Qt::ImhNoAutoUppercase);
    }
    m_passphrase->setPlaceholderText(tr("optional"));
    auto *hint = new QLabel(tr("<small>With a passphrase the private key is stored "
                               "encrypted (AES-256) and signing asks for it. Without "
                               "one it is stored readable by you alone.</small>"),
                            this);
    hint->setWordWrap(true);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Algorithm:"), m_algorithm);
    form->addRow(tr("&Passphrase:"), m_passphrase);
    form->addRow(tr("&Repeat:"), m_confirm);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Generate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &GenerateKeyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &GenerateKeyDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(440, sizeHint().height());
}

QString GenerateKeyDialog::name() const
{
    return m_name->text().trimmed();
}

sb::PublicKey::Algorithm GenerateKeyDialog::algorithm() const
{
    return rsaBits() > 0 ? sb::PublicKey::Algorithm::Rsa : sb::PublicKey::Algorithm::Ed25519;
}

int GenerateKeyDialog::rsaBits() const
{
    return m_algorithm->currentData().toInt();
}

QByteArray GenerateKeyDialog::passphrase() const
{
    return m_passphrase->text().toUtf8();
}

QString GenerateKeyDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void GenerateKeyDialog::accept()
{
    QString error;
    if (!sb::KeyStore::isValidName(name()))
        error = tr("Use letters, digits, \".\", \"_\" and \"-\" for the name (up to "
                   "64, not starting with \".\").");
    else if (m_keyRing->contains(name()))
        error = tr("There is a key named \"%1\" already.").arg(name());
    else if (m_passphrase->text() != m_confirm->text())
        error = tr("The two passphrases differ.");
    if (!error.isEmpty()) {
        m_error->setText(error);
        m_error->show();
        return;
    }
    QDialog::accept();
}
