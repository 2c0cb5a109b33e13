// SPDX-License-Identifier: MIT
#include "tracereader.h"

#include "jsoncodec.h"
#include "replicatypes.h"

namespace sb {

namespace {
std::optional<WireLine::Kind> kindNamed(const QString &name)
{
    for (auto kind : {WireLine::Kind::Digest, WireLine::Kind::History, WireLine::Kind::Sync,
                      WireLine::Kind::Live, WireLine::Kind::Unreadable}) {
        if (WireLine::kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

std::optional<WireLine::Outcome> outcomeNamed(const QString &name)
{
    for (auto outcome :
         {WireLine::Outcome::None, WireLine::Outcome::Applied, WireLine::Outcome::OldData,
          WireLine::Outcome::NotApplied, WireLine::Outcome::Unverified, WireLine::Outcome::Rejected,
          WireLine::Outcome::Refused}) {
        if (WireLine::outcomeName(outcome) == name)
            return outcome;
    }
    return std::nullopt;
}
} // namespace

TraceReader::TraceReader(const QString &fileName) : m_file(fileName) { }

Error TraceReader::error(const QString &reason) const
{
    return Error{
            QStringLiteral("%1: line %2: %3").arg(m_file.fileName()).arg(m_lineNumber).arg(reason)};
}

QByteArray TraceReader::readLine()
{
    // QIODevice::readLine(max) allocates max bytes first: asking for a
    // small piece at a time keeps a line of a few hundred bytes from costing
    // a 64 MiB allocation (a fresh mapping, with its system calls).
    constexpr qint64 kPiece = 16 * 1024;
    QByteArray line = m_file.readLine(kPiece);
    while (!line.endsWith('\n') && line.size() < kMaxLineBytes && !m_file.atEnd())
        line += m_file.readLine(qMin(kPiece, kMaxLineBytes - line.size()) + 1);
    return line;
}

Result<TraceHeader> TraceReader::open()
{
    if (!m_file.open(QIODevice::ReadOnly))
        return Error{
                QStringLiteral("%1: cannot read: %2").arg(m_file.fileName(), m_file.errorString())};
    const QString notATrace
            = QStringLiteral("%1: not a Scuttlescope trace (.sbtrace): ").arg(m_file.fileName());
    if (m_file.atEnd())
        return Error{notATrace + QStringLiteral("the file is empty")};
    m_lineNumber = 1;
    QByteArray line = readLine();
    if (!line.endsWith('\n'))
        return Error{notATrace + QStringLiteral("its first line is not a whole header")};
    line.chop(1);
    const auto value = JsonCodec::parse(line);
    const JsonValue version
            = value && value->isObject() ? value->toObject().value(u"sbtrace") : JsonValue();
    if (!version.isNumber())
        return Error{notATrace + QStringLiteral("its first line has no \"sbtrace\" version")};
    if (version.toNumber() != TraceHeader::kVersion)
        return Error{notATrace
                     + QStringLiteral("version %1, where this program reads version %2")
                               .arg(version.toNumber())
                               .arg(TraceHeader::kVersion)};
    const JsonObject header = value->toObject();
    TraceHeader result;
    result.tool = header.value(u"tool").toString();
    result.id = header.value(u"id").toString();
    result.type = header.value(u"type").toString();
    result.dialect = header.value(u"dialect").toString();
    result.startedMs = header.value(u"started").toNumber();
    if (!ReplicaTypes::find(result.type))
        return Error{notATrace
                     + QStringLiteral("the replica type \"%1\" is not one this program knows (%2)")
                               .arg(result.type, ReplicaTypes::namesText())};
    if (result.id.isEmpty())
        return Error{notATrace + QStringLiteral("the header names no replica id")};
    return result;
}

Result<std::optional<TraceRecord>> TraceReader::next()
{
    if (m_file.atEnd())
        return std::optional<TraceRecord>();
    ++m_lineNumber;
    QByteArray line = readLine();
    if (!line.endsWith('\n')) {
        if (line.size() >= kMaxLineBytes)
            return error(QStringLiteral("longer than %1 bytes").arg(kMaxLineBytes));
        return error(QStringLiteral("cut short: the file ends inside this line"));
    }
    line.chop(1);
    const auto value = JsonCodec::parse(line);
    if (!value)
        return error(QStringLiteral("invalid JSON: %1").arg(value.errorMessage()));
    if (!value->isObject())
        return error(QStringLiteral("not a JSON object"));
    const JsonObject object = value->toObject();
    TraceRecord record;
    if (object.contains(u"sbtrace"))
        return error(QStringLiteral("a second header"));
    if (const JsonValue held = object.value(QStringLiteral("held")); !held.isUndefined()) {
        if (!held.isString())
            return error(QStringLiteral("\"held\" is not a string"));
        record.type = TraceRecord::Type::Held;
        record.line = held.toString().toUtf8();
        return std::optional<TraceRecord>(std::move(record));
    }
    const JsonValue time = object.value(QStringLiteral("t"));
    if (!time.isNumber())
        return error(QStringLiteral("no time \"t\""));
    record.ms = time.toNumber();
    record.peer = object.value(QStringLiteral("peer")).toString();
    const QString direction = object.value(QStringLiteral("dir")).toString();
    if (direction != u"in" && direction != u"out")
        return error(QStringLiteral("\"dir\" is \"%1\", not in or out").arg(direction));
    record.direction = direction == u"in" ? WireLine::Direction::In : WireLine::Direction::Out;
    const auto kind = kindNamed(object.value(QStringLiteral("kind")).toString());
    if (!kind)
        return error(QStringLiteral("unknown \"kind\" \"%1\"")
                             .arg(object.value(QStringLiteral("kind")).toString()));
    record.kind = *kind;
    const auto outcome = outcomeNamed(object.value(QStringLiteral("outcome")).toString());
    if (!outcome)
        return error(QStringLiteral("unknown \"outcome\" \"%1\"")
                             .arg(object.value(QStringLiteral("outcome")).toString()));
    record.outcome = *outcome;
    record.reason = object.value(QStringLiteral("reason")).toString();
    if (const JsonValue text = object.value(QStringLiteral("line")); text.isString()) {
        record.line = text.toString().toUtf8();
    } else if (const JsonValue encoded = object.value(QStringLiteral("line64"));
               encoded.isString()) {
        auto decoded = QByteArray::fromBase64Encoding(encoded.toString().toLatin1(),
                                                      QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return error(QStringLiteral("\"line64\" is not base64"));
        record.line = *decoded;
    } else {
        return error(QStringLiteral("no \"line\""));
    }
    return std::optional<TraceRecord>(std::move(record));
}

} // namespace sb
