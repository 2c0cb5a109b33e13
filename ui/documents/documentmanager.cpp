// SPDX-License-Identifier: MIT
#include "documentmanager.h"

#include "appsettings.h"
#include "dialect.h"
#include "digest.h"
#include "model.h"
#include "replicadocument.h"
#include "replicafile.h"
#include "replicasnapshotwriter.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

using namespace sb;

namespace {
ReplicaFileOptions fileOptions(DocumentManager::Access access)
{
    ReplicaFileOptions options;
    if (access != DocumentManager::Access::ReadWrite)
        options.access = ReplicaFileOptions::Access::ReadOnly;
    if (access == DocumentManager::Access::Salvage)
        options.recovery = ReplicaFileOptions::Recovery::Salvage;
    options.durability = AppSettings::durability();
    options.dialect = Dialect::Choice::Auto; // a file node wrote in 4.x stays 4.x
    return options;
}

QString absolute(const QString &fileName)
{
    return QFileInfo(fileName).absoluteFilePath();
}

QString nameOf(const QString &fileName)
{
    return QFileInfo(fileName).fileName();
}
} // namespace

DocumentManager::DocumentManager(ReplicaSession *session, QObject *parent)
    : QObject(parent), m_session(session)
{
    qRegisterMetaType<ReplicaFileError>();
}

DocumentManager::~DocumentManager()
{
    stopRecording();
}

QString DocumentManager::defaultFileName()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
            + QStringLiteral("/default.sbreplica");
}

QString DocumentManager::fileFilter()
{
    return tr("Replica files (*.sbreplica *.jsonl *.log);;All files (*)");
}

bool DocumentManager::isCurrentFile(const QString &fileName) const
{
    const ReplicaDocument *current = m_session->document();
    return current && current->isFile() && absolute(current->fileName()) == absolute(fileName);
}

bool DocumentManager::isShowingDefault() const
{
    return isCurrentFile(defaultFileName());
}

void DocumentManager::openDefault()
{
    if (isShowingDefault())
        return;
    const QString fileName = defaultFileName();
    QDir().mkpath(QFileInfo(fileName).absolutePath());
    ReplicaFileOptions options = fileOptions(Access::ReadWrite);
    // Created with the id the default replica had before it was kept in a file;
    // from then on the file holds the id.
    if (!QFileInfo::exists(fileName))
        options.id = AppSettings::replicaId();
    cancel();
    if (refuseWhileBusy())
        return;
    m_loadingDefault = true;
    load(ReplicaDocument::forFile(fileName, options, this), Access::ReadWrite,
         ReplicaSession::Peers::Drop);
}

void DocumentManager::newInMemory(const QString &type)
{
    cancel();
    if (refuseWhileBusy())
        return;
    m_session->newReplica(type);
    emit opened(m_session->document());
}

void DocumentManager::open(const QString &fileName, Access access)
{
    const ReplicaDocument *current = m_session->document();
    if (access == Access::ReadWrite && isCurrentFile(fileName) && !current->isReadOnly()) {
        emit message(Severity::Info, tr("%1 is already open").arg(fileName));
        return;
    }
    cancel();
    if (refuseWhileBusy())
        return;
    m_loadingDefault = absolute(fileName) == absolute(defaultFileName());
    load(ReplicaDocument::forFile(fileName, fileOptions(access), this), access,
         ReplicaSession::Peers::Drop);
}

void DocumentManager::openWithId(const QString &fileName, const QString &id, const QString &type)
{
    cancel();
    if (refuseWhileBusy())
        return;
    ReplicaFileOptions options = fileOptions(Access::ReadWrite);
    options.id = id;
    if (!QFileInfo::exists(fileName))
        options.type = type;
    m_loadingDefault = false;
    load(ReplicaDocument::forFile(fileName, options, this), Access::ReadWrite,
         ReplicaSession::Peers::Drop);
}

