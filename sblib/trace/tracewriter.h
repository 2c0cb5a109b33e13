// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "scuttlebutt.h"
#include "tracerecord.h"
#include "wiretap.h"

#include <QFile>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <vector>

namespace sb {

class Stream;

// Records a session as a trace file (.sbtrace, JSON lines): a header, then
// every update the replica held when recording began, then every line that
// crosses the wire of each stream it watches, with its time, peer,
// direction, kind and outcome, and the line exactly as it was. TraceReader
// reads it back and TraceReplay rebuilds the replica from it elsewhere.
// Writes are buffered and go to the file in chunks; a write that fails stops
// the recording (failed()) and leaves what was written readable. The held
// updates are written kSliceMs of work at a time, so that starting to record
// a million keys does not hold up the event loop; lines crossing the wire
// meanwhile wait and follow them. A held update replaced before its turn is
// left out: the line that replaced it is in the trace.
//
// Format, one JSON object a line:
//   {"sbtrace":1,"tool":"sbpeer 0.1.0","id":"A","type":"model","dialect":"5","started":1764...}
//   {"held":"[[\"k\",1],1764...,\"A\"]"}
//   {"t":12.5,"peer":"peer
//   127.0.0.1:7000","dir":"in","kind":"history","outcome":"applied","line":"..."}
// "reason" is added where an update was rejected, unverified or refused, and
// a line that is not UTF-8 is kept as base64 in "line64" instead of "line".
class TraceWriter : public QObject, private WireTap
{
    Q_OBJECT

public:
    explicit TraceWriter(QObject *parent = nullptr);
    ~TraceWriter() override;

    static constexpr int kSliceMs = 8;

    // Creates fileName (replacing it) and writes the header, then, over the
    // next turns of the event loop, what replica holds now (heldWritten()
    // once done); fails with why it could not. replica must outlive the writing.
    Result<void> start(const QString &fileName, const Scuttlebutt &replica, const QString &tool,
                       const QString &dialect);
    // Records stream's lines until it or this writer goes.
    void watch(Stream *stream);
    // Stops watching, writes what is buffered and closes the file.
    void stop();

    bool isRecording() const { return m_file.isOpen(); }
    bool isWritingHeld() const { return m_heldNext < m_heldRefs.size(); }
    QString fileName() const { return m_file.fileName(); }
    qint64 linesWritten() const { return m_lines; }

signals:
    void heldWritten();
    void failed(const QString &message);

private:
    void onWireLine(const Stream &stream, const WireLine &line) override;
    void writeBuffered(bool always);
    // Writes held updates until the slice's time is up (or all, with -1).
    void writeHeld(qint64 budgetNs);

    QFile m_file;
    QByteArray m_buffer;
    qint64 m_startNs = 0;
    qint64 m_lines = 0;
    QList<QPointer<Stream>> m_streams;
    QHash<const Stream *, QByteArray> m_peerFields; // ,"peer":"NAME" of each stream
    QTimer m_flushTimer; // a quiet session's lines reach the file soon too
    QPointer<const Scuttlebutt> m_heldReplica;
    std::vector<Scuttlebutt::HistoryRef> m_heldRefs;
    size_t m_heldNext = 0;
    QByteArray m_waitingLines; // wire lines that came while held ones were written
    QTimer m_heldTimer;
};

} // namespace sb
