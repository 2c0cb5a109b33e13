// SPDX-License-Identifier: MIT
#include "linedecoder.h"

#include "dialect.h"
#include "jsoncodec.h"

namespace sb {

DecodedLine LineDecoder::decode(QByteArrayView line) const
{
    DecodedLine decoded;
    if (line.size() > 1 && line.front() == '[') {
        const Dialect &dialect = Dialect::forLine(line);
        // A shallower frame leaves its value room that the deepest would not.
        const int maxDepth = m_maxDepth - (kPassOnFrameDepth - dialect.frameDepth());
        if (auto update = dialect.scan(line, maxDepth, m_sources)) {
            decoded.kind = DecodedLine::Kind::Update;
            decoded.update = std::move(*update);
            decoded.dialect = &dialect;
            return decoded;
        }
    }
    auto parsed = JsonCodec::parse(line, {m_maxDepth});
    if (!parsed) {
        decoded.error = QStringLiteral("invalid JSON: %1").arg(parsed.errorMessage());
        return decoded;
    }
    JsonValue message = std::move(parsed).value();
    if (message.isArray())
        return decodeUpdate(message.toArray());
    if (message.isObject())
        decoded.kind = DecodedLine::Kind::Digest;
    else if (message.isString() && message.toString() == u"SYNC")
        decoded.kind = DecodedLine::Kind::Sync;
    else
        decoded.kind = DecodedLine::Kind::Other;
    decoded.message = std::move(message);
    return decoded;
}

DecodedLine LineDecoder::decodeUpdate(const JsonArray &message) const
{
    DecodedLine decoded;
    decoded.kind = DecodedLine::Kind::BadUpdate;
    const Dialect *dialect = Dialect::detect(message);
    if (!dialect) {
        decoded.error
                = QStringLiteral("not a 5.x or 4.x update: expected [[key, value], timestamp, "
                                 "source] or [key, value, timestamp, source]");
        return decoded;
    }
    auto update = dialect->decode(message);
    if (!update) {
        decoded.error = update.errorMessage();
        return decoded;
    }
    const int maxValueDepth = m_maxDepth - kPassOnFrameDepth;
    if (update->hasValue()) {
        const int depth = JsonCodec::nestingDepth(update->valueText());
        if (depth > maxValueDepth) {
            decoded.error = QStringLiteral("the value of \"%1\" nests %2 levels deep, more than "
                                           "the %3 that fit a 5.x update within the depth limit "
                                           "of %4")
                                    .arg(update->key())
                                    .arg(depth)
                                    .arg(maxValueDepth)
                                    .arg(m_maxDepth);
            return decoded;
        }
    }
    decoded.kind = DecodedLine::Kind::Update;
    decoded.update = std::move(update).value();
    decoded.dialect = dialect;
    return decoded;
}

QByteArrayView LineDecoder::keyTokenHint(QByteArrayView line)
{
    return line.size() > 1 && line.front() == '[' ? Dialect::forLine(line).keyTokenHint(line)
                                                  : QByteArrayView();
}

} // namespace sb
