// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QExplicitlySharedDataPointer>
#include <QMetaType>
#include <QString>

namespace sb {

// One change as it travels between replicas: a key (Model) or event name
// (Events), its value as canonical JSON text, the timestamp and source that
// order it, and an optional signature. Immutable and cheap to copy: replicas,
// streams and views share one copy of the data.
//
// The key is held in whichever form the update was made from, a QString or
// the JSON string token read off the wire, and the other form is worked out
// the first time it is asked for: a replica receiving a million updates
// compares and stores tokens and never needs most keys as QString.
class Update
{
public:
    Update(); // an invalid update
    Update(const QString &key, const QByteArray &valueJson, double timestamp, const QString &source,
           const QString &signature = {});
    Update(const Update &other);
    Update(Update &&other) noexcept;
    Update &operator=(const Update &other);
    Update &operator=(Update &&other) noexcept;
    ~Update();

    // An update from text already in node's JSON.stringify form: keyToken is
    // the key as a JSON string, quotes included, exactly as JSON.stringify
    // writes it (so two tokens are equal only when the keys are).
    static Update fromCanonical(QByteArrayView keyToken, QByteArrayView valueJson, double timestamp,
                                const QString &source, const QString &signature = {});
    // An update whose transaction is null, [null, timestamp, source] on the
    // wire (5.x only): what crdt's Doc keeps in its history for each field of
    // a removed row. It has no key and no value; replicas other than a Doc
    // refuse it.
    static Update tombstone(double timestamp, const QString &source, const QString &signature = {});

    bool isValid() const { return d; }
    bool isTombstone() const;

    const QString &key() const;
    // The key as JSON.stringify writes it, quotes included.
    QByteArrayView keyToken() const;
    // Whether the key is key (printable ASCII without '"' or '\\'), asked in
    // whichever form the update holds, so that neither form is worked out.
    bool hasKey(QLatin1StringView key) const;
    // The value as node's JSON.stringify writes it; empty when the transaction
    // carried no value (an event emitted without data).
    const QByteArray &value() const;
    // The same text as value(), without making a QByteArray of it for an
    // update read off the wire: valid while this update (or a copy) lives.
    QByteArrayView valueText() const;
    bool hasValue() const { return !valueText().isEmpty(); }
    // A Model update whose value is null (or absent) deletes the key.
    bool isDelete() const;
    double timestamp() const;
    const QString &source() const;
    const QString &signature() const;
    bool isSigned() const { return !signature().isEmpty(); }

    Update withSignature(const QString &signature) const;

    // npm scuttlebutt keeps keys (event names in Events) and source ids as
    // properties of plain JavaScript objects, where "__proto__" would set the
    // object's prototype instead, so no update may use it as either; a source
    // id is never empty. Fails with why a name is refused, in the one wording
    // every check uses (sblib, sbpeer and the GUI alike).
    static Result<void> checkKey(QStringView key);
    static Result<void> checkSource(QStringView source);

    // Orders history: by timestamp, then source, as npm scuttlebutt sorts it.
    static bool lessThan(const Update &a, const Update &b);

    bool operator==(const Update &other) const;
    bool operator!=(const Update &other) const { return !(*this == other); }

private:
    class Data;
    QExplicitlySharedDataPointer<const Data> d;
};

} // namespace sb

Q_DECLARE_METATYPE(sb::Update)
