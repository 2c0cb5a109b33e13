// SPDX-License-Identifier: MIT
#pragma once

#include "jsonvalue.h"
#include "result.h"
#include "update.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <initializer_list>
#include <optional>

namespace sb {

class CanonicalScanner;
class StringInterner;

// An update as the canonical JSON pieces its line is made of, for replicas
// that hold text rather than Update objects.
struct UpdateText
{
    QByteArrayView keyToken; // the key as a JSON string, quotes included
    QByteArrayView value;    // empty when the update carries no value
    double timestamp = 0;
    QByteArrayView sourceToken;
    QByteArrayView signatureToken; // empty when unsigned
    bool tombstone = false;        // crdt's [null, ...]: no key and no value
};

// One encoding of updates on the wire. Digests and "SYNC" are the same in
// every version of npm scuttlebutt; only the update array differs, so a Stream
// asks its Dialect and never tests a version number itself.
class Dialect
{
public:
    enum class Choice { Auto, V5, V4 };

    virtual ~Dialect() = default;

    virtual int version() const = 0;
    // Appends the line of text's canonical pieces, newline included; nothing
    // for an update the dialect has no form for (4.x has none for crdt's
    // tombstones). The one writer of the dialect's lines.
    virtual void appendText(QByteArray &out, const UpdateText &text) const = 0;
    // The same line for update.
    void appendUpdate(QByteArray &out, const Update &update) const;
    // The text a signature covers: JSON.stringify of the update without it.
    QByteArray signedText(const Update &update) const;
    // Whether message is an update shaped for this dialect (for auto-detection).
    virtual bool recognizes(const JsonArray &message) const = 0;
    // Reads an update, or says what is wrong with it.
    virtual Result<Update> decode(const JsonArray &message) const = 0;
    // How deep the update's own arrays nest: what its value may not use of a
    // depth limit.
    virtual int frameDepth() const = 0;
    // Reads an update line whose text is already what node's JSON.stringify
    // writes (what every npm and sblib peer sends) straight from its bytes,
    // without a JsonValue tree. Anything else (whitespace, escapes in the
    // key, numbers not in shortest form, index-like object keys, errors) gives
    // nothing, and the general path (decode) canonicalises or explains it.
    // The source id comes from sources when given.
    virtual std::optional<Update> scan(QByteArrayView line, int maxDepth,
                                       StringInterner *sources = nullptr) const = 0;
    // Where the key token of an update line seems to be, quotes included,
    // found without reading the line: a hint, for fetching what the key will
    // need ahead of time, that scan() may still refuse. Empty when not found
    // at once (a key with escapes, say).
    virtual QByteArrayView keyTokenHint(QByteArrayView line) const = 0;

    static const Dialect &v5();
    static const Dialect &v4();
    static const Dialect &forChoice(Choice choice); // Auto starts as 5.x
    // The dialect whose shape message has, or nullptr.
    static const Dialect *detect(const JsonArray &message);
    // The dialect an update line seems to be in, judged by its first bytes.
    static const Dialect &forLine(QByteArrayView line);

    // "auto", "5" or "4" (also "5.x", "4.x", "v5", "v4").
    static Result<Choice> parseChoice(const QString &text);
    static QString choiceName(Choice choice);

protected:
    // Appends the pieces end to end, growing out once: QByteArray::append of
    // a view goes through insert(), a cost paid several times a line.
    static void appendPieces(QByteArray &out, std::initializer_list<QByteArrayView> pieces);
    // What every dialect's line ends with, after the key and value:
    // timestamp, source, signature? and the closing bracket.
    static std::optional<Update> scanTail(CanonicalScanner &scanner, QByteArrayView keyToken,
                                          QByteArrayView value, StringInterner *sources);
    // A key token that starts at start, quotes included; empty when it has escapes.
    static QByteArrayView plainTokenAt(QByteArrayView line, qsizetype start);

private:
    // update's line through appendText, signed or not.
    void appendLine(QByteArray &out, const Update &update, bool withSignature) const;
};

} // namespace sb
