// SPDX-License-Identifier: MIT
#pragma once

#include "digest.h"
#include "linereader.h"
#include "replicafileerror.h"
#include "replicafileoptions.h"
#include "replicafilereport.h"
#include "result.h"
#include "stringinterner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>

#include <memory>
#include <optional>

namespace sb {

struct DecodedLine;

class Scuttlebutt;

// Reads a replica file (digest, history, "SYNC", journal; each line as the
// wire has it, 5.x or 4.x updates detected line by line) into a new replica,
// in slices so that the event loop keeps running, reporting progress. A last
// line cut short by a crash is dropped and reported; any other bad line stops
// the load with its line number and reason, or is skipped when salvaging.
// Nothing is ever written.
class ReplicaFileReader : public QObject
{
    Q_OBJECT

public:
    ReplicaFileReader(const QString &fileName, const ReplicaFileOptions &options,
                      QObject *parent = nullptr);
    ~ReplicaFileReader() override;

    // Begins reading; finished() follows, also for a file that is absent
    // (report().created) or cannot be read (error()).
    void start();

    bool isFinished() const { return m_finished; }
    const std::optional<ReplicaFileError> &error() const { return m_error; }
    const ReplicaFileReport &report() const { return m_report; }
    // The digest the file starts with (for a legacy or new file, only its id).
    const Digest &digest() const { return m_digest; }
    // The replica read, unparented; null after an error.
    std::unique_ptr<Scuttlebutt> takeReplica();

signals:
    void progress(qint64 bytesRead, qint64 bytesTotal);
    void finished();

private:
    void readSlice();
    void scheduleSlice();
    bool handleCompleteLine(QByteArrayView line);
    bool handleLastLine(QByteArrayView line);
    // Rejects the line held back as perhaps torn, now that another follows it.
    bool rejectUnparsedLine();
    // handleMessage(), counting the line as valid when it is taken.
    bool takeMessage(const DecodedLine &decoded, QByteArrayView line);
    bool handleMessage(const DecodedLine &decoded, QByteArrayView line);
    bool handleHeader(const DecodedLine &decoded, QByteArrayView line);
    bool handleUpdate(const Update &update, const Dialect &dialect);
    Result<void> createReplica(const QString &id, const JsonValue &meta);
    // The replica of the options' type and id, for a file without a usable
    // header; should the options name no known type, the load fails so.
    void createDefaultReplica();
    bool reject(qint64 line, const QString &reason);
    void endOfFile();
    void finish();

    QString m_fileName;
    ReplicaFileOptions m_options;
    QFile m_file;
    LineReader m_reader;
    QElapsedTimer m_sliceTimer;
    bool m_started = false;
    bool m_finished = false;

    qint64 m_lineNumber = 0;
    qint64 m_offset = 0;   // bytes of the file consumed as whole lines
    qint64 m_syncEnd = -1; // offset just after the "SYNC" line
    qint64 m_headerEnd = -1;
    // A line that did not parse: a torn last line if nothing follows it.
    std::optional<ReplicaFileError> m_unparsed;

    Digest m_digest;
    StringInterner m_sources; // the few source ids, each held once
    std::unique_ptr<Scuttlebutt> m_replica;
    ReplicaFileReport m_report;
    std::optional<ReplicaFileError> m_error;
};

} // namespace sb
