// SPDX-License-Identifier: MIT
#include "tracewriter.h"

#include "dialect.h"
#include "jsoncodec.h"
#include "scuttlebutt.h"
#include "stream.h"

#include <QDateTime>

namespace sb {

namespace {
// Buffered lines go to the file in chunks of about this size.
constexpr qsizetype kChunk = 256 * 1024;

void appendField(QByteArray &out, const char *name, QStringView value)
{
    out += ",\"";
    out += name;
    out += "\":";
    JsonCodec::appendString(out, value);
}

// The line as a JSON string when it is UTF-8, else as base64. Escaped byte
// by byte, without decoding: a trace of a million-line sync writes a million.
void appendLine(QByteArray &out, QByteArrayView line)
{
    if (!line.isValidUtf8()) {
        out += ",\"line64\":\"";
        out += line.toByteArray().toBase64();
        out += '"';
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += ",\"line\":\"";
    qsizetype plain = 0; // start of the run of bytes that need no escape
    for (qsizetype i = 0; i < line.size(); ++i) {
        const auto byte = uchar(line[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            continue;
        out.append(line.sliced(plain, i - plain));
        plain = i + 1;
        if (byte == '"' || byte == '\\') {
            out += '\\';
            out += char(byte);
        } else {
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        }
    }
    out.append(line.sliced(plain));
    out += '"';
}
} // namespace

TraceWriter::TraceWriter(QObject *parent) : QObject(parent)
{
    m_flushTimer.setSingleShot(true);
    m_flushTimer.setInterval(250);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] { writeBuffered(true); });
}

TraceWriter::~TraceWriter()
{
    stop();
}

std::optional<Error> TraceWriter::start(const QString &fileName, const Scuttlebutt &replica,
                                        const QString &tool, const QString &dialect)
{
    stop();
    m_file.setFileName(fileName);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error{QStringLiteral("%1: cannot write the trace: %2").arg(fileName, m_file.errorString())};
    m_startNs = WireLine::now();
    m_lines = 0;
    JsonObject header;
    header.insert(QStringLiteral("sbtrace"), JsonValue(double(TraceHeader::kVersion)));
    header.insert(QStringLiteral("tool"), JsonValue(tool));
    header.insert(QStringLiteral("id"), JsonValue(replica.id()));
    header.insert(QStringLiteral("type"), JsonValue(replica.kindName()));
    header.insert(QStringLiteral("dialect"), JsonValue(dialect));
    header.insert(QStringLiteral("started"),
                  JsonValue(double(QDateTime::currentMSecsSinceEpoch())));
    JsonCodec::append(m_buffer, JsonValue(std::move(header)));
    m_buffer += '\n';
    QByteArray line;
    for (const Scuttlebutt::HistoryRef &ref : replica.historyRefs(Clock())) {
        line.clear();
        if (!replica.appendHistoryLine(ref, Dialect::v5(), line))
            continue;
        line.chop(1);
        m_buffer += "{\"held\":";
        JsonCodec::appendString(m_buffer, QString::fromUtf8(line));
        m_buffer += "}\n";
        ++m_lines;
        writeBuffered(false);
    }
    writeBuffered(true);
    if (!m_file.isOpen())
        return Error{QStringLiteral("%1: cannot write the trace").arg(fileName)};
    return std::nullopt;
}

void TraceWriter::watch(Stream *stream)
{
    if (!isRecording() || m_streams.contains(stream))
        return;
    m_streams.append(stream);
    // The peer's name is written on every line: made once per stream.
    QByteArray peerField;
    appendField(peerField, "peer", stream->peerName());
    m_peerFields.insert(stream, peerField);
    stream->addWireTap(this);
    connect(stream, &QObject::destroyed, this, [this, stream] {
        m_peerFields.remove(stream);
        m_streams.removeIf([](const QPointer<Stream> &s) { return s.isNull(); });
    });
}

void TraceWriter::stop()
{
    for (const QPointer<Stream> &stream : std::as_const(m_streams)) {
        if (stream)
            stream->removeWireTap(this);
    }
    m_streams.clear();
    m_peerFields.clear();
    if (!m_file.isOpen())
        return;
    writeBuffered(true);
    m_file.close();
}

void TraceWriter::onWireLine(const Stream &stream, const WireLine &line)
{
    if (!m_file.isOpen())
        return;
    m_buffer += "{\"t\":";
    JsonCodec::appendNumber(m_buffer, double(line.nanoseconds - m_startNs) / 1e6);
    m_buffer += m_peerFields.value(&stream);
    appendField(m_buffer, "dir", WireLine::directionName(line.direction));
    appendField(m_buffer, "kind", WireLine::kindName(line.kind));
    if (line.outcome != WireLine::Outcome::None)
        appendField(m_buffer, "outcome", WireLine::outcomeName(line.outcome));
    if (!line.reason.isEmpty())
        appendField(m_buffer, "reason", line.reason);
    appendLine(m_buffer, line.bytes);
    m_buffer += "}\n";
    ++m_lines;
    writeBuffered(false);
    if (!m_buffer.isEmpty() && !m_flushTimer.isActive())
        m_flushTimer.start();
}

void TraceWriter::writeBuffered(bool always)
{
    if (m_buffer.isEmpty() || (!always && m_buffer.size() < kChunk) || !m_file.isOpen())
        return;
    if (m_file.write(m_buffer) != m_buffer.size() || !m_file.flush()) {
        const QString message = QStringLiteral("%1: the trace stopped: %2")
                                        .arg(m_file.fileName(), m_file.errorString());
        m_buffer.clear();
        m_file.close();
        emit failed(message);
        return;
    }
    m_buffer.clear();
}

} // namespace sb
