// SPDX-License-Identifier: MIT
#include "addkeydialog.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <utility>

AddKeyDialog::AddKeyDialog(Commit commit, QWidget *parent)
    : QDialog(parent), m_commit(std::move(commit)), m_key(new QLineEdit(this)),
      m_value(new QLineEdit(this)), m_error(new QLabel(this))
{
    setWindowTitle(tr("Add Key"));
    m_key->setPlaceholderText(QStringLiteral("user:42"));
    m_value->setPlaceholderText(tr("JSON: \"text\", 42, true, null, [1, 2], {\"a\": 1}"));
    m_value->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();

    auto *form = new QFormLayout;
    form->addRow(tr("&Key:"), m_key);
    form->addRow(tr("&Value:"), m_value);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &AddKeyDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &AddKeyDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(460, sizeHint().height());
}

QString AddKeyDialog::key() const
{
    return m_key->text();
}

QString AddKeyDialog::valueJson() const
{
    return m_value->text();
}

QString AddKeyDialog::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void AddKeyDialog::accept()
{
    const std::optional<QString> error
            = key().isEmpty() ? tr("Enter a key.") : m_commit(key(), valueJson());
    if (error) {
        m_error->setText(*error);
        m_error->show();
        return;
    }
    QDialog::accept();
}
