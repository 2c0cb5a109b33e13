// SPDX-License-Identifier: MIT
#include "replicamenu.h"

#include "appsettings.h"
#include "doc.h"
#include "events.h"
#include "keymanagerdialog.h"
#include "keyring.h"
#include "lockicon.h"
#include "model.h"
#include "peerconnection.h"
#include "replicadocument.h"
#include "replicasession.h"
#include "signingcontroller.h"

#include <QActionGroup>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

using namespace sb;

namespace {
QString fileNameOf(const QString &path)
{
    return QFileInfo(path).fileName();
}
} // namespace

ReplicaMenu::ReplicaMenu(ReplicaSession *session, DocumentManager *documents, KeyRing *keyRing,
                         QWidget *window)
    : QMenu(tr("&Replica"), window), m_session(session), m_documents(documents), m_keyRing(keyRing),
      m_window(window), m_signing(new SigningController(session, documents, keyRing, window))
{
    createActions();
    connect(session, &ReplicaSession::peerAdded, this, [this](PeerConnection *peer) {
        connect(peer, &PeerConnection::message, this,
                [this, peer](Severity severity, const QString &text) {
                    offerDocFor(peer, severity, text);
                });
    });
    connect(documents, &DocumentManager::openFailed, this, &ReplicaMenu::showOpenFailure);
    connect(documents, &DocumentManager::saveFailed, this, [this](const ReplicaFileError &error) {
        showError(tr("Cannot Save Replica"),
                  tr("%1\n\nThe replica goes on as it was.").arg(error.message()));
    });
    connect(documents, &DocumentManager::busyChanged, this, &ReplicaMenu::updateActions);
    connect(session, &ReplicaSession::replicaChanged, this, &ReplicaMenu::updateActions);
    connect(m_signing, &SigningController::statusMessage, this, &ReplicaMenu::statusMessage);
    updateActions();
}

