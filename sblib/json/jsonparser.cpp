// SPDX-License-Identifier: MIT
#include "jsonparser.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <system_error>

using namespace Qt::StringLiterals;

namespace sb {

namespace {

bool isJsonWhitespace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Length of the well-formed UTF-8 sequence at p (Unicode table 3-7: no
// overlongs, no surrogates, nothing above U+10FFFF), or 0 when it is not one.
int utf8SequenceLength(const uchar *p, const uchar *end, char32_t *code)
{
    const uchar lead = p[0];
    int length = 0;
    uchar low = 0x80;
    uchar high = 0xbf;
    char32_t value = 0;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
        value = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        value = lead & 0x0f;
        if (lead == 0xe0)
            low = 0xa0;
        else if (lead == 0xed)
            high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        value = lead & 0x07;
        if (lead == 0xf0)
            low = 0x90;
        else if (lead == 0xf4)
            high = 0x8f;
    } else {
        return 0;
    }
    if (end - p < length)
        return 0;
    if (p[1] < low || p[1] > high)
        return 0;
    value = (value << 6) | (p[1] & 0x3f);
    for (int i = 2; i < length; ++i) {
        if (p[i] < 0x80 || p[i] > 0xbf)
            return 0;
        value = (value << 6) | (p[i] & 0x3f);
    }
    *code = value;
    return length;
}

} // namespace

void JsonParser::skipWhitespace()
{
    while (m_p < m_end && isJsonWhitespace(char(*m_p)))
        ++m_p;
}

bool JsonParser::fail(QString message, const uchar *at)
{
    m_error = u"%1 at byte %2"_s.arg(message, QString::number(offset(at)));
    return false;
}

Result<JsonValue> JsonParser::parse()
{
    skipWhitespace();
    if (m_p == m_end)
        return Error{u"no JSON value (empty input) at byte %1"_s.arg(offset())};

    std::vector<Frame> stack;
    JsonValue value;
    for (;;) {
        // Read one value; an opening bracket pushes a frame and goes on to read
        // the container's first element instead.
        skipWhitespace();
        if (m_p < m_end && (*m_p == '[' || *m_p == '{')) {
            if (qsizetype(stack.size()) >= m_limits.maxDepth) {
                fail(u"nesting deeper than %1"_s.arg(m_limits.maxDepth));
                return Error{m_error};
            }
            if (stack.empty()) {
                stack.reserve(8);
                m_values.reserve(16);
            }
            const bool isArray = *m_p == '[';
            ++m_p;
            stack.push_back(Frame{isArray, m_values.size(), JsonObject(), QString()});
            skipWhitespace();
            if (m_p < m_end && *m_p == (isArray ? ']' : '}')) {
                ++m_p;
                value = isArray ? JsonValue(JsonArray()) : JsonValue(JsonObject());
                stack.pop_back();
            } else {
                if (!isArray && !parseKey(stack.back()))
                    return Error{m_error};
                continue;
            }
        } else if (!parseScalar(value)) {
            return Error{m_error};
        }

        // Hand the finished value to its container; closing brackets finish
        // containers in turn.
        for (;;) {
            if (stack.empty()) {
                skipWhitespace();
                if (m_p != m_end) {
                    failTrailing();
                    return Error{m_error};
                }
                return value;
            }
            Frame &frame = stack.back();
            if (frame.isArray)
                m_values.push_back(std::move(value));
            else
                frame.object.insert(frame.key, std::move(value));
            skipWhitespace();
            if (m_p == m_end) {
                fail(u"unexpected end of input"_s);
                return Error{m_error};
            }
            if (*m_p == ',') {
                ++m_p;
                if (!frame.isArray && !parseKey(frame))
                    return Error{m_error};
                break;
            }
            if (*m_p != (frame.isArray ? ']' : '}')) {
                failUnexpected();
                return Error{m_error};
            }
            ++m_p;
            if (frame.isArray) {
                const auto first = m_values.begin() + qsizetype(frame.start);
                value = JsonValue(JsonArray(std::make_move_iterator(first),
                                            std::make_move_iterator(m_values.end())));
                m_values.erase(first, m_values.end());
            } else {
                value = JsonValue(std::move(frame.object));
            }
            stack.pop_back();
        }
    }
}

bool JsonParser::failUnexpected()
{
    if (m_p == m_end)
        return fail(u"unexpected end of input"_s);
    const uchar c = *m_p;
    if (c >= 0x80) {
        char32_t code = 0;
        if (!utf8SequenceLength(m_p, m_end, &code))
            return fail(u"invalid UTF-8"_s);
        return fail(u"unexpected character U+%1"_s.arg(uint(code), 4, 16, QLatin1Char('0')));
    }
    if (c < 0x20 || c == 0x7f)
        return fail(u"unexpected control character 0x%1"_s.arg(uint(c), 2, 16, QLatin1Char('0')));
    return fail(u"unexpected character '%1'"_s.arg(QLatin1Char(char(c))));
}

bool JsonParser::failTrailing()
{
    char32_t code = 0;
    if (*m_p >= 0x80 && !utf8SequenceLength(m_p, m_end, &code))
        return fail(u"invalid UTF-8"_s);
    return fail(u"unexpected data after the JSON value"_s);
}

bool JsonParser::parseScalar(JsonValue &out)
{
    if (m_p == m_end)
        return fail(u"unexpected end of input"_s);
    switch (*m_p) {
    case '"': {
        QString text;
        if (!parseString(text))
            return false;
        out = JsonValue(text);
        return true;
    }
    case 't':
        return parseLiteral("true", JsonValue(true), out);
    case 'f':
        return parseLiteral("false", JsonValue(false), out);
    case 'n':
        return parseLiteral("null", JsonValue(nullptr), out);
    default:
        if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
            return parseNumber(out);
        return failUnexpected();
    }
}

bool JsonParser::parseLiteral(const char *word, JsonValue value, JsonValue &out)
{
    const size_t length = std::strlen(word);
    if (size_t(m_end - m_p) < length || std::memcmp(m_p, word, length) != 0)
        return fail(u"invalid literal (expected %1)"_s.arg(QLatin1String(word)));
    m_p += length;
    out = std::move(value);
    return true;
}

bool JsonParser::parseNumber(JsonValue &out)
{
    const uchar *start = m_p;
    const uchar *p = m_p;
    const auto isDigit = [this](const uchar *at) { return at < m_end && *at >= '0' && *at <= '9'; };

    const bool negative = *p == '-';
    if (negative)
        ++p;
    if (!isDigit(p))
        return fail(u"invalid number"_s, start);

    // The decimal magnitude (value ~ 0.d * 10^magnitude) tells overflow from
    // underflow when from_chars reports the value out of range.
    const uchar *integerStart = p;
    bool simpleInteger = true;
    quint64 integer = 0;
    if (*p == '0') {
        ++p;
        if (isDigit(p))
            return fail(u"invalid number (leading zero)"_s, start);
    } else {
        while (isDigit(p)) {
            integer = integer * 10 + (*p - '0');
            ++p;
        }
    }
    const qsizetype integerDigits = p - integerStart;
    const bool integerIsZero = *integerStart == '0';
    qint64 leadingFractionZeros = 0;
    bool fractionAllZero = true;
    if (p < m_end && *p == '.') {
        simpleInteger = false;
        ++p;
        if (!isDigit(p))
            return fail(u"invalid number (no digits after the decimal point)"_s, start);
        while (isDigit(p)) {
            if (fractionAllZero && *p == '0')
                ++leadingFractionZeros;
            else
                fractionAllZero = false;
            ++p;
        }
    }
    qint64 exponent = 0;
    if (p < m_end && (*p == 'e' || *p == 'E')) {
        simpleInteger = false;
        ++p;
        bool exponentNegative = false;
        if (p < m_end && (*p == '+' || *p == '-')) {
            exponentNegative = *p == '-';
            ++p;
        }
        if (!isDigit(p))
            return fail(u"invalid number (no digits in the exponent)"_s, start);
        while (isDigit(p)) {
            // Saturate: anything this large is out of range either way.
            if (exponent < 1'000'000'000)
                exponent = exponent * 10 + (*p - '0');
            ++p;
        }
        if (exponentNegative)
            exponent = -exponent;
    }
    m_p = p;

    // Up to 15 digits are exact in a double, so no rounding is involved.
    if (simpleInteger && integerDigits <= 15) {
        const double magnitude = double(integer);
        out = JsonValue(negative ? -magnitude : magnitude);
        return true;
    }

    double number = 0;
    const auto [end, error] = std::from_chars(reinterpret_cast<const char *>(start),
                                              reinterpret_cast<const char *>(p), number);
    if (error == std::errc::result_out_of_range) {
        qint64 magnitude = 0;
        if (!integerIsZero)
            magnitude = integerDigits + exponent;
        else if (!fractionAllZero)
            magnitude = exponent - leadingFractionZeros;
        else
            magnitude = -1; // all digits zero: cannot overflow
        if (magnitude > 0)
            return fail(u"number out of range"_s, start);
        number = negative ? -0.0 : 0.0;
    } else if (error != std::errc() || end != reinterpret_cast<const char *>(p)) {
        return fail(u"invalid number"_s, start);
    }
    out = JsonValue(number);
    return true;
}

bool JsonParser::parseKey(Frame &frame)
{
    skipWhitespace();
    if (m_p == m_end || *m_p != '"') {
        if (m_p < m_end && *m_p == '}')
            return fail(u"trailing comma or missing key in object"_s);
        if (m_p == m_end)
            return fail(u"unexpected end of input"_s);
        return fail(u"expected a string key"_s);
    }
    const uchar *keyStart = m_p;
    if (!parseString(frame.key))
        return false;
    // node keeps the last of duplicate keys, which would re-serialize a signed
    // text differently, so they are refused.
    if (frame.object.contains(frame.key)) {
        QByteArray quoted;
        JsonCodec::appendString(quoted, frame.key);
        return fail(u"duplicate key "_s + QString::fromUtf8(quoted), keyStart);
    }
    skipWhitespace();
    if (m_p == m_end || *m_p != ':') {
        if (m_p == m_end)
            return fail(u"unexpected end of input"_s);
        return fail(u"expected ':' after object key"_s);
    }
    ++m_p;
    return true;
}

bool JsonParser::parseString(QString &out)
{
    // m_p is at the opening quote. Plain printable ASCII without escapes is
    // by far the common case and converts in one go.
    const uchar *start = ++m_p;
    const uchar *p = start;
    while (p < m_end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
        ++p;
    if (p < m_end && *p == '"') {
        out = QString::fromLatin1(reinterpret_cast<const char *>(start), p - start);
        m_p = p + 1;
        return true;
    }
    return decodeString(p, out);
}

bool JsonParser::decodeString(const uchar *runEnd, QString &out)
{
    m_scratch.clear();
    for (const uchar *q = m_p; q < runEnd; ++q)
        m_scratch.push_back(char16_t(*q));
    m_p = runEnd;

    while (m_p < m_end) {
        const uchar c = *m_p;
        if (c == '"') {
            ++m_p;
            out = QString(reinterpret_cast<const QChar *>(m_scratch.data()),
                          qsizetype(m_scratch.size()));
            return true;
        }
        if (c < 0x20)
            return fail(u"unescaped control character 0x%1 in string"_s.arg(uint(c), 2, 16,
                                                                            QLatin1Char('0')));
        if (c < 0x80 && c != '\\') {
            m_scratch.push_back(char16_t(c));
            ++m_p;
            continue;
        }
        if (c >= 0x80) {
            char32_t code = 0;
            const int length = utf8SequenceLength(m_p, m_end, &code);
            if (!length)
                return fail(u"invalid UTF-8"_s);
            if (code >= 0x10000) {
                m_scratch.push_back(char16_t(0xd800 + ((code - 0x10000) >> 10)));
                m_scratch.push_back(char16_t(0xdc00 + ((code - 0x10000) & 0x3ff)));
            } else {
                m_scratch.push_back(char16_t(code));
            }
            m_p += length;
            continue;
        }

        // A backslash escape.
        const uchar *escapeStart = m_p;
        if (m_end - m_p < 2)
            return fail(u"unexpected end of input"_s, m_end);
        const uchar kind = m_p[1];
        m_p += 2;
        switch (kind) {
        case '"':
            m_scratch.push_back(u'"');
            break;
        case '\\':
            m_scratch.push_back(u'\\');
            break;
        case '/':
            m_scratch.push_back(u'/');
            break;
        case 'b':
            m_scratch.push_back(u'\b');
            break;
        case 'f':
            m_scratch.push_back(u'\f');
            break;
        case 'n':
            m_scratch.push_back(u'\n');
            break;
        case 'r':
            m_scratch.push_back(u'\r');
            break;
        case 't':
            m_scratch.push_back(u'\t');
            break;
        case 'u': {
            if (m_end - m_p < 4)
                return fail(u"invalid \\u escape"_s, escapeStart);
            int unit = 0;
            for (int i = 0; i < 4; ++i) {
                const int digit = hexValue(char(m_p[i]));
                if (digit < 0)
                    return fail(u"invalid \\u escape"_s, escapeStart);
                unit = unit * 16 + digit;
            }
            m_p += 4;
            // Code units go in as they are: node keeps lone surrogates too.
            m_scratch.push_back(char16_t(unit));
            break;
        }
        default:
            return fail(u"invalid escape"_s, escapeStart);
        }
    }
    return fail(u"unterminated string"_s, m_end);
}
} // namespace sb
