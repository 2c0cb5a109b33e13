// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <functional>

class QWidget;

// Asks for a passphrase in a password field, without a nested event loop:
// accepted runs once the user confirms; nothing runs on Cancel. The text is
// handed over once and never stored or logged.
namespace PassphrasePrompt {

void ask(QWidget *parent, const QString &title, const QString &label,
         std::function<void(const QByteArray &passphrase)> accepted);

} // namespace PassphrasePrompt
