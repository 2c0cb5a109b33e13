// SPDX-License-Identifier: MIT
#include "updatescanner_p.h"

#include "canonicalscanner_p.h"
#include "jsoncodec.h"

namespace sb::UpdateScanner {

QString stringFromToken(QByteArrayView token)
{
    if (token.size() < 2)
        return {};
    const QByteArrayView inner = token.sliced(1, token.size() - 2);
    if (!inner.contains('\\'))
        return QString::fromUtf8(inner);
    const auto value = JsonCodec::parse(token);
    return value ? value->toString() : QString();
}

bool isCanonical(QByteArrayView text, int maxDepth)
{
    CanonicalScanner scanner(text.data(), text.data() + text.size(), maxDepth);
    return scanner.value(0) && scanner.atEnd();
}

} // namespace sb::UpdateScanner
