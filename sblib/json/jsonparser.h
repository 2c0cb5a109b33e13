// SPDX-License-Identifier: MIT
#pragma once

#include "jsoncodec.h"

#include <QString>

#include <string>
#include <vector>

namespace sb {

// JsonCodec's reading half: one JSON text into a JsonValue, with an explicit
// stack of the open arrays and objects rather than recursion, refusing what
// JsonCodec::parse documents.
class JsonParser
{
public:
    JsonParser(QByteArrayView text, JsonCodec::ParseLimits limits)
        : m_begin(reinterpret_cast<const uchar *>(text.data())), m_end(m_begin + text.size()),
          m_p(m_begin), m_limits(limits)
    { }

    Result<JsonValue> parse();

private:
    // An open array or object. Array elements wait on m_values (from index
    // start) so that each array is allocated once at its final size; object
    // members go straight into object, key being the one awaiting its value.
    struct Frame
    {
        bool isArray;
        size_t start;
        JsonObject object;
        QString key;
    };

    qsizetype offset() const { return m_p - m_begin; }
    qsizetype offset(const uchar *at) const { return at - m_begin; }

    void skipWhitespace();

    bool fail(QString message) { return fail(std::move(message), m_p); }
    bool fail(QString message, const uchar *at);
    bool failUnexpected();

    bool parseScalar(JsonValue &out);
    bool parseLiteral(const char *word, JsonValue value, JsonValue &out);
    bool parseNumber(JsonValue &out);
    bool parseString(QString &out);
    bool parseKey(Frame &frame);
    bool failTrailing();
    bool decodeString(const uchar *runEnd, QString &out);

    const uchar *m_begin;
    const uchar *m_end;
    const uchar *m_p;
    JsonCodec::ParseLimits m_limits;
    QString m_error;
    std::u16string m_scratch;        // reused by strings that need decoding
    std::vector<JsonValue> m_values; // elements of the open arrays
};

} // namespace sb
