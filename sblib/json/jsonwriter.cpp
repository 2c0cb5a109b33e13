// SPDX-License-Identifier: MIT
#include "jsonwriter.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace sb {

namespace {

constexpr char hexDigits[] = "0123456789abcdef";
constexpr char zeros[] = "000000000000000000000"; // enough for any Number::toString padding

// What JSON.stringify writes for each ASCII code unit: 0 = the unit itself,
// 'u' = \u00XX, anything else = that letter after a backslash.
constexpr auto asciiEscapes = [] {
    std::array<char, 128> table{};
    for (int c = 0; c < 0x20; ++c)
        table[c] = 'u';
    table['\b'] = 'b';
    table['\f'] = 'f';
    table['\n'] = 'n';
    table['\r'] = 'r';
    table['\t'] = 't';
    table['"'] = '"';
    table['\\'] = '\\';
    return table;
}();

char *writeUnicodeEscape(char *dst, char16_t unit)
{
    *dst++ = '\\';
    *dst++ = 'u';
    *dst++ = hexDigits[(unit >> 12) & 0xf];
    *dst++ = hexDigits[(unit >> 8) & 0xf];
    *dst++ = hexDigits[(unit >> 4) & 0xf];
    *dst++ = hexDigits[unit & 0xf];
    return dst;
}

// Writes units [p, chunkEnd) (reading one unit past chunkEnd when a surrogate
// pair straddles it) into dst, which has room for six bytes per unit. Returns
// the new write position and advances p.
char *writeStringChunk(char *dst, const char16_t *&p, const char16_t *chunkEnd, const char16_t *end)
{
    while (p < chunkEnd) {
        const char16_t unit = *p;
        if (unit < 0x80) {
            const char escape = asciiEscapes[unit];
            ++p;
            if (!escape) {
                *dst++ = char(unit);
            } else if (escape == 'u') {
                dst = writeUnicodeEscape(dst, unit);
            } else {
                *dst++ = '\\';
                *dst++ = escape;
            }
        } else if (unit < 0x800) {
            ++p;
            *dst++ = char(0xc0 | (unit >> 6));
            *dst++ = char(0x80 | (unit & 0x3f));
        } else if (unit < 0xd800 || unit > 0xdfff) {
            ++p;
            *dst++ = char(0xe0 | (unit >> 12));
            *dst++ = char(0x80 | ((unit >> 6) & 0x3f));
            *dst++ = char(0x80 | (unit & 0x3f));
        } else if (unit < 0xdc00 && p + 1 < end && p[1] >= 0xdc00 && p[1] <= 0xdfff) {
            const char32_t code = 0x10000 + ((char32_t(unit) - 0xd800) << 10) + (p[1] - 0xdc00);
            p += 2;
            *dst++ = char(0xf0 | (code >> 18));
            *dst++ = char(0x80 | ((code >> 12) & 0x3f));
            *dst++ = char(0x80 | ((code >> 6) & 0x3f));
            *dst++ = char(0x80 | (code & 0x3f));
        } else {
            // A lone surrogate has no UTF-8 form; node writes it escaped.
            ++p;
            dst = writeUnicodeEscape(dst, unit);
        }
    }
    return dst;
}

} // namespace

void JsonWriter::writeString(QStringView text)
{
    // Work in chunks so the worst-case reservation (six bytes per unit, for
    // \u00XX) stays small for long strings.
    constexpr qsizetype chunkUnits = 1024;
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    put('"');
    while (p < end) {
        const char16_t *chunkEnd = p + std::min<qsizetype>(end - p, chunkUnits);
        commit(writeStringChunk(reserve((chunkEnd - p) * 6), p, chunkEnd, end));
    }
    put('"');
}

