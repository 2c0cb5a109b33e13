// SPDX-License-Identifier: MIT
#pragma once

#include "signaturechecker.h"

#include <QIcon>

// A small padlock for a signature's state: green and closed when verified,
// grey when the signer is unknown, red and open when the signature fails.
// Drawn rather than themed, so it looks the same in every style.
namespace LockIcon {

QIcon icon(SignatureChecker::State state);
QPixmap pixmap(SignatureChecker::State state, int size);

} // namespace LockIcon
