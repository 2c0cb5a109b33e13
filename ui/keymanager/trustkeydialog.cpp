// SPDX-License-Identifier: MIT
#include "trustkeydialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

TrustKeyDialog::TrustKeyDialog(const sb::PublicKey &key, const QString &fileName, QWidget *parent)
    : QDialog(parent), m_key(key), m_name(new QLineEdit(this))
{
    setWindowTitle(tr("Trust Key"));
    auto *intro = new QLabel(tr("Updates signed with this key will be accepted from "
                                "its source. Compare the fingerprint with the one "
                                "its owner sees before you trust it."),
                             this);
    intro->setWordWrap(true);
    const auto value = [this](const QString &text) {
        auto *label = new QLabel(text, this);
        label->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setWordWrap(true);
        return label;
    };
    const QString algorithm = key.algorithm() == sb::PublicKey::Algorithm::Rsa
            ? QStringLiteral("RSA %1").arg(key.bits())
            : key.algorithmName();
    m_name->setText(QFileInfo(fileName).completeBaseName().section(u'.', 0, 0));
    m_name->selectAll();

    auto *form = new QFormLayout;
    form->addRow(tr("File:"), value(fileName));
    form->addRow(tr("Algorithm:"), value(algorithm));
    QLabel *fingerprint = value(key.fingerprint());
    fingerprint->setObjectName(QStringLiteral("fingerprint"));
    form->addRow(tr("<b>Fingerprint:</b>"), fingerprint);
    form->addRow(tr("Source id:"), value(key.sourceId()));
    form->addRow(tr("&Name:"), m_name);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Trust This Key"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
}

QString TrustKeyDialog::name() const
{
    return m_name->text().trimmed();
}
