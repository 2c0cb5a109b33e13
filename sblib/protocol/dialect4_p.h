// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"

namespace sb {

// npm scuttlebutt 4.x, the format of the original README:
// [key, value, timestamp, source, signature?].
class Dialect4 final : public Dialect
{
public:
    int version() const override { return 4; }
    void appendText(QByteArray &out, const UpdateText &text) const override;
    bool recognizes(const JsonArray &message) const override;
    Result<Update> decode(const JsonArray &message) const override;
    int frameDepth() const override { return 1; }
    std::optional<Update> scan(QByteArrayView line, int maxDepth,
                               StringInterner *sources = nullptr) const override;
    QByteArrayView keyTokenHint(QByteArrayView line) const override;
};

} // namespace sb
