// SPDX-License-Identifier: MIT
#include "format.h"

#include "jsoncodec.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <cmath>

using namespace sb;

namespace Format {

namespace {
QDateTime toDateTime(double timestamp)
{
    return QDateTime::fromMSecsSinceEpoch(qint64(std::floor(timestamp)));
}

void appendIndent(QByteArray &out, int depth)
{
    out += '\n';
    out.append(qsizetype(depth) * 2, ' ');
}

void appendPretty(QByteArray &out, const JsonValue &value, int depth)
{
    if (value.isArray() && !value.toArray().empty()) {
        out += '[';
        bool first = true;
        for (const JsonValue &element : value.toArray()) {
            if (!first)
                out += ',';
            first = false;
            appendIndent(out, depth + 1);
            appendPretty(out, element, depth + 1);
        }
        appendIndent(out, depth);
        out += ']';
    } else if (value.isObject() && !value.toObject().isEmpty()) {
        out += '{';
        bool first = true;
        for (const auto &member : value.toObject().members()) {
            if (member.value.isUndefined())
                continue;
            if (!first)
                out += ',';
            first = false;
            appendIndent(out, depth + 1);
            JsonCodec::appendString(out, member.key);
            out += ": ";
            appendPretty(out, member.value, depth + 1);
        }
        appendIndent(out, depth);
        out += '}';
    } else {
        JsonCodec::append(out, value);
    }
}
} // namespace

QString dateTime(double timestamp)
{
    if (!std::isfinite(timestamp))
        return QStringLiteral("—");
    return toDateTime(timestamp).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

QString compactDateTime(double timestamp)
{
    if (!std::isfinite(timestamp))
        return QStringLiteral("—");
    const QDateTime when = toDateTime(timestamp);
    const QDate today = QDate::currentDate();
    if (when.date() == today)
        return when.toString(QStringLiteral("HH:mm:ss.zzz"));
    if (when.date().year() == today.year())
        return when.toString(QStringLiteral("MM-dd HH:mm:ss.zzz"));
    return dateTime(timestamp);
}

QString time(double timestamp)
{
    if (!std::isfinite(timestamp))
        return QStringLiteral("—");
    return toDateTime(timestamp).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString rawTimestamp(double timestamp)
{
    return QString::fromLatin1(JsonCodec::numberToString(timestamp));
}

QString duration(double ms)
{
    if (ms < 1000)
        return QCoreApplication::translate("Format", "%1 ms").arg(qint64(ms));
    if (ms < 60'000)
        return QCoreApplication::translate("Format", "%1 s").arg(qint64(ms / 1000));
    if (ms < 3'600'000)
        return QCoreApplication::translate("Format", "%1 min").arg(qint64(ms / 60'000));
    if (ms < 86'400'000)
        return QCoreApplication::translate("Format", "%1 h").arg(qint64(ms / 3'600'000));
    return QCoreApplication::translate("Format", "%1 d").arg(qint64(ms / 86'400'000));
}
QString age(double timestamp, qint64 nowMs)
{
    if (!std::isfinite(timestamp))
        return QStringLiteral("—");
    const double ms = double(nowMs) - timestamp;
    // A peer whose clock runs ahead stamps updates in our future.
    const QString text = duration(std::abs(ms));
    return ms < 0 ? QCoreApplication::translate("Format", "in %1").arg(text) : text;
}

QString delta(double milliseconds)
{
    const QString sign = milliseconds < 0 ? QStringLiteral("−") : QStringLiteral("+");
    const double magnitude = std::abs(milliseconds);
    if (magnitude < 1000)
        return sign
                + QCoreApplication::translate("Format", "%1 ms").arg(qint64(std::round(magnitude)));
    if (magnitude < 60'000)
        return sign
                + QCoreApplication::translate("Format", "%1 s").arg(magnitude / 1000, 0, 'f', 1);
    if (magnitude < 3'600'000)
        return sign
                + QCoreApplication::translate("Format", "%1 min")
                          .arg(magnitude / 60'000, 0, 'f', 1);
    return sign
            + QCoreApplication::translate("Format", "%1 h").arg(magnitude / 3'600'000, 0, 'f', 1);
}

QString bytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

QString count(qint64 count)
{
    return QLocale().toString(count);
}

QString shortId(const QString &id, int maxChars)
{
    if (id.size() <= maxChars)
        return id;
    const int tail = maxChars / 3;
    return id.left(maxChars - tail - 1) + QChar(0x2026) + id.right(tail);
}

QString jsonCell(const QByteArray &json, int maxChars)
{
    if (json.isEmpty())
        return {};
    if (json.size() <= maxChars)
        return QString::fromUtf8(json);
    QString text = QString::fromUtf8(json.left(maxChars * 2)).left(maxChars);
    return text + QStringLiteral(" … (%1)").arg(bytes(json.size()));
}

QString prettyJson(QByteArrayView json)
{
    if (json.isEmpty())
        return {};
    auto value = JsonCodec::parse(json, {1 << 12});
    if (!value)
        return QString::fromUtf8(json);
    QByteArray out;
    out.reserve(json.size() * 2);
    appendPretty(out, value.value(), 0);
    return QString::fromUtf8(out);
}

QString refusal(const QString &outcome, const Error &error)
{
    QString sentence = QCoreApplication::translate("Format", "%1: %2.").arg(outcome, error.message);
    if (error.kind == Error::Kind::InvalidJson)
        sentence += u' '
                + QCoreApplication::translate("Format",
                                              "Strings need double quotes, e.g. \"text\".");
    return sentence;
}

QString asSentence(const QString &clause)
{
    if (clause.isEmpty())
        return clause;
    QString sentence = clause;
    sentence[0] = sentence[0].toUpper();
    if (!sentence.endsWith(u'.'))
        sentence += u'.';
    return sentence;
}

} // namespace Format
