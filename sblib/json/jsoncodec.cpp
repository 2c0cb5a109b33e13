// SPDX-License-Identifier: MIT
#include "jsoncodec.h"

#include "jsonparser.h"
#include "jsonwriter.h"

#include <cstring>

#include <algorithm>

namespace sb::JsonCodec {

Result<JsonValue> parse(QByteArrayView text, ParseLimits limits)
{
    JsonParser parser(text, limits);
    return parser.parse();
}

QByteArray stringify(const JsonValue &value)
{
    QByteArray out;
    if (!value.isUndefined()) {
        JsonWriter writer(out);
        writer.writeValue(value);
    }
    return out;
}

void appendString(QByteArray &out, QStringView text)
{
    JsonWriter writer(out);
    writer.writeString(text);
}

void appendNumber(QByteArray &out, double number)
{
    JsonWriter writer(out);
    writer.writeNumber(number);
}

void append(QByteArray &out, const JsonValue &value)
{
    JsonWriter writer(out);
    writer.writeValue(value);
}

qsizetype writeNumber(double number, char (&text)[kNumberTextSize])
{
    static_assert(kNumberTextSize >= JsonWriter::kPlainNumberSize);
    if (const qsizetype length = JsonWriter::plainNumberText(number, text))
        return length;
    const QByteArray written = numberToString(number);
    Q_ASSERT(written.size() <= kNumberTextSize);
    std::memcpy(text, written.constData(), size_t(written.size()));
    return written.size();
}

QByteArray numberToString(double number)
{
    QByteArray out;
    appendNumber(out, number);
    return out;
}

int nestingDepth(QByteArrayView text)
{
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

} // namespace sb::JsonCodec
