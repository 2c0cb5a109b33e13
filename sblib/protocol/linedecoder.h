// SPDX-License-Identifier: MIT
#pragma once

#include "jsonvalue.h"
#include "update.h"

#include <QByteArrayView>
#include <QString>

namespace sb {

class Dialect;
class StringInterner;

// One line of the protocol, as what it says.
struct DecodedLine
{
    enum class Kind {
        Update,    // update and dialect are set
        BadUpdate, // an array that is no update of any dialect: error says why
        Digest,    // message is the {id, clock, ...} object, not yet checked
        Sync,      // "SYNC"
        Other,     // any other JSON value, in message
        Invalid,   // not JSON: error says why
    };

    Kind kind = Kind::Invalid;
    Update update;
    const Dialect *dialect = nullptr;
    JsonValue message;
    QString error; // without the line's number or source: the reader adds those
};

// Turns a line into a digest, an update, "SYNC" or an error: the one decoder
// that Stream, the replica file reader and trace replay share. Update lines
// already in canonical form (nearly all of them) are read by their Dialect
// straight from the bytes; the rest are parsed, and the dialect is told by
// the message's shape. Whatever the dialect, an update's value is refused
// when it would not fit the depth limit in the deepest frame we pass it on
// in, so that what is taken in can always be sent on.
class LineDecoder
{
public:
    // The deepest frame of any dialect (5.x's [[key, value], ...]).
    static constexpr int kPassOnFrameDepth = 2;

    explicit LineDecoder(int maxDepth, StringInterner *sources = nullptr)
        : m_maxDepth(maxDepth), m_sources(sources)
    { }

    DecodedLine decode(QByteArrayView line) const;

    // Where the key token of what seems to be an update line is, quotes
    // included, without reading it (see Dialect::keyTokenHint).
    static QByteArrayView keyTokenHint(QByteArrayView line);

private:
    DecodedLine decodeUpdate(const JsonArray &message) const;

    int m_maxDepth;
    StringInterner *m_sources;
};

} // namespace sb
