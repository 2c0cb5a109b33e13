// SPDX-License-Identifier: MIT
#include "readonlyguard.h"

namespace sb {

void ReadOnlyGuard::onWireLine(const Stream &, const WireLine &line)
{
    if (line.direction == WireLine::Direction::Out && line.kind != WireLine::Kind::Digest
        && line.kind != WireLine::Kind::Sync && m_violation.isEmpty())
        m_violation = QString::fromUtf8(line.bytes.toByteArray());
}

} // namespace sb