void DocumentManager::load(ReplicaDocument *document, Access access, ReplicaSession::Peers peers)
{
    m_loading = document;
    m_loadingAccess = access;
    m_loadingPeers = peers;
    connect(document, &ReplicaDocument::loadProgress, this, &DocumentManager::progress);
    connect(document, &ReplicaDocument::message, this, &DocumentManager::message);
    connect(document, &ReplicaDocument::loaded, this, &DocumentManager::onLoaded);
    connect(document, &ReplicaDocument::failed, this, [this, document](const ReplicaFileError &e) {
        document->disconnect(this);
        document->deleteLater();
        m_loading = nullptr;
        stopRecording();
        setBusy({});
        emit openFailed(e, m_loadingAccess);
        if (!m_session->replica()) {
            // Not even the default replica: go on in memory rather than with nothing.
            m_session->newReplica(Model::kTypeName);
            emit message(Severity::Warning,
                         tr("Working on a new replica in memory: %1 could not be "
                            "opened. Save As… keeps it in a file.")
                                 .arg(e.fileName));
        }
    });
    setBusy(tr("Loading %1…").arg(nameOf(document->fileName())));
    document->open();
}

void DocumentManager::onLoaded()
{
    ReplicaDocument *document = m_loading;
    m_loading = nullptr;
    document->disconnect(this);
    // Whatever the replica we copied applied while the copy was written.
    for (const Update &update : std::as_const(m_sinceCopy))
        document->replica()->receive(update);
    stopRecording();
    m_session->setDocument(document, m_loadingPeers);
    if (!m_loadingDefault)
        AppSettings::rememberFile(document->fileName());
    setBusy({});
    emit message(Severity::Info,
                 tr("Opened %1%2: %3 %4, %5 updates")
                         .arg(document->fileName(),
                              document->isReadOnly() ? tr(" read-only") : QString(),
                              document->replica()->typeName(), document->replica()->id())
                         .arg(document->replica()->updateCount()));
    emit opened(document);
}

void DocumentManager::cancel()
{
    if (!m_loading)
        return;
    ReplicaDocument *document = m_loading;
    m_loading = nullptr;
    document->disconnect(this);
    connect(document, &ReplicaDocument::closed, document, &QObject::deleteLater);
    document->close();
    stopRecording();
    setBusy({});
}

void DocumentManager::closeCurrent()
{
    openDefault();
}

void DocumentManager::saveAs(const QString &fileName)
{
    ReplicaDocument *current = m_session->document();
    if (!current || refuseWhileBusy())
        return;
    if (isCurrentFile(fileName)) {
        emit saveFailed({fileName, 0, tr("this is the file the replica is kept in")});
        return;
    }
    recordUpdatesSinceCopy();
    setBusy(tr("Saving a copy to %1…").arg(nameOf(fileName)));
    if (current->isFile())
        copyFromFile(fileName);
    else
        copyFromMemory(fileName);
}

void DocumentManager::copyFromFile(const QString &fileName)
{
    ReplicaFile *file = m_session->document()->file();
    const QString id = file->replica()->id();
    // Connections through a context object of their own end with the copy.
    auto *copy = new QObject(this);
    m_copier = copy;
    connect(file, &ReplicaFile::copySaved, copy, [this, fileName, id](const QString &saved) {
        if (saved == fileName)
            finishSaving(fileName, {}, id);
    });
    connect(file, &ReplicaFile::errorOccurred, copy,
            [this, fileName, id](const ReplicaFileError &error) {
                if (error.fileName == fileName)
                    finishSaving(fileName, error.reason, id);
            });
    file->saveCopy(fileName);
}

