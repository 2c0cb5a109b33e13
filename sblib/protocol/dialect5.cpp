// SPDX-License-Identifier: MIT
#include "dialect5_p.h"

#include "canonicalscanner_p.h"
#include "jsoncodec.h"

namespace sb {

void Dialect5::appendText(QByteArray &out, const UpdateText &text) const
{
    const bool hasValue = !text.value.isEmpty();
    char stamp[JsonCodec::kNumberTextSize];
    const QByteArrayView stampText(stamp, JsonCodec::writeNumber(text.timestamp, stamp));
    const bool isSigned = !text.signatureToken.isEmpty();
    if (text.tombstone) {
        appendPieces(out,
                     {"[null,", stampText, ",", text.sourceToken, isSigned ? "," : "",
                      text.signatureToken, "]\n"});
        return;
    }
    appendPieces(out,
                 {"[[", text.keyToken, hasValue ? "," : "", text.value, "],", stampText, ",",
                  text.sourceToken, isSigned ? "," : "", text.signatureToken, "]\n"});
}

std::optional<Update> Dialect5::scan(QByteArrayView line, int maxDepth,
                                     StringInterner *sources) const
{
    if (maxDepth < frameDepth())
        return std::nullopt;
    // [[key(,value)?],ts,source(,signature)?]
    CanonicalScanner s(line.data(), line.data() + line.size(), maxDepth);
    QByteArrayView key;
    if (!s.consume('[') || !s.consume('[') || !s.plainString(&key))
        return std::nullopt;
    QByteArrayView value;
    if (s.consume(',')) {
        const char *valueStart = s.position();
        if (!s.value(frameDepth()))
            return std::nullopt;
        value = QByteArrayView(valueStart, s.position());
    }
    if (!s.consume(']') || !s.consume(','))
        return std::nullopt;
    // A string without escapes, quotes included, is already its canonical token.
    return scanTail(s, QByteArrayView(key.data() - 1, key.size() + 2), value, sources);
}

QByteArrayView Dialect5::keyTokenHint(QByteArrayView line) const
{
    return line.startsWith("[[") ? plainTokenAt(line, 2) : QByteArrayView();
}

bool Dialect5::recognizes(const JsonArray &message) const
{
    return !message.empty() && (message.front().isArray() || message.front().isNull());
}

Result<Update> Dialect5::decode(const JsonArray &message) const
{
    if (message.size() != 3 && message.size() != 4)
        return Error{QStringLiteral("a 5.x update has 3 or 4 elements, this one has %1")
                             .arg(message.size())};
    if (!message[0].isArray() && !message[0].isNull())
        return Error{QStringLiteral("a 5.x update starts with its [key, value] array")};
    if (message[0].isArray()) {
        const JsonArray &trx = message[0].toArray();
        if (trx.empty() || trx.size() > 2)
            return Error{QStringLiteral(
                                 "the transaction has %1 elements; expected [key] or [key, value]")
                                 .arg(trx.size())};
        if (!trx[0].isString())
            return Error{QStringLiteral("the key is not a string")};
    }
    if (!message[1].isNumber())
        return Error{QStringLiteral("the timestamp is not a number")};
    if (!message[2].isString())
        return Error{QStringLiteral("the source is not a string")};
    QString signature;
    if (message.size() == 4) {
        if (!message[3].isString())
            return Error{QStringLiteral("the signature is not a string")};
        signature = message[3].toString();
    }
    if (message[0].isNull())
        return Update::tombstone(message[1].toNumber(), message[2].toString(), signature);
    const JsonArray &trx = message[0].toArray();
    const QByteArray value = trx.size() == 2 ? JsonCodec::stringify(trx[1]) : QByteArray();
    return Update(trx[0].toString(), value, message[1].toNumber(), message[2].toString(),
                  signature);
}

} // namespace sb
