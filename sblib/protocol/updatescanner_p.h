// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

namespace sb {

// Text already in the form node's JSON.stringify writes (what every npm and
// sblib peer sends). Each Dialect reads its update lines in that form through
// CanonicalScanner, the fast path of LineDecoder.
namespace UpdateScanner {

// True when text is one JSON value in node's JSON.stringify form.
bool isCanonical(QByteArrayView text, int maxDepth);

// The string a JSON string token in JSON.stringify form stands for.
QString stringFromToken(QByteArrayView token);

} // namespace UpdateScanner
} // namespace sb