void DocumentManager::copyFromMemory(const QString &fileName)
{
    // No ReplicaFile holds a replica made in memory: write the file as its
    // snapshot would be written, then open it.
    const Scuttlebutt *replica = m_session->replica();
    JsonObject meta;
    meta.insert(QStringLiteral("type"), JsonValue(replica->typeName()));
    const Digest digest{replica->id(), replica->clock(), JsonValue(std::move(meta))};
    auto *writer = new ReplicaSnapshotWriter(fileName, digest, replica, Dialect::v5(), this);
    m_copier = writer;
    connect(writer, &ReplicaSnapshotWriter::progress, this, &DocumentManager::progress);
    connect(writer, &ReplicaSnapshotWriter::finished, this,
            [this, fileName, id = replica->id()](const QString &error) {
                finishSaving(fileName, error, id);
            });
    writer->start();
}

void DocumentManager::finishSaving(const QString &fileName, const QString &error, const QString &id)
{
    if (m_copier)
        m_copier->deleteLater();
    m_copier = nullptr;
    if (!error.isEmpty()) {
        stopRecording();
        setBusy({});
        emit saveFailed({fileName, 0, error});
        return;
    }
    emit message(Severity::Info, tr("Saved a copy to %1").arg(fileName));
    ReplicaFileOptions options = fileOptions(Access::ReadWrite);
    options.id = id; // the copy of this replica, not some other file
    m_loadingDefault = absolute(fileName) == absolute(defaultFileName());
    load(ReplicaDocument::forFile(fileName, options, this), Access::ReadWrite,
         m_sinceCopy.isEmpty() && !m_recording ? ReplicaSession::Peers::Drop
                                               : ReplicaSession::Peers::Redial);
}

void DocumentManager::saveRepairedCopy(const QString &damagedFile, const QString &copy)
{
    cancel();
    if (refuseWhileBusy())
        return;
    if (absolute(damagedFile) == absolute(copy) || isCurrentFile(copy)) {
        emit saveFailed({copy, 0,
                         tr("choose another file: the damaged file is never "
                            "written, and the open replica's file is in use")});
        return;
    }
    auto *salvage = ReplicaDocument::forFile(damagedFile, fileOptions(Access::Salvage), this);
    m_copier = salvage;
    connect(salvage, &ReplicaDocument::loadProgress, this, &DocumentManager::progress);
    connect(salvage, &ReplicaDocument::message, this, &DocumentManager::message);
    connect(salvage, &ReplicaDocument::failed, this, [this, salvage](const ReplicaFileError &e) {
        salvage->deleteLater();
        m_copier = nullptr;
        setBusy({});
        emit saveFailed(e);
    });
    connect(salvage, &ReplicaDocument::loaded, this, [this, salvage, copy] {
        setBusy(tr("Saving a repaired copy to %1…").arg(nameOf(copy)));
        ReplicaFile *file = salvage->file();
        connect(file, &ReplicaFile::copySaved, this, [this, copy](const QString &saved) {
            if (saved == copy)
                finishSaving(copy, {}, {});
        });
        connect(file, &ReplicaFile::errorOccurred, this,
                [this, copy](const ReplicaFileError &error) {
                    if (error.fileName == copy)
                        finishSaving(copy, error.reason, {});
                });
        file->saveCopy(copy);
    });
    setBusy(tr("Reading what can be read in %1…").arg(nameOf(damagedFile)));
    salvage->open();
}

void DocumentManager::recordUpdatesSinceCopy()
{
    stopRecording();
    m_recording = connect(m_session->replica(), &Scuttlebutt::updateApplied, this,
                          [this](const Update &update) { m_sinceCopy.append(update); });
}

void DocumentManager::stopRecording()
{
    disconnect(m_recording);
    m_recording = {};
    m_sinceCopy.clear();
}

bool DocumentManager::refuseWhileBusy()
{
    if (!m_copier)
        return false;
    emit message(Severity::Warning, tr("%1 Try again once it is done.").arg(m_busyText));
    return true;
}

void DocumentManager::setBusy(const QString &text)
{
    if (text == m_busyText)
        return;
    m_busyText = text;
    emit busyChanged();
}
