// SPDX-License-Identifier: MIT
#include "traceplayer.h"

#include "format.h"
#include "replicadocument.h"
#include "replicasession.h"
#include "scuttlebutt.h"
#include "tracereader.h"
#include "tracereplay.h"
#include "wiremodel.h"

#include <QElapsedTimer>
#include <QFileInfo>

using sb::TraceRecord;

TracePlayer::TracePlayer(ReplicaSession *session, WireModel *wire, QObject *parent)
    : QObject(parent), m_session(session), m_wire(wire)
{
    m_slices.setInterval(0);
    // Another replica taking over ends a replay into the one it replaces.
    connect(session, &ReplicaSession::replicaAboutToChange, this, [this] {
        if (m_phase == Phase::Replaying)
            cancel();
    });
}

TracePlayer::~TracePlayer() = default;

void TracePlayer::open(const QString &fileName)
{
    cancel();
    m_fileName = fileName;
    if (!startReading())
        return;
    m_scratch = sb::TraceReplay::makeReplica(m_header);
    disconnect(&m_slices, nullptr, this, nullptr);
    connect(&m_slices, &QTimer::timeout, this, &TracePlayer::checkSlice);
    setPhase(Phase::Checking);
    m_slices.start();
}

bool TracePlayer::startReading()
{
    m_reader = std::make_unique<sb::TraceReader>(m_fileName);
    const auto header = m_reader->open();
    if (!header) {
        fail(header.errorMessage());
        return false;
    }
    m_header = header.value();
    return true;
}

void TracePlayer::checkSlice()
{
    QElapsedTimer slice;
    slice.start();
    while (slice.elapsed() < kSliceMs) {
        const auto record = m_reader->next();
        if (!record) {
            fail(record.errorMessage());
            return;
        }
        if (!record.value()) {
            startReplay();
            return;
        }
        if (const auto applied = sb::TraceReplay::apply(*m_scratch, *record.value()); !applied) {
            fail(tr("%1: line %2: %3")
                         .arg(m_fileName)
                         .arg(m_reader->lineNumber())
                         .arg(applied.errorMessage()));
            return;
        }
    }
    emit progress(m_reader->position() / 2, m_reader->size());
}

void TracePlayer::startReplay()
{
    m_scratch.reset();
    if (!startReading())
        return;
    // TraceReader opened only a trace of a registered type.
    m_document = ReplicaDocument::createReadOnly(
            m_header.type, m_header.id, tr("%1 (trace)").arg(QFileInfo(m_fileName).fileName()));
    m_session->setDocument(m_document);
    m_wire->clear();
    m_wireLines = 0;
    disconnect(&m_slices, nullptr, this, nullptr);
    connect(&m_slices, &QTimer::timeout, this, &TracePlayer::replaySlice);
    setPhase(Phase::Replaying);
    emit message(Severity::Info,
                 tr("Replaying trace %1, recorded by %2 for replica %3")
                         .arg(m_fileName, m_header.tool, m_header.id));
}

void TracePlayer::replaySlice()
{
    QElapsedTimer slice;
    slice.start();
    sb::Scuttlebutt *replica = m_document ? m_document->replica() : nullptr;
    if (!replica) { // closed under us (the window is closing)
        cancel();
        return;
    }
    while (slice.elapsed() < kSliceMs) {
        auto record = m_reader->next();
        // The check read the whole file: it changed underneath if this fails.
        if (!record) {
            fail(record.errorMessage());
            return;
        }
        if (!record.value()) {
            m_slices.stop();
            m_reader.reset();
            setPhase(Phase::Idle);
            emit message(Severity::Info,
                         tr("Replayed trace %1: %2 wire lines from %3 peers")
                                 .arg(m_fileName, Format::count(m_wireLines))
                                 .arg(m_wire->peers().size()));
            emit progress(1, 1);
            emit replayed(m_fileName);
            return;
        }
        TraceRecord &line = *record.value();
        // The check applied every line already; a refusal here (the file
        // changed since, or the shown replica's type refuses what the
        // check's took) leaves the update out, and its line still shows.
        static_cast<void>(sb::TraceReplay::apply(*replica, line));
        if (line.type != TraceRecord::Type::Wire)
            continue;
        WireEntry entry;
        entry.ms = line.ms;
        entry.peer = m_wire->peerIndex(line.peer);
        entry.direction = line.direction;
        entry.kind = line.kind;
        entry.outcome = line.outcome;
        entry.reason = std::move(line.reason);
        m_wire->append(std::move(entry), line.line);
        ++m_wireLines;
    }
    emit progress(m_reader->size() / 2 + m_reader->position() / 2, m_reader->size());
}

void TracePlayer::cancel()
{
    if (m_phase == Phase::Idle)
        return;
    m_slices.stop();
    m_reader.reset();
    m_scratch.reset();
    setPhase(Phase::Idle);
}

void TracePlayer::fail(const QString &reason)
{
    m_slices.stop();
    m_reader.reset();
    m_scratch.reset();
    setPhase(Phase::Idle);
    emit message(Severity::Error, tr("Cannot open the trace: %1").arg(reason));
    emit failed(m_fileName, reason);
}

void TracePlayer::setPhase(Phase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    emit phaseChanged(phase);
}
