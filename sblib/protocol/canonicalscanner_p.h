// SPDX-License-Identifier: MIT
#pragma once

#include "jsoncodec.h"

#include <QByteArrayView>
#include <QtEndian>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstring>

// For sblib's own readers (the dialects' update shapes, UpdateScanner): not
// installed, not API.
namespace sb {

namespace CanonicalText {

// Eight bytes at a time, as a little-endian word (SWAR): a full sync reads
// hundreds of thousands of keys and source ids a second.
constexpr quint64 kOnes = 0x0101010101010101;
constexpr quint64 kHighBits = 0x8080808080808080;

inline quint64 loadWord(const char *p)
{
    quint64 word;
    std::memcpy(&word, p, sizeof word);
    return qFromLittleEndian(word);
}

// Marks the high bit of each byte below n (n <= 128). A borrow may also mark
// bytes after a marked one, never before it: the lowest mark is exact.
constexpr quint64 bytesBelow(quint64 word, quint8 n)
{
    return (word - kOnes * n) & ~word & kHighBits;
}

constexpr quint64 bytesEqual(quint64 word, quint8 c)
{
    return bytesBelow(word ^ (kOnes * c), 1);
}

// Keys made of digits may be array indices, which JavaScript enumerates first.
inline bool isAllDigits(QByteArrayView key)
{
    if (key.isEmpty())
        return false;
    for (char c : key) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

} // namespace CanonicalText

// Reads JSON that must already be canonical; any doubt is a "no".
class CanonicalScanner
{
public:
    CanonicalScanner(const char *begin, const char *end, int maxDepth)
        : m_p(begin), m_end(end), m_maxDepth(maxDepth)
    { }

    const char *position() const { return m_p; }
    bool atEnd() const { return m_p == m_end; }
    bool consume(char c)
    {
        if (m_p == m_end || *m_p != c)
            return false;
        ++m_p;
        return true;
    }

    // A string without escapes; returns its UTF-8 content (validated).
    bool plainString(QByteArrayView *content)
    {
        if (!consume('"'))
            return false;
        const char *start = m_p;
        if (!stringBody(false))
            return false;
        *content = QByteArrayView(start, m_p - 1 - start);
        return true;
    }

    bool number(double *value)
    {
        const char *start = m_p;
        const bool negative = m_p < m_end && *m_p == '-';
        if (negative)
            ++m_p;
        const char *digits = m_p;
        quint64 integer = 0;
        // In locals: a char read could alias m_p, which would then be stored
        // and reloaded for every digit.
        const char *p = m_p;
        for (const char *const inputEnd = m_end; p < inputEnd; ++p) {
            const unsigned digit = unsigned(quint8(*p)) - '0';
            if (digit > 9)
                break;
            integer = integer * 10 + digit; // wraps harmlessly past 15 digits
        }
        m_p = p;
        const qsizetype count = m_p - digits;
        const auto numberChar = [](char c) {
            return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == '-' || c == '+';
        };
        // Integers of up to 15 digits without a leading zero are exact doubles,
        // already in Number::toString form: timestamps mostly, read without
        // from_chars. Everything else is parsed and checked by writing it back.
        if (count > 0 && (m_p == m_end || !numberChar(*m_p))) {
            if (count <= 15 && (*digits != '0' || count == 1) && !(negative && integer == 0)) {
                *value = negative ? -double(integer) : double(integer);
                return true;
            }
        }
        if (count > 0 && *digits != '0' && shortFraction(negative, integer, count, value))
            return true;
        while (m_p < m_end && numberChar(*m_p))
            ++m_p;
        if (m_p == digits)
            return false;
        const auto [end, error] = std::from_chars(start, m_p, *value);
        if (error != std::errc() || end != m_p || !std::isfinite(*value))
            return false;
        // Written back into a buffer kept from number to number: a fresh
        // QByteArray each time cost an allocation per fractional timestamp.
        static thread_local QByteArray written;
        written.resize(0);
        JsonCodec::appendNumber(written, *value);
        return written == QByteArrayView(start, m_p - start);
    }

    // INTEGER.FRACTION, the shape of npm's monotonic timestamps
    // (1796349740339.002), read exactly without from_chars and accepted as
    // canonical without writing it back. Let N be the digits as an integer and
    // f the fraction's length. When N < 2^52, N / 10^f is exact division of
    // exact doubles, so the nearest double, as from_chars gives it; and the
    // text's last digit (10^-f) is worth more than one ulp of that double, so
    // no other decimal of as few digits reaches it: with a nonzero integer part
    // (fixed notation in Number::toString) and no trailing zero, the text is
    // the shortest form. Anything else is left to the general path. m_p is at
    // the end of the integer part; it moves only on success.
    bool shortFraction(bool negative, quint64 integer, qsizetype integerDigits, double *value)
    {
        constexpr quint64 kExactLimit = quint64(1) << 52;
        constexpr double kPowersOfTen[] = {1e0, 1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7, 1e8,
                                           1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16};
        if (integerDigits > 16 || m_p == m_end || *m_p != '.')
            return false;
        const char *p = m_p + 1;
        quint64 n = integer;
        const char *const fractionStart = p;
        for (; p < m_end && p - fractionStart <= 16; ++p) {
            const unsigned digit = unsigned(quint8(*p)) - '0';
            if (digit > 9)
                break;
            n = n * 10 + digit;
        }
        const qsizetype fractionDigits = p - fractionStart;
        if (fractionDigits == 0 || fractionDigits + integerDigits > 16 || p[-1] == '0'
            || n >= kExactLimit)
            return false;
        if (p < m_end) {
            const char next = *p;
            if ((next >= '0' && next <= '9') || next == '.' || next == 'e' || next == 'E'
                || next == '-' || next == '+')
                return false;
        }
        const double magnitude = double(n) / kPowersOfTen[fractionDigits];
        *value = negative ? -magnitude : magnitude;
        m_p = p;
        return true;
    }

