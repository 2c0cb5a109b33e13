// SPDX-License-Identifier: MIT
#include "dialect4_p.h"

#include "canonicalscanner_p.h"
#include "jsoncodec.h"

namespace sb {

void Dialect4::appendText(QByteArray &out, const UpdateText &text) const
{
    if (text.tombstone)
        return; // 4.x has no form for it; only crdt (5.x) makes them
    const QByteArrayView value = text.value.isEmpty() ? QByteArrayView("null") : text.value;
    char stamp[JsonCodec::kNumberTextSize];
    const QByteArrayView stampText(stamp, JsonCodec::writeNumber(text.timestamp, stamp));
    const bool isSigned = !text.signatureToken.isEmpty();
    appendPieces(out,
                 {"[", text.keyToken, ",", value, ",", stampText, ",", text.sourceToken,
                  isSigned ? "," : "", text.signatureToken, "]\n"});
}

std::optional<Update> Dialect4::scan(QByteArrayView line, int maxDepth,
                                     StringInterner *sources) const
{
    if (maxDepth < frameDepth())
        return std::nullopt;
    // [key,value,ts,source(,signature)?]
    CanonicalScanner s(line.data(), line.data() + line.size(), maxDepth);
    QByteArrayView key;
    if (!s.consume('[') || !s.plainString(&key) || !s.consume(','))
        return std::nullopt;
    const char *valueStart = s.position();
    if (!s.value(frameDepth()))
        return std::nullopt;
    const QByteArrayView value(valueStart, s.position());
    if (!s.consume(','))
        return std::nullopt;
    return scanTail(s, QByteArrayView(key.data() - 1, key.size() + 2), value, sources);
}

QByteArrayView Dialect4::keyTokenHint(QByteArrayView line) const
{
    return line.startsWith('[') ? plainTokenAt(line, 1) : QByteArrayView();
}

bool Dialect4::recognizes(const JsonArray &message) const
{
    return !message.empty() && message.front().isString();
}

Result<Update> Dialect4::decode(const JsonArray &message) const
{
    if (message.size() != 4 && message.size() != 5)
        return Error{QStringLiteral("a 4.x update has 4 or 5 elements, this one has %1")
                             .arg(message.size())};
    if (!message[0].isString())
        return Error{QStringLiteral("the key is not a string")};
    if (!message[2].isNumber())
        return Error{QStringLiteral("the timestamp is not a number")};
    if (!message[3].isString())
        return Error{QStringLiteral("the source is not a string")};
    QString signature;
    if (message.size() == 5) {
        if (!message[4].isString())
            return Error{QStringLiteral("the signature is not a string")};
        signature = message[4].toString();
    }
    return Update(message[0].toString(), JsonCodec::stringify(message[1]), message[2].toNumber(),
                  message[3].toString(), signature);
}

} // namespace sb