void ReplicaMenu::createActions()
{
    QAction *newModel = addAction(tr("New &Model (in memory)"), this,
                                  [this] { newReplica(Model::kTypeName); });
    newModel->setShortcut(QKeySequence::New);
    newModel->setStatusTip(tr("An empty key/value replica kept in memory only: Save "
                              "As… keeps it in a file"));
    addAction(tr("New &Events (in memory)"), this, [this] { newReplica(Events::kTypeName); })
            ->setStatusTip(tr("An empty event log kept in memory only: Save As… "
                              "keeps it in a file"));
    addAction(tr("New &Doc (in memory)"), this, [this] { newReplica(Doc::kTypeName); })
            ->setStatusTip(tr("An empty crdt Doc (rows whose fields merge one by one) "
                              "kept in memory only: Save As… keeps it in a file"));
    addSeparator();
    addAction(tr("&Open…"), QKeySequence::Open, this,
              [this] { openFile(DocumentManager::Access::ReadWrite); });
    addAction(tr("Open &Read-Only…"), this, [this] {
        openFile(DocumentManager::Access::ReadOnly);
    })->setStatusTip(tr("Inspect a replica file without ever writing to it"));
    m_recent = addMenu(tr("Open &Recent"));
    connect(m_recent, &QMenu::aboutToShow, this, &ReplicaMenu::fillRecentMenu);
    fillRecentMenu();
    m_saveAs = addAction(tr("Save &As…"), QKeySequence::SaveAs, this, &ReplicaMenu::saveAs);
    m_saveAs->setStatusTip(tr("Copy the replica to a new file and go on in that file"));
    m_export = addAction(tr("&Export as JSON…"), QKeySequence(Qt::CTRL | Qt::Key_E), this,
                         &ReplicaMenu::exportJson);
    m_close = addAction(tr("&Close"), QKeySequence::Close, this, &ReplicaMenu::closeReplica);
    m_close->setStatusTip(tr("Close this replica and go back to the default one"));
    addSeparator();
    createSigningMenu();
    addAction(tr("&Key Manager…"), this, &ReplicaMenu::openKeyManager);
    createDurabilityMenu();
    addSeparator();
    QAction *quit = addAction(tr("&Quit"), m_window, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
}

QMenu *ReplicaMenu::createSigningMenu()
{
    m_signingMenu = addMenu(tr("&Signing"));
    m_signingMenu->setIcon(LockIcon::icon(SignatureChecker::State::Verified));
    connect(m_signingMenu, &QMenu::aboutToShow, this, &ReplicaMenu::fillSigningMenu);
    fillSigningMenu();
    return m_signingMenu;
}

void ReplicaMenu::fillSigningMenu()
{
    m_signingMenu->clear();
    auto *group = new QActionGroup(m_signingMenu);
    QAction *off = m_signingMenu->addAction(tr("&Off: updates unsigned, none verified"), m_signing,
                                            &SigningController::stopSigning);
    off->setCheckable(true);
    off->setChecked(!m_session->isSigning());
    group->addAction(off);
    m_signingMenu->addSeparator();
    for (const KeyRing::OwnKey &key : m_keyRing->ownKeys()) {
        QAction *action = m_signingMenu->addAction(
                tr("Sign with \"%1\" (%2)").arg(key.name, key.algorithm), this,
                [this, name = key.name] { m_signing->sign(name); });
        action->setCheckable(true);
        action->setChecked(m_session->isSigning() && m_session->signingKeyName() == key.name);
        action->setEnabled(key.error.isEmpty());
        group->addAction(action);
    }
    if (m_keyRing->ownKeys().isEmpty())
        m_signingMenu->addAction(tr("No keys yet: make one in the Key Manager"))->setEnabled(false);
}

QMenu *ReplicaMenu::createDurabilityMenu()
{
    QMenu *menu = addMenu(tr("&Durability"));
    menu->setToolTipsVisible(true);
    auto *group = new QActionGroup(menu);
    const auto add = [&](const QString &text, const QString &tip,
                         ReplicaFileOptions::Durability durability) {
        QAction *action = menu->addAction(text, this, [this, durability] {
            AppSettings::setDurability(durability);
            emit statusMessage(tr("Durability applies to replica files opened from "
                                  "now on (the default one at the next launch)"));
        });
        action->setCheckable(true);
        action->setChecked(AppSettings::durability() == durability);
        action->setToolTip(tip);
        action->setStatusTip(tip);
        group->addAction(action);
    };
    add(tr("&Every Update Synced"),
        tr("Each update is on disk (fsync) before it counts as saved: survives a "
           "power loss; slower under heavy traffic"),
        ReplicaFileOptions::Durability::EveryUpdate);
    add(tr("&Group Commit (50 ms)"),
        tr("Updates are synced to disk together every 50 ms: a power loss can lose "
           "that window, a crash of Scuttlescope loses nothing"),
        ReplicaFileOptions::Durability::GroupCommit);
    return menu;
}

void ReplicaMenu::fillRecentMenu()
{
    m_recent->clear();
    const QStringList files = AppSettings::recentFiles();
    for (const QString &file : files) {
        m_recent->addAction(fileNameOf(file), this,
                            [this, file] {
                                if (!QFileInfo::exists(file)) {
                                    AppSettings::forgetFile(file);
                                    showError(tr("Cannot Open Replica File"),
                                              tr("%1: the file no longer exists").arg(file));
                                    return;
                                }
                                m_documents->open(file);
                            })
                ->setStatusTip(file);
    }
    m_recent->addSeparator();
    m_recent->addAction(tr("Default Replica"), this, [this] { m_documents->openDefault(); })
            ->setStatusTip(DocumentManager::defaultFileName());
}

void ReplicaMenu::addTraceAction(QAction *openTrace)
{
    insertAction(m_recent->menuAction(), openTrace);
}

void ReplicaMenu::updateActions()
{
    const ReplicaDocument *document = m_session->document();
    const bool busy = m_documents->isBusy() && !m_documents->loadingDocument();
    m_saveAs->setEnabled(document && !busy);
    m_export->setEnabled(document != nullptr);
    m_close->setEnabled(document && !m_documents->isShowingDefault() && !busy);
}

void ReplicaMenu::newReplica(const QString &type)
{
    const ReplicaDocument *document = m_session->document();
    const Scuttlebutt *current = m_session->replica();
    auto replace = [this, type] { m_documents->newInMemory(type); };
    if (!current || document->isFile() || document->isReadOnly()
        || (current->updateCount() == 0 && m_session->peers().isEmpty())) {
        replace();
        return;
    }
    const qsizetype held = current->updateCount();
    confirmThen(tr("Replace the current %1, holding %2, with an empty %3?")
                        .arg(current->typeName(),
                             held == 1 ? tr("1 update") : tr("%n updates", nullptr, int(held)))
                        .arg(type == Events::kTypeName ? tr("events log") : type),
                tr("It is kept in memory only: Save As… first to keep its contents. "
                   "Its peers are disconnected."),
                replace);
}

void ReplicaMenu::closeReplica()
{
    const ReplicaDocument *document = m_session->document();
    if (!document || m_documents->isShowingDefault())
        return;
    if (document->isFile() || document->replica()->updateCount() == 0) {
        m_documents->closeCurrent();
        return;
    }
    confirmThen(tr("Close %1 and lose what it holds?").arg(document->title()),
                tr("It is kept in memory only: Save As… first to keep it."),
                [this] { m_documents->closeCurrent(); });
}

void ReplicaMenu::openFile(DocumentManager::Access access)
{
    const bool readOnly = access != DocumentManager::Access::ReadWrite;
    auto *dialog = new QFileDialog(m_window,
                                   readOnly ? tr("Open Replica Read-Only") : tr("Open Replica"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    dialog->setNameFilter(DocumentManager::fileFilter());
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, access](const QString &file) { m_documents->open(file, access); });
    dialog->open();
}

void ReplicaMenu::saveAs()
{
    const ReplicaDocument *document = m_session->document();
    if (!document)
        return;
    auto *dialog = new QFileDialog(m_window, tr("Save Replica As"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(DocumentManager::fileFilter());
    dialog->setDefaultSuffix(QStringLiteral("sbreplica"));
    dialog->selectFile(document->isFile()
                               ? QFileInfo(document->fileName()).completeBaseName()
                                       + QStringLiteral("-copy.sbreplica")
                               : document->replica()->typeName() + QStringLiteral(".sbreplica"));
    connect(dialog, &QFileDialog::fileSelected, m_documents, &DocumentManager::saveAs);
    dialog->open();
}

void ReplicaMenu::exportJson()
{
    auto *dialog = new QFileDialog(m_window, tr("Export Replica as JSON"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(tr("JSON (*.json)"));
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->selectFile(QStringLiteral("replica.json"));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString &path) {
        if (auto error = m_session->exportJson(path)) {
            emit message(Severity::Error, *error);
            emit statusMessage(*error);
            return;
        }
        emit statusMessage(tr("Exported to %1").arg(path));
    });
    dialog->open();
}

void ReplicaMenu::openKeyManager()
{
    if (!m_keyManager) {
        m_keyManager = new KeyManagerDialog(m_keyRing, m_session, m_window);
        connect(m_keyManager, &KeyManagerDialog::signRequested, m_signing,
                &SigningController::sign);
        connect(m_keyManager, &KeyManagerDialog::stopSigningRequested, m_signing,
                &SigningController::stopSigning);
    }
    m_keyRing->reload(); // keys made by sbpeer meanwhile
    // Not modal: the replica stays usable beside it.
    m_keyManager->show();
    m_keyManager->raise();
    m_keyManager->activateWindow();
}

void ReplicaMenu::showOpenFailure(const ReplicaFileError &error, DocumentManager::Access access)
{
    auto *box = new QMessageBox(QMessageBox::Critical, tr("Cannot Open Replica File"),
                                tr("Cannot open %1").arg(fileNameOf(error.fileName)),
                                QMessageBox::Close, m_window);
    box->setObjectName(QStringLiteral("openFailureBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    // Room for a path and a reason on a line or two.
    box->setStyleSheet(QStringLiteral("QLabel#qt_msgbox_informativelabel { min-width: 34em; }"));
    box->setInformativeText(tr("%1\n\nThe file has not been changed.").arg(error.message()));
    QPushButton *readOnly = nullptr;
    QPushButton *repair = nullptr;
    if (access != DocumentManager::Access::Salvage && QFileInfo::exists(error.fileName)) {
        readOnly = box->addButton(tr("Open Read-Only"), QMessageBox::ActionRole);
        readOnly->setToolTip(tr("Load what can be read, skipping damaged lines, "
                                "without ever writing to the file"));
        repair = box->addButton(tr("Save a Repaired Copy…"), QMessageBox::ActionRole);
        repair->setToolTip(tr("Write what can be read to a new file and open it"));
    }
    connect(box, &QMessageBox::finished, this, [this, box, readOnly, repair, error] {
        if (readOnly && box->clickedButton() == readOnly)
            m_documents->open(error.fileName, DocumentManager::Access::Salvage);
        else if (repair && box->clickedButton() == repair)
            askForRepairedCopy(error.fileName);
    });
    box->open();
    emit statusMessage(error.message());
}

void ReplicaMenu::askForRepairedCopy(const QString &damagedFile)
{
    auto *dialog
            = new QFileDialog(m_window, tr("Save a Repaired Copy"),
                              QFileInfo(damagedFile).absolutePath(), DocumentManager::fileFilter());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("sbreplica"));
    dialog->selectFile(QFileInfo(damagedFile).completeBaseName()
                       + QStringLiteral("-repaired.sbreplica"));
    connect(dialog, &QFileDialog::fileSelected, this, [this, damagedFile](const QString &copy) {
        m_documents->saveRepairedCopy(damagedFile, copy);
    });
    dialog->open();
}

void ReplicaMenu::confirmThen(const QString &question, const QString &details,
                              const std::function<void()> &action)
{
    auto *box = new QMessageBox(QMessageBox::Question, QStringLiteral("Scuttlescope"), question,
                                QMessageBox::Yes | QMessageBox::Cancel, m_window);
    box->setInformativeText(details);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [action](int result) {
        if (result == QMessageBox::Yes)
            action();
    });
    box->open();
}

void ReplicaMenu::offerDocFor(PeerConnection *peer, Severity severity, const QString &text)
{
    if (severity != Severity::Error || m_offeringDoc || !peer->canReconnect()
        || qobject_cast<Doc *>(m_session->replica()) || !Scuttlebutt::isCrdtDocRefusal(text))
        return;
    m_offeringDoc = true;
    const PeerSpec spec = peer->spec();
    const TlsIdentity tls = peer->tlsIdentity();
    const QString current = ReplicaSession::typeTitle(m_session->replica()->typeName());
    auto *box = new QMessageBox(
            QMessageBox::Question, QStringLiteral("Scuttlescope"),
            tr("%1 looks like a crdt Doc. Open a new Doc in memory and connect it "
               "to %1?")
                    .arg(peer->label()),
            QMessageBox::Cancel, m_window);
    box->setInformativeText(tr("It sent [null, …] updates, which crdt keeps for the fields of "
                               "removed rows and a %1 cannot hold. The current replica is closed "
                               "(a file stays on disk) and its peers are disconnected.")
                                    .arg(current));
    QPushButton *open = box->addButton(tr("Open as Doc"), QMessageBox::AcceptRole);
    box->setDefaultButton(open);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, open, spec, tls] {
        m_offeringDoc = false;
        if (box->clickedButton() != open)
            return;
        m_documents->newInMemory(QString(Doc::kTypeName));
        m_session->connectToPeer(spec, tls);
    });
    box->open();
}

void ReplicaMenu::showError(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit statusMessage(text);
}
