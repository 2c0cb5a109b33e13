// SPDX-License-Identifier: MIT
#include "tracerecording.h"

#include "format.h"
#include "peerconnection.h"
#include "replicasession.h"
#include "stream.h"
#include "tracewriter.h"

#include <QFileInfo>

TraceRecording::TraceRecording(ReplicaSession *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    connect(session, &ReplicaSession::streamStarted, this, [this](sb::Stream *stream) {
        if (m_writer)
            m_writer->watch(stream);
    });
    connect(session, &ReplicaSession::replicaAboutToChange, this, [this] {
        if (isRecording())
            finish(Severity::Info, tr("the replica was replaced"));
    });
}

TraceRecording::~TraceRecording()
{
    if (m_writer)
        m_writer->stop();
}

std::optional<QString> TraceRecording::start(const QString &fileName)
{
    if (!m_session->replica())
        return tr("there is no replica to record");
    stop();
    auto *writer = new sb::TraceWriter(this);
    const auto started = writer->start(fileName, *m_session->replica(),
                                       QStringLiteral("scuttlescope " SCUTTLESCOPE_VERSION),
                                       QStringLiteral("auto"));
    if (!started) {
        delete writer;
        return started.errorMessage();
    }
    m_writer = writer;
    for (PeerConnection *peer : m_session->peers()) {
        if (peer->stream())
            m_writer->watch(peer->stream());
    }
    connect(m_writer, &sb::TraceWriter::failed, this,
            [this](const QString &text) { finish(Severity::Error, text); });
    emit message(Severity::Info, tr("Recording a trace to %1").arg(fileName));
    emit recordingChanged(true);
    return std::nullopt;
}

void TraceRecording::stop()
{
    if (m_writer)
        finish(Severity::Info, {});
}

void TraceRecording::finish(Severity severity, const QString &why)
{
    sb::TraceWriter *writer = std::exchange(m_writer, nullptr);
    writer->stop();
    const QString summary = tr("Trace %1: %2 lines recorded")
                                    .arg(writer->fileName(), Format::count(writer->linesWritten()));
    emit message(severity,
                 why.isEmpty() ? summary : tr("%1; recording stopped: %2").arg(summary, why));
    writer->deleteLater();
    emit recordingChanged(false);
}

bool TraceRecording::isRecording() const
{
    return m_writer != nullptr;
}

QString TraceRecording::fileName() const
{
    return m_writer ? m_writer->fileName() : QString();
}

qint64 TraceRecording::linesWritten() const
{
    return m_writer ? m_writer->linesWritten() : 0;
}
