// SPDX-License-Identifier: MIT
#include "passphraseprompt.h"

#include <QInputDialog>
#include <QLineEdit>

namespace PassphrasePrompt {

void ask(QWidget *parent, const QString &title, const QString &label,
         std::function<void(const QByteArray &passphrase)> accepted)
{
    auto *dialog = new QInputDialog(parent);
    dialog->setObjectName(QStringLiteral("passphrasePrompt"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    dialog->setLabelText(label);
    dialog->setTextEchoMode(QLineEdit::Password);
    dialog->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText);
    QObject::connect(dialog, &QInputDialog::textValueSelected, dialog,
                     [accepted = std::move(accepted)](const QString &text) {
                         QByteArray passphrase = text.toUtf8();
                         accepted(passphrase);
                         passphrase.fill('\0');
                     });
    dialog->open();
}

} // namespace PassphrasePrompt
