// SPDX-License-Identifier: MIT
#include "documentstatus.h"

#include "documentmanager.h"
#include "lockicon.h"
#include "replicadocument.h"
#include "replicasession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>

DocumentStatus::DocumentStatus(ReplicaSession *session, DocumentManager *documents, QWidget *parent)
    : QWidget(parent), m_session(session), m_documents(documents), m_busy(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_cancel(new QToolButton(this)), m_lock(new QLabel(this)),
      m_signing(new QLabel(this)), m_storage(new QLabel(this))
{
    m_progress->setMaximumWidth(160);
    m_progress->setMaximumHeight(fontMetrics().height() + 2);
    m_progress->setTextVisible(false);
    m_cancel->setAutoRaise(true);
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setToolTip(tr("Stop loading; the current replica stays"));
    m_lock->setPixmap(LockIcon::pixmap(SignatureChecker::State::Verified, fontMetrics().height()));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_busy);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    layout->addSpacing(10);
    layout->addWidget(m_lock);
    layout->addWidget(m_signing);
    layout->addSpacing(10);
    layout->addWidget(m_storage);

    connect(m_cancel, &QToolButton::clicked, documents, &DocumentManager::cancel);
    connect(documents, &DocumentManager::busyChanged, this, &DocumentStatus::refresh);
    connect(documents, &DocumentManager::progress, this, &DocumentStatus::onProgress);
    connect(session, &ReplicaSession::replicaChanged, this, [this] {
        // Storage problems of the new document, from now on.
        connect(m_session->document(), &ReplicaDocument::storageChanged, this,
                &DocumentStatus::refresh, Qt::UniqueConnection);
        refresh();
    });
    connect(session, &ReplicaSession::signingChanged, this, &DocumentStatus::refresh);
    if (session->document())
        connect(session->document(), &ReplicaDocument::storageChanged, this,
                &DocumentStatus::refresh);
    refresh();
}

QString DocumentStatus::storageText() const
{
    return m_storage->text();
}

QString DocumentStatus::signingText() const
{
    return m_signing->text();
}

void DocumentStatus::onProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0);
        return;
    }
    // Bytes can pass what an int holds: show per mille.
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(done * 1000 / total));
}

void DocumentStatus::refresh()
{
    const bool busy = m_documents->isBusy();
    m_busy->setText(m_documents->busyText());
    m_busy->setVisible(busy);
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy && m_documents->loadingDocument());
    if (!busy)
        m_progress->reset();

    m_lock->setVisible(m_session->isSigning());
    m_signing->setText(m_session->isSigning() ? tr("Signed: %1").arg(m_session->signingKeyName())
                                              : tr("Unsigned"));
    m_signing->setToolTip(m_session->isSigning()
                                  ? tr("Updates made here are signed with key \"%1\"; "
                                       "remote ones are applied only when they "
                                       "verify against your trusted keys")
                                            .arg(m_session->signingKeyName())
                                  : tr("Updates are neither signed nor verified: "
                                       "Replica > Signing"));

    const ReplicaDocument *document = m_session->document();
    QString text;
    QString tip;
    if (!document) {
        text = busy ? QString() : tr("No replica");
    } else if (!document->isFile() && document->isReadOnly()) {
        text = tr("%1 · read-only").arg(document->title().toHtmlEscaped());
        tip = tr("Replayed from a trace: kept in memory, never written");
    } else if (!document->isFile()) {
        text = tr("In memory only");
        tip = tr("Not kept in a file: Replica > Save As… keeps it");
    } else if (document->isReadOnly()) {
        text = tr("%1 · read-only").arg(document->title());
        tip = tr("%1 is never written; changes stay in memory").arg(document->fileName());
    } else if (!document->isSaving() && document->state() == ReplicaDocument::State::Ready) {
        text = tr("<span style='color:#c62828'>%1 · not saving</span>")
                       .arg(document->title().toHtmlEscaped());
        tip = tr("%1: %2\nThe replica goes on in memory; writing is retried.")
                      .arg(document->fileName(), document->writeError());
    } else if (!document->writeError().isEmpty()) {
        text = tr("<span style='color:#c25e00'>%1 · saved, rewrite failed</span>")
                       .arg(document->title().toHtmlEscaped());
        tip = tr("%1: %2\nEvery update is still appended; the rewrite is retried.")
                      .arg(document->fileName(), document->writeError());
    } else {
        text = tr("%1 · saved").arg(document->title());
        tip = tr("Every update is appended to %1 as it is applied").arg(document->fileName());
    }
    m_storage->setText(text);
    m_storage->setToolTip(tip);
}
