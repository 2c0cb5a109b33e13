// SPDX-License-Identifier: MIT
#include "replicadocument.h"

#include "replicafile.h"
#include "replicatypes.h"

#include <QFileInfo>
#include <QTimer>

using namespace sb;

ReplicaDocument::ReplicaDocument(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<ReplicaFileError>();
}

ReplicaDocument::~ReplicaDocument() = default;

ReplicaDocument *ReplicaDocument::createInMemory(const QString &type, const QString &id,
                                                 QObject *parent)
{
    auto *document = new ReplicaDocument(parent);
    // Only types ReplicaTypes knows reach here (menus and files list them).
    document->m_memoryReplica = ReplicaTypes::create(type, id).release();
    Q_ASSERT(document->m_memoryReplica);
    document->m_memoryReplica->setParent(document);
    document->m_state = State::Ready;
    return document;
}

ReplicaDocument *ReplicaDocument::createReadOnly(const QString &type, const QString &id,
                                                 const QString &title, QObject *parent)
{
    ReplicaDocument *document = createInMemory(type, id, parent);
    document->m_title = title;
    document->m_readOnly = true;
    return document;
}

ReplicaDocument *ReplicaDocument::forFile(const QString &fileName,
                                          const ReplicaFileOptions &options, QObject *parent)
{
    auto *document = new ReplicaDocument(parent);
    document->m_file = new ReplicaFile(fileName, options, document);
    document->watchFile();
    return document;
}

void ReplicaDocument::watchFile()
{
    connect(m_file, &ReplicaFile::loadProgress, this, &ReplicaDocument::loadProgress);
    connect(m_file, &ReplicaFile::loaded, this, [this] {
        setState(State::Ready);
        const qsizetype skipped = skippedLineCount();
        if (skipped > 0) {
            emit message(Severity::Warning,
                         skipped == 1 ? tr("%1: 1 damaged line skipped while reading read-only; "
                                           "the file was not changed")
                                                .arg(fileName())
                                      : tr("%1: %n damaged lines skipped while reading read-only; "
                                           "the file was not changed",
                                           nullptr, int(skipped))
                                                .arg(fileName()));
            for (const ReplicaFileError &line : m_file->report().skippedLines)
                emit message(Severity::Warning, tr("skipped %1").arg(line.message()));
        }
        emit loaded();
    });
    connect(m_file, &ReplicaFile::failed, this, [this](const ReplicaFileError &error) {
        setState(State::Failed);
        emit failed(error);
    });
    connect(m_file, &ReplicaFile::tornLineDropped, this, [this](const ReplicaFileError &report) {
        emit message(Severity::Warning,
                     tr("%1 (the last line was cut short, most likely by a crash "
                        "while writing it: it was dropped, everything before it "
                        "was loaded)")
                             .arg(report.message()));
    });
    connect(m_file, &ReplicaFile::errorOccurred, this, [this](const ReplicaFileError &error) {
        // A failed saveCopy() is the caller's to report; it names another file.
        if (error.fileName != m_file->fileName())
            return;
        // Retries fail the same way until the disk has room again: said once.
        if (error.reason != m_writeError)
            emit message(Severity::Error, error.message());
        m_writeError = error.reason;
        emit storageChanged();
    });
    connect(m_file, &ReplicaFile::recovered, this, [this] {
        m_writeError.clear();
        emit message(Severity::Info,
                     tr("%1: writing works again; every update is saved").arg(fileName()));
        emit storageChanged();
    });
    connect(m_file, &ReplicaFile::stateChanged, this, &ReplicaDocument::storageChanged);
    connect(m_file, &ReplicaFile::compacted, this, &ReplicaDocument::storageChanged);
    connect(m_file, &ReplicaFile::closed, this, [this] { setState(State::Closed); });
}

void ReplicaDocument::open()
{
    if (m_file && m_state == State::Loading && m_file->state() == ReplicaFile::State::Closed)
        m_file->open();
}

void ReplicaDocument::close()
{
    if (m_state == State::Closing || m_state == State::Closed)
        return;
    if (!m_file || m_file->state() == ReplicaFile::State::Failed
        || m_file->state() == ReplicaFile::State::Closed) {
        setState(State::Closing);
        QTimer::singleShot(0, this, [this] { setState(State::Closed); });
        return;
    }
    setState(State::Closing);
    m_file->close();
}

void ReplicaDocument::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    if (state == State::Closed)
        emit closed();
}

Scuttlebutt *ReplicaDocument::replica() const
{
    return m_file ? m_file->replica() : m_memoryReplica.data();
}

bool ReplicaDocument::isReadOnly() const
{
    return m_file ? m_file->isReadOnly() : m_readOnly;
}

QString ReplicaDocument::fileName() const
{
    return m_file ? m_file->fileName() : QString();
}

QString ReplicaDocument::title() const
{
    if (m_file)
        return QFileInfo(m_file->fileName()).fileName();
    if (!m_title.isEmpty())
        return m_title;
    const Scuttlebutt *replica = m_memoryReplica;
    return tr("Untitled %1 (in memory)").arg(replica ? replica->typeName() : tr("replica"));
}

bool ReplicaDocument::isSaving() const
{
    return m_file && m_state == State::Ready && m_file->isWritable();
}

qsizetype ReplicaDocument::skippedLineCount() const
{
    return m_file ? m_file->report().skippedLines.size() : 0;
}
