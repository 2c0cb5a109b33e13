// SPDX-License-Identifier: MIT
#include "replicafilereader.h"

#include "dialect.h"
#include "linedecoder.h"
#include "model.h"
#include "replicatypes.h"

#include <QTimer>

namespace sb {

namespace {
constexpr qint64 kReadChunk = 256 * 1024;
constexpr int kSliceMs = 15; // then let the event loop breathe
constexpr int kLinesBetweenChecks = 256;
constexpr int kMaxDepth = 1 << 20; // our own file: values may nest deeper than a peer may send

QString excerpt(QByteArrayView line)
{
    constexpr qsizetype kMax = 60;
    QString text = QString::fromUtf8(line.first(qMin(line.size(), kMax)).toByteArray());
    return line.size() > kMax ? text + QStringLiteral("...") : text;
}

// The type the digest's meta names, empty when it names none.
QString typeNamed(const JsonValue &meta)
{
    if (!meta.isObject())
        return {};
    const JsonValue type = meta.toObject().value(u"type");
    return type.isString() ? type.toString() : QString();
}
} // namespace

ReplicaFileReader::ReplicaFileReader(const QString &fileName, const ReplicaFileOptions &options,
                                     QObject *parent)
    : QObject(parent), m_fileName(fileName), m_options(options), m_file(fileName),
      m_reader(options.maxLineLength)
{ }

ReplicaFileReader::~ReplicaFileReader() = default;

std::unique_ptr<Scuttlebutt> ReplicaFileReader::takeReplica()
{
    return m_error ? nullptr : std::move(m_replica);
}

void ReplicaFileReader::start()
{
    if (m_started)
        return;
    m_started = true;
    if (!m_file.exists()) {
        m_report.created = true;
        createDefaultReplica();
        QTimer::singleShot(0, this, &ReplicaFileReader::finish);
        return;
    }
    // Unbuffered: we read in large chunks, and a buffer of its own would copy each.
    if (!m_file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        m_error = ReplicaFileError{m_fileName, 0,
                                   QStringLiteral("cannot read: %1").arg(m_file.errorString())};
        QTimer::singleShot(0, this, &ReplicaFileReader::finish);
        return;
    }
    m_report.fileSize = m_file.size();
    scheduleSlice();
}

void ReplicaFileReader::scheduleSlice()
{
    QTimer::singleShot(0, this, &ReplicaFileReader::readSlice);
}

void ReplicaFileReader::readSlice()
{
    m_sliceTimer.start();
    int sinceCheck = 0;
    for (;;) {
        while (const auto line = m_reader.nextLine()) {
            ++m_lineNumber;
            m_offset += line->size() + 1;
            if (!handleCompleteLine(*line))
                return finish();
            if (++sinceCheck >= kLinesBetweenChecks) {
                sinceCheck = 0;
                if (m_sliceTimer.elapsed() >= kSliceMs) {
                    emit progress(m_offset, m_report.fileSize);
                    return scheduleSlice();
                }
            }
        }
        const bool atEnd = m_file.atEnd();
        if (m_reader.overLong() && !atEnd) {
            m_error = ReplicaFileError{m_fileName, m_lineNumber + 1,
                                       QStringLiteral("the line is longer than %1 bytes")
                                               .arg(m_reader.maxLineLength())};
            return finish();
        }
        if (atEnd)
            return endOfFile();
        // QIODevice::read() allocates all it is asked for: a small file is
        // read without a 256 KiB buffer.
        const QByteArray chunk
                = m_file.read(qBound<qint64>(4096, m_file.bytesAvailable(), kReadChunk));
        if (chunk.isEmpty()) {
            if (m_file.error() != QFileDevice::NoError) {
                m_error = ReplicaFileError{
                        m_fileName, m_lineNumber + 1,
                        QStringLiteral("cannot read: %1").arg(m_file.errorString())};
                return finish();
            }
            return endOfFile();
        }
        m_reader.append(chunk);
        if (m_sliceTimer.elapsed() >= kSliceMs) {
            emit progress(m_offset, m_report.fileSize);
            return scheduleSlice();
        }
    }
}

bool ReplicaFileReader::handleCompleteLine(QByteArrayView line)
{
    if (!rejectUnparsedLine())
        return false;
    DecodedLine decoded = LineDecoder(kMaxDepth, &m_sources).decode(line);
    if (decoded.kind == DecodedLine::Kind::Invalid) {
        if (!m_replica)
            return reject(m_lineNumber,
                          QStringLiteral("not a replica file: %1").arg(decoded.error));
        m_unparsed = ReplicaFileError{m_fileName, m_lineNumber, decoded.error};
        return true;
    }
    return takeMessage(decoded, line);
}

bool ReplicaFileReader::handleLastLine(QByteArrayView line)
{
    ++m_lineNumber;
    m_offset = m_report.fileSize;
    if (!rejectUnparsedLine())
        return false;
    DecodedLine decoded = LineDecoder(kMaxDepth, &m_sources).decode(line);
    if (decoded.kind == DecodedLine::Kind::Invalid) {
        if (!m_replica)
            return reject(m_lineNumber,
                          QStringLiteral("not a replica file: %1").arg(decoded.error));
        m_report.tornLine = ReplicaFileError{
                m_fileName, m_lineNumber,
                QStringLiteral("the last line is cut short (no newline, %1 bytes), as a crash "
                               "while writing leaves it; it was dropped")
                        .arg(line.size())};
        return true;
    }
    // A whole message without its newline: node parses it at the end too.
    if (!takeMessage(decoded, line))
        return false;
    m_report.lastLineUnterminated = true;
    return true;
}

bool ReplicaFileReader::rejectUnparsedLine()
{
    if (!m_unparsed)
        return true;
    // Something follows the line that did not parse: it was not torn.
    const ReplicaFileError bad = *std::exchange(m_unparsed, std::nullopt);
    return reject(bad.line, bad.reason);
}

bool ReplicaFileReader::takeMessage(const DecodedLine &decoded, QByteArrayView line)
{
    if (!handleMessage(decoded, line))
        return false;
    m_report.validSize = m_offset;
    ++m_report.lines;
    return true;
}

bool ReplicaFileReader::handleMessage(const DecodedLine &decoded, QByteArrayView line)
{
    if (!m_replica)
        return handleHeader(decoded, line);
    switch (decoded.kind) {
    case DecodedLine::Kind::Update:
        return handleUpdate(decoded.update, *decoded.dialect);
    case DecodedLine::Kind::BadUpdate:
        return reject(m_lineNumber, decoded.error);
    case DecodedLine::Kind::Sync:
        if (m_report.hasSync)
            return reject(m_lineNumber, QStringLiteral("\"SYNC\" appears a second time"));
        m_report.hasSync = true;
        m_syncEnd = m_offset;
        return true;
    case DecodedLine::Kind::Digest:
        return reject(m_lineNumber, QStringLiteral("a second digest: a file holds one replica"));
    case DecodedLine::Kind::Other:
    case DecodedLine::Kind::Invalid:
        break;
    }
    return reject(m_lineNumber,
                  QStringLiteral("expected an update or \"SYNC\", got %1").arg(excerpt(line)));
}

bool ReplicaFileReader::handleHeader(const DecodedLine &decoded, QByteArrayView line)
{
    Result<void> created;
    const JsonValue &message = decoded.message;
    if (decoded.kind == DecodedLine::Kind::Digest) {
        auto digest = Digest::fromJson(message.toObject());
        if (!digest)
            return reject(m_lineNumber,
                          QStringLiteral("not a replica file: %1").arg(digest.errorMessage()));
        m_digest = std::move(digest).value();
        m_report.hasDigest = true;
        m_report.digestHasId = !m_digest.id.isEmpty();
        created = createReplica(m_digest.id, m_digest.meta);
    } else if (decoded.kind == DecodedLine::Kind::Other && message.isString()) {
        m_report.legacyHeader = true;
        created = createReplica(message.toString(), {});
    } else {
        return reject(m_lineNumber,
                      QStringLiteral("not a replica file: expected the digest "
                                     "{\"id\",\"clock\"} first, got %1")
                              .arg(excerpt(line)));
    }
    if (!created)
        return reject(m_lineNumber, created.errorMessage());
    m_headerEnd = m_offset;
    return true;
}

bool ReplicaFileReader::handleUpdate(const Update &update, const Dialect &dialect)
{
    if (const auto validated = m_replica->validate(update); !validated)
        return reject(m_lineNumber, validated.errorMessage());
    if (!m_report.updateDialects.contains(&dialect))
        m_report.updateDialects.append(&dialect);
    m_replica->receive(update);
    ++m_report.updates;
    if (m_report.hasSync)
        ++m_report.tailLines;
    return true;
}

Result<void> ReplicaFileReader::createReplica(const QString &id, const JsonValue &meta)
{
    const QString recorded = typeNamed(meta);
    m_report.typeRecorded = !recorded.isEmpty();
    if (!recorded.isEmpty() && !ReplicaTypes::find(recorded))
        return Error{QStringLiteral("the file holds %1 replica, a type this program does not "
                                    "know (it knows %2)")
                             .arg(ReplicaTypes::withArticle(recorded), ReplicaTypes::namesText())};
    if (!m_options.type.isEmpty() && !recorded.isEmpty() && m_options.type != recorded)
        return Error{QStringLiteral("the file holds %1 replica, not %2 one")
                             .arg(ReplicaTypes::withArticle(recorded),
                                  ReplicaTypes::withArticle(m_options.type))};
    if (!id.isEmpty() && !m_options.id.isEmpty() && id != m_options.id)
        return Error{QStringLiteral("the file holds replica %1, not %2").arg(id, m_options.id)};
    if (!id.isEmpty()) {
        if (const auto idCheck = Update::checkSource(id); !idCheck)
            return Error{
                    QStringLiteral("the replica id is refused: %1").arg(idCheck.errorMessage())};
    }
    const QString type = !m_options.type.isEmpty() ? m_options.type
            : !recorded.isEmpty()                  ? recorded
                                                   : QString(Model::kTypeName);
    m_replica = ReplicaTypes::create(type, id.isEmpty() ? m_options.id : id);
    if (!m_replica)
        return Error{QStringLiteral("no replica type is named \"%1\" (there are %2)")
                             .arg(type, ReplicaTypes::namesText())};
    m_digest.id = m_replica->id();
    return {};
}

void ReplicaFileReader::createDefaultReplica()
{
    // Only a caller's mistake makes this fail (every front end checks the
    // type it is given); the load then fails with the reason, rather than
    // finishing without a replica.
    if (const auto created = createReplica({}, {}); !created)
        m_error = ReplicaFileError{m_fileName, 0, created.errorMessage()};
}

bool ReplicaFileReader::reject(qint64 line, const QString &reason)
{
    ReplicaFileError error{m_fileName, line, reason};
    if (m_options.recovery != ReplicaFileOptions::Recovery::Salvage) {
        m_error = std::move(error);
        return false;
    }
    m_report.skippedLines.append(std::move(error));
    if (!m_replica)
        createDefaultReplica();
    return true;
}

void ReplicaFileReader::endOfFile()
{
    const QByteArray rest = m_reader.remainder().toByteArray();
    m_reader.clear();
    if (!rest.isEmpty()) {
        if (!handleLastLine(rest))
            return finish();
    } else if (m_unparsed) {
        // A whole line that does not parse, and nothing after it: a write cut
        // short (a block of zeros after a power loss ends like this).
        m_report.tornLine = ReplicaFileError{
                m_fileName, m_unparsed->line,
                QStringLiteral("the last line is unreadable (%1), as a crash while writing "
                               "leaves it; it was dropped")
                        .arg(m_unparsed->reason)};
        m_unparsed.reset();
    }
    if (!m_replica) {
        m_report.created = true; // empty: nothing to lose
        createDefaultReplica();
    }
    if (m_report.hasSync) {
        m_report.tailBytes = m_report.validSize - m_syncEnd;
    } else {
        m_report.tailBytes = m_headerEnd < 0 ? 0 : m_report.validSize - m_headerEnd;
        m_report.tailLines = m_report.updates;
    }
    finish();
}

void ReplicaFileReader::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_file.close();
    if (m_error)
        m_replica.reset();
    emit progress(m_report.fileSize, m_report.fileSize);
    emit finished();
}

} // namespace sb
