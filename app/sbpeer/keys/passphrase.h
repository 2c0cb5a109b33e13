// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QString>

// Where sbpeer takes a passphrase from: the first line of a file, or with "-"
// the first line of standard input. Never the command line, where ps and the
// shell history would show it; never a message either.
namespace Passphrase {

// The first line of path (stdin for "-"), without its line end. From a
// terminal, prompt is shown and the typing is not echoed. Empty is an error.
sb::Result<QByteArray> read(const QString &path, const QString &prompt);

// Overwrites the bytes of a passphrase before they are freed.
void wipe(QByteArray &passphrase);

} // namespace Passphrase
