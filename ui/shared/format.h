// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

// How Scuttlescope writes timestamps, ages, sizes and JSON for people.
namespace Format {

// Milliseconds since the epoch as local date and time with milliseconds.
QString dateTime(double timestamp);
// The time alone for today's timestamps, the month and day too for this
// year's, else the full date and time.
QString compactDateTime(double timestamp);
// The same without the date.
QString time(double timestamp);
// The raw number, as node prints it (fractions from monotonic-timestamp kept).
QString rawTimestamp(double timestamp);
// "850 ms", "12 s", "5 min", "3 h", "2 d".
QString duration(double milliseconds);
// How long ago timestamp was at nowMs, as a duration ("in 3 s" if ahead).
QString age(double timestamp, qint64 nowMs);
// A signed duration, "+1.2 s" or "-340 ms".
QString delta(double milliseconds);
QString bytes(qint64 bytes);
QString count(qint64 count);
// A long source id cut in the middle ("ed25519:xgOpD8…20CNL8"), so that it
// cannot push a caption wider than its pane; short ids stay whole.
QString shortId(const QString &id, int maxChars = 24);

// Compact JSON cut to maxChars with an ellipsis, for table cells.
QString jsonCell(const QByteArray &json, int maxChars = 300);
// Indented JSON with members in their original order; the text itself when
// it does not parse.
QString prettyJson(QByteArrayView json);
// sblib's messages are clauses ("the key ... is not allowed"); a dialog or a
// message bar shows them as a sentence.
QString asSentence(const QString &clause);
// A write sblib refused, as a sentence after what did not happen: outcome
// "Key "k" not changed" gives "Key "k" not changed: REASON.". Text that is not
// JSON gets the hint every editor of values gives.
QString refusal(const QString &outcome, const sb::Error &error);

} // namespace Format
