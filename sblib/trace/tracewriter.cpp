// SPDX-License-Identifier: MIT
#include "tracewriter.h"

#include "dialect.h"
#include "jsoncodec.h"
#include "scuttlebutt.h"
#include "stream.h"

#include <QDateTime>
#include <QElapsedTimer>

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
    m_heldTimer.setSingleShot(true);
    connect(&m_heldTimer, &QTimer::timeout, this, [this] { writeHeld(kSliceMs * 1'000'000LL); });
}

TraceWriter::~TraceWriter()
{
    stop();
}

Result<void> TraceWriter::start(const QString &fileName, const Scuttlebutt &replica,
                                const QString &tool, const QString &dialect)
{
    stop();
    m_file.setFileName(fileName);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return Error{QStringLiteral("%1: cannot write the trace: %2")
                             .arg(fileName, m_file.errorString())};
    m_startNs = WireLine::now();
    m_lines = 0;
    JsonObject header;
    header.insert(QStringLiteral("sbtrace"), JsonValue(double(TraceHeader::kVersion)));
    header.insert(QStringLiteral("tool"), JsonValue(tool));
    header.insert(QStringLiteral("id"), JsonValue(replica.id()));
    header.insert(QStringLiteral("type"), JsonValue(replica.typeName()));
    header.insert(QStringLiteral("dialect"), JsonValue(dialect));
    header.insert(QStringLiteral("started"),
                  JsonValue(double(QDateTime::currentMSecsSinceEpoch())));
    JsonCodec::append(m_buffer, JsonValue(std::move(header)));
    m_buffer += '\n';
    writeBuffered(true);
    if (!m_file.isOpen())
        return Error{QStringLiteral("%1: cannot write the trace").arg(fileName)};
    m_heldReplica = &replica;
    m_heldRefs = replica.historyRefs(Clock());
    m_heldNext = 0;
    m_heldTimer.start(0);
    return {};
}

void TraceWriter::writeHeld(qint64 budgetNs)
{
    if (!isWritingHeld() && !m_heldReplica)
        return; // written, or stopped
    if (!m_heldReplica) {
        const QString message
                = QStringLiteral("%1: the trace stopped: the replica closed before what it held "
                                 "was written")
                          .arg(m_file.fileName());
        stop();
        emit failed(message);
        return;
    }
    QElapsedTimer clock;
    clock.start();
    QByteArray line;
    while (m_heldNext < m_heldRefs.size() && m_file.isOpen()) {
        // The clock is read every few hundred lines: reading it costs more
        // than writing a line.
        if (budgetNs >= 0 && (m_heldNext & 255) == 0 && clock.nsecsElapsed() > budgetNs) {
            m_heldTimer.start(0);
            return;
        }
        const Scuttlebutt::HistoryRef &ref = m_heldRefs[m_heldNext++];
        line.clear();
        if (!m_heldReplica->appendHistoryLine(ref, Dialect::v5(), line))
            continue; // replaced since: the line that replaced it is recorded
        line.chop(1);
        m_buffer += "{\"held\":";
        JsonCodec::appendString(m_buffer, QString::fromUtf8(line));
        m_buffer += "}\n";
        ++m_lines;
        writeBuffered(false);
    }
    m_heldRefs = {};
    m_heldNext = 0;
    m_heldReplica = nullptr;
    if (!m_file.isOpen()) { // a write failed: failed() told why
        m_waitingLines = {};
        return;
    }
    m_buffer += m_waitingLines;
    m_waitingLines = {};
    writeBuffered(true);
    if (m_file.isOpen())
        emit heldWritten();
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
    m_heldTimer.stop();
    if (m_heldReplica)
        writeHeld(-1);
    m_heldRefs = {};
    m_heldNext = 0;
    m_waitingLines.clear();
    if (!m_file.isOpen())
        return;
    writeBuffered(true);
    m_file.close();
}

void TraceWriter::onWireLine(const Stream &stream, const WireLine &line)
{
    if (!m_file.isOpen())
        return;
    QByteArray &out = isWritingHeld() ? m_waitingLines : m_buffer;
    out += "{\"t\":";
    JsonCodec::appendNumber(out, double(line.nanoseconds - m_startNs) / 1e6);
    out += m_peerFields.value(&stream);
    appendField(out, "dir", WireLine::directionName(line.direction));
    appendField(out, "kind", WireLine::kindName(line.kind));
    if (line.outcome != WireLine::Outcome::None)
        appendField(out, "outcome", WireLine::outcomeName(line.outcome));
    if (!line.reason.isEmpty())
        appendField(out, "reason", line.reason);
    appendLine(out, line.bytes);
    out += "}\n";
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
