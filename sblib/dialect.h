#pragma once

#include "jsonvalue.h"
#include "result.h"
#include "update.h"

#include <QByteArray>
#include <QString>

namespace sb {

// One encoding of updates on the wire. Digests and "SYNC" are the same in
// every version of npm scuttlebutt; only the update array differs, so a Stream
// asks its Dialect and never tests a version number itself.
class Dialect
{
public:
    enum class Choice { Auto, V5, V4 };

    virtual ~Dialect() = default;

    virtual int version() const = 0;
    // Appends the update as one line, newline included.
    virtual void appendUpdate(QByteArray &out, const Update &update) const = 0;
    // The text a signature covers: JSON.stringify of the update without it.
    virtual QByteArray signedText(const Update &update) const = 0;
    // Whether message is an update shaped for this dialect (for auto-detection).
    virtual bool recognizes(const JsonArray &message) const = 0;
    // Reads an update, or says what is wrong with it.
    virtual Result<Update> decode(const JsonArray &message) const = 0;

    static const Dialect &v5();
    static const Dialect &v4();
    static const Dialect &forChoice(Choice choice); // Auto starts as 5.x
    // The dialect whose shape message has, or nullptr.
    static const Dialect *detect(const JsonArray &message);

    // "auto", "5" or "4" (also "5.x", "4.x", "v5", "v4").
    static Result<Choice> parseChoice(const QString &text);
    static QString choiceName(Choice choice);
};

} // namespace sb