// Integers up to 2^53 (0 and -0 among them: both "0") are their own shortest
// round-trip digits; they are most numbers on the wire, every integer
// timestamp included.
//
// So are numbers of one to four decimals, such as npm's monotonic timestamps
// (1796349740339.002), written here without to_chars' shortest search: for
// the first f in 1..4 where number * 10^f rounds to an integer N below 2^52
// with N / 10^f == number, N with its last f digits as decimals reads back as
// number, and as one unit of its last digit is worth more than an ulp of
// number, no shorter decimal does (CanonicalScanner::shortFraction reads this
// form back on the same argument). At least 1 in magnitude, it is what
// Number::toString writes in fixed notation.
qsizetype JsonWriter::plainNumberText(double number, char *text)
{
    constexpr double kIntegerLimit = 9007199254740992.0;  // 2^53
    constexpr double kFractionLimit = 4503599627370496.0; // 2^52
    constexpr double kPowersOfTen[] = {1e1, 1e2, 1e3, 1e4};
    const double magnitude = std::fabs(number);
    if (magnitude <= kIntegerLimit && number == std::trunc(number))
        return std::to_chars(text, text + kPlainNumberSize, qint64(number)).ptr - text;
    if (!(magnitude >= 1.0 && magnitude < kFractionLimit))
        return 0;
    for (int f = 0; f < 4; ++f) {
        const double scaled = std::nearbyint(magnitude * kPowersOfTen[f]);
        if (scaled >= kFractionLimit)
            return 0;
        if (scaled / kPowersOfTen[f] != magnitude)
            continue;
        const auto digits = qint64(scaled);
        if (digits % 10 == 0)
            return 0; // a shorter f would have matched: not this shape
        char *out = text;
        if (number < 0)
            *out++ = '-';
        char *const end = std::to_chars(out, text + kPlainNumberSize - 1, digits).ptr;
        const qsizetype decimals = f + 1;
        std::memmove(end - decimals + 1, end - decimals, size_t(decimals));
        end[-decimals] = '.';
        return end + 1 - text;
    }
    return 0;
}

void JsonWriter::writeNumber(double number)
{
    char *const text = reserve(kPlainNumberSize);
    if (const qsizetype length = plainNumberText(number, text)) {
        commit(text + length);
        return;
    }
    if (!std::isfinite(number)) {
        put("null");
        return;
    }

    // to_chars gives the shortest round-trip digits as d[.ddd]e±XX; lay them
    // out as ECMAScript Number::toString does.
    char buffer[40];
    const char *const end
            = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::scientific)
                      .ptr;
    const char *p = buffer;
    if (*p == '-') {
        put('-');
        ++p;
    }
    char digits[20];
    int k = 0;
    for (; p < end && *p != 'e'; ++p) {
        if (*p != '.')
            digits[k++] = *p;
    }
    ++p; // 'e'
    const bool exponentNegative = *p == '-';
    ++p;
    int exponent = 0;
    for (; p < end; ++p)
        exponent = exponent * 10 + (*p - '0');
    if (exponentNegative)
        exponent = -exponent;
    const int n = exponent + 1; // value = 0.digits * 10^n

    if (k <= n && n <= 21) {
        put(digits, k);
        put(zeros, n - k);
    } else if (0 < n && n <= 21) {
        put(digits, n);
        put('.');
        put(digits + n, k - n);
    } else if (-6 < n && n <= 0) {
        put("0.");
        put(zeros, -n);
        put(digits, k);
    } else {
        put(digits[0]);
        if (k > 1) {
            put('.');
            put(digits + 1, k - 1);
        }
        put('e');
        put(n - 1 >= 0 ? '+' : '-');
        char *const start = reserve(8);
        commit(std::to_chars(start, start + 8, std::abs(n - 1)).ptr);
    }
}

void JsonWriter::writeValue(const JsonValue &value)
{
    switch (value.type()) {
    case JsonValue::Type::Undefined:
        break;
    case JsonValue::Type::Null:
        put("null");
        break;
    case JsonValue::Type::Bool:
        if (value.toBool())
            put("true");
        else
            put("false");
        break;
    case JsonValue::Type::Number:
        writeNumber(value.toNumber());
        break;
    case JsonValue::Type::String:
        writeString(value.toString());
        break;
    case JsonValue::Type::Array: {
        put('[');
        bool first = true;
        for (const JsonValue &element : value.toArray()) {
            if (!first)
                put(',');
            first = false;
            if (element.isUndefined())
                put("null");
            else
                writeValue(element);
        }
        put(']');
        break;
    }
    case JsonValue::Type::Object: {
        put('{');
        bool first = true;
        for (const JsonObject::Member &member : value.toObject().members()) {
            if (member.value.isUndefined())
                continue;
            if (!first)
                put(',');
            first = false;
            writeString(member.key);
            put(':');
            writeValue(member.value);
        }
        put('}');
        break;
    }
    }
}

} // namespace sb
