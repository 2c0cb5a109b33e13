// SPDX-License-Identifier: MIT
#pragma once

#include "wiretap.h"

#include <QString>

namespace sb {

// A tap for a stream that must only read its peer (sbpeer diff, the app's
// Compare with…): such a stream may write its digest and "SYNC", nothing
// else. The first other line written is kept as the violation, so that the
// caller can fail loudly instead of trusting the options it set.
class ReadOnlyGuard : public WireTap
{
public:
    void onWireLine(const Stream &stream, const WireLine &line) override;

    bool isViolated() const { return !m_violation.isEmpty(); }
    // The first line written beyond the digest and "SYNC".
    QString violation() const { return m_violation; }

private:
    QString m_violation;
};

} // namespace sb
