// SPDX-License-Identifier: MIT
#pragma once

#include "update.h"

#include <QByteArrayView>

#include <optional>

namespace sb {

class StringInterner;

// The fast path for reading update lines: recognises an update whose text is
// already exactly what node's JSON.stringify writes (what every npm and sblib
// peer sends) and builds the Update straight from its bytes, without a
// JsonValue tree. Anything else (whitespace, escapes in keys, numbers not in
// shortest form, index-like object keys, errors) returns nothing, and the
// caller takes the general path, which canonicalises or explains the error.
namespace UpdateScanner {

// line is one update in the given dialect (5 or 4). The update carries the
// key as its token, and takes its source id from sources when given.
std::optional<Update> scan(QByteArrayView line, int dialectVersion, int maxDepth,
                           StringInterner *sources = nullptr);

// Where the key token of an update line seems to be, quotes included, found
// without reading the line: a hint, for fetching what the key will need
// ahead of time, that scan() may still refuse. Empty when not found at once.
QByteArrayView keyTokenHint(QByteArrayView line);

// True when text is one JSON value in node's JSON.stringify form.
bool isCanonical(QByteArrayView text, int maxDepth);

// The string a JSON string token in JSON.stringify form stands for.
QString stringFromToken(QByteArrayView token);

} // namespace UpdateScanner
} // namespace sb