    bool value(int depth)
    {
        if (m_p == m_end)
            return false;
        switch (*m_p) {
        case '"':
            ++m_p;
            return stringBody(true);
        case '[':
            return array(depth + 1);
        case '{':
            return object(depth + 1);
        case 't':
            return literal("true");
        case 'f':
            return literal("false");
        case 'n':
            return literal("null");
        default: {
            double ignored;
            return number(&ignored);
        }
        }
    }

private:
    bool literal(const char *word)
    {
        const qsizetype length = qsizetype(qstrlen(word));
        if (m_end - m_p < length || qstrncmp(m_p, word, size_t(length)) != 0)
            return false;
        m_p += length;
        return true;
    }

    bool array(int depth)
    {
        if (depth > m_maxDepth)
            return false;
        ++m_p;
        if (consume(']'))
            return true;
        do {
            if (!value(depth))
                return false;
        } while (consume(','));
        return consume(']');
    }

    bool object(int depth)
    {
        if (depth > m_maxDepth)
            return false;
        ++m_p;
        if (consume('}'))
            return true;
        QByteArrayView keys[8];
        int count = 0;
        do {
            QByteArrayView key;
            // Index-like keys are reordered by JavaScript, duplicates refused, and
            // big objects are rare: the general path deals with all of those.
            if (count == 8 || !plainString(&key) || CanonicalText::isAllDigits(key))
                return false;
            for (int i = 0; i < count; ++i) {
                if (keys[i] == key)
                    return false;
            }
            keys[count++] = key;
            if (!consume(':') || !value(depth))
                return false;
        } while (consume(','));
        return consume('}');
    }

    // After the opening quote: up to and including the closing quote.
    bool stringBody(bool allowEscapes)
    {
        while (m_p < m_end) {
            // Plain ASCII is passed over a word at a time, up to the first byte
            // that needs a look: a quote, a backslash, a control or non-ASCII.
            while (m_end - m_p >= 8) {
                using namespace CanonicalText;
                const quint64 word = loadWord(m_p);
                const quint64 special = bytesBelow(word, 0x20) | (word & kHighBits)
                        | bytesEqual(word, '"') | bytesEqual(word, '\\');
                if (special) {
                    m_p += std::countr_zero(special) / 8;
                    break;
                }
                m_p += 8;
            }
            if (m_p == m_end)
                break;
            const uchar c = uchar(*m_p);
            if (c == '"') {
                ++m_p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (!allowEscapes || !canonicalEscape())
                    return false;
                continue;
            }
            if (c < 0x80) {
                ++m_p;
                continue;
            }
            if (!utf8Sequence())
                return false;
        }
        return false;
    }

    // The escapes JSON.stringify writes for code units it must escape.
    bool canonicalEscape()
    {
        if (m_end - m_p < 2)
            return false;
        const char kind = m_p[1];
        if (kind == '"' || kind == '\\' || kind == 'b' || kind == 'f' || kind == 'n' || kind == 'r'
            || kind == 't') {
            m_p += 2;
            return true;
        }
        // \u00XX for the other control characters, lowercase hex.
        if (kind != 'u' || m_end - m_p < 6 || m_p[2] != '0' || m_p[3] != '0'
            || (m_p[4] != '0' && m_p[4] != '1'))
            return false;
        const char low = m_p[5];
        const bool hex = (low >= '0' && low <= '9') || (low >= 'a' && low <= 'f');
        const int unit = (m_p[4] - '0') * 16 + (low <= '9' ? low - '0' : low - 'a' + 10);
        if (!hex || unit == '\b' || unit == '\f' || unit == '\n' || unit == '\r' || unit == '\t')
            return false;
        m_p += 6;
        return true;
    }

    // One well-formed UTF-8 sequence of two to four bytes, no surrogates, no overlongs.
    bool utf8Sequence()
    {
        const auto *p = reinterpret_cast<const uchar *>(m_p);
        const auto *end = reinterpret_cast<const uchar *>(m_end);
        int length = 0;
        char32_t code = 0;
        if (p[0] >= 0xc2 && p[0] <= 0xdf) {
            length = 2;
            code = p[0] & 0x1f;
        } else if (p[0] >= 0xe0 && p[0] <= 0xef) {
            length = 3;
            code = p[0] & 0x0f;
        } else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
            length = 4;
            code = p[0] & 0x07;
        } else {
            return false;
        }
        if (end - p < length)
            return false;
        for (int i = 1; i < length; ++i) {
            if ((p[i] & 0xc0) != 0x80)
                return false;
            code = (code << 6) | (p[i] & 0x3f);
        }
        if ((length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)))
            || (length == 4 && (code < 0x10000 || code > 0x10ffff)))
            return false;
        m_p += length;
        return true;
    }

    const char *m_p;
    const char *m_end;
    int m_maxDepth;
};

} // namespace sb
