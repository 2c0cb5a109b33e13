// SPDX-License-Identifier: MIT
#pragma once

#include "jsonvalue.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>

namespace sb {

// Reads JSON text into JsonValue, and writes JsonValue as the exact bytes that
// node's JSON.stringify produces for the same value. Signatures are computed
// over that text, so the writer must match node byte for byte.
namespace JsonCodec {

struct ParseLimits
{
    int maxDepth = 64; // arrays and objects nested deeper are refused
};

// Parses one complete JSON text (surrounding JSON whitespace allowed). Refused,
// each with a message naming the reason and the byte offset: malformed syntax,
// invalid UTF-8, numbers that overflow to infinity, duplicate object keys,
// nesting beyond limits.maxDepth, trailing garbage.
Result<JsonValue> parse(QByteArrayView text, ParseLimits limits = {});

// JSON.stringify(value) with no indentation. Undefined at top level gives an
// empty QByteArray (and append() appends nothing for it); inside arrays and for
// NaN/Infinity it gives null; object members whose value is undefined are
// omitted, as node does.
QByteArray stringify(const JsonValue &value);

// Appends the JSON.stringify form of one string / number to out.
void appendString(QByteArray &out, QStringView text);
void appendNumber(QByteArray &out, double number);
void append(QByteArray &out, const JsonValue &value);

// How deep the arrays and objects of valid JSON text nest (0 for a scalar).
int nestingDepth(QByteArrayView text);
// Number::toString as JavaScript defines it (shortest round-trip digits).
QByteArray numberToString(double number);

// The same text in a buffer of the caller's, for writers that put a line
// together in one piece: its length. The longest text of a number,
// "-1.7976931348623157e+308", takes 24 bytes.
constexpr qsizetype kNumberTextSize = 32;
qsizetype writeNumber(double number, char (&text)[kNumberTextSize]);

} // namespace JsonCodec
} // namespace sb
