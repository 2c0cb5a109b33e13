// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"

namespace sb {

// npm scuttlebutt 5.x: [[key, value], timestamp, source, signature?].
class Dialect5 final : public Dialect
{
public:
    int version() const override { return 5; }
    void appendText(QByteArray &out, const UpdateText &text) const override;
    bool recognizes(const JsonArray &message) const override;
    Result<Update> decode(const JsonArray &message) const override;
    int frameDepth() const override { return 2; }
    std::optional<Update> scan(QByteArrayView line, int maxDepth,
                               StringInterner *sources = nullptr) const override;
    QByteArrayView keyTokenHint(QByteArrayView line) const override;
};

} // namespace sb
