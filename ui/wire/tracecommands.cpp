// SPDX-License-Identifier: MIT
#include "tracecommands.h"

#include "format.h"
#include "traceplayer.h"
#include "tracerecording.h"

#include <QAction>
#include <QDateTime>
#include <QFileDialog>
#include <QMessageBox>

TraceCommands::TraceCommands(ReplicaSession *session, WireModel *wire, QWidget *window)
    : QObject(window), m_window(window), m_player(new TracePlayer(session, wire, this)),
      m_recording(new TraceRecording(session, this)), m_open(new QAction(tr("Open &Trace…"), this)),
      m_record(new QAction(tr("&Record Trace…"), this))
{
    m_open->setStatusTip(tr("Replay a recorded session (.sbtrace) into a read-only "
                            "replica, with every line in the Wire dock"));
    m_record->setStatusTip(tr("Write every line of every peer to a trace file "
                              "(.sbtrace) that can be replayed elsewhere"));
    connect(m_open, &QAction::triggered, this, [this] {
        auto *dialog = new QFileDialog(m_window, tr("Open Trace"));
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setFileMode(QFileDialog::ExistingFile);
        dialog->setNameFilter(fileFilter());
        connect(dialog, &QFileDialog::fileSelected, this, &TraceCommands::openTrace);
        dialog->open();
    });
    connect(m_record, &QAction::triggered, this, [this] {
        if (m_recording->isRecording())
            m_recording->stop();
        else
            askToRecord();
    });
    connect(m_recording, &TraceRecording::recordingChanged, this, [this](bool recording) {
        m_record->setText(recording ? tr("Stop &Recording Trace") : tr("&Record Trace…"));
        emit statusMessage(recording ? tr("Recording a trace to %1").arg(m_recording->fileName())
                                     : tr("Trace recording stopped"));
    });
    connect(m_recording, &TraceRecording::message, this, &TraceCommands::message);
    connect(m_player, &TracePlayer::message, this, &TraceCommands::message);
    connect(m_player, &TracePlayer::progress, this, [this](qint64 done, qint64 total) {
        if (total > 0 && done < total)
            emit statusMessage(tr("%1 %2… %3%")
                                       .arg(m_player->phase() == TracePlayer::Phase::Checking
                                                    ? tr("Checking")
                                                    : tr("Replaying"),
                                            m_player->fileName())
                                       .arg(done * 100 / total));
    });
    connect(m_player, &TracePlayer::replayed, this, [this](const QString &fileName) {
        emit statusMessage(tr("Replayed %1: step through it in the Timeline, read "
                              "its lines in the Wire dock")
                                   .arg(fileName));
    });
    connect(m_player, &TracePlayer::failed, this, [this](const QString &, const QString &reason) {
        showError(tr("Cannot open the trace"),
                  tr("%1\n\nThe current replica is unchanged.").arg(Format::asSentence(reason)));
    });
}

QString TraceCommands::fileFilter()
{
    return tr("Scuttlebutt traces (*.sbtrace);;All files (*)");
}

void TraceCommands::openTrace(const QString &fileName)
{
    m_player->open(fileName);
}

void TraceCommands::recordTo(const QString &fileName)
{
    if (const auto error = m_recording->start(fileName))
        showError(tr("Cannot record a trace"), Format::asSentence(*error));
}

void TraceCommands::askToRecord()
{
    auto *dialog = new QFileDialog(m_window, tr("Record Trace"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setNameFilter(fileFilter());
    dialog->setDefaultSuffix(QStringLiteral("sbtrace"));
    dialog->selectFile(QDateTime::currentDateTime().toString(
            QStringLiteral("'session-'yyyyMMdd-HHmmss'.sbtrace'")));
    connect(dialog, &QFileDialog::fileSelected, this, &TraceCommands::recordTo);
    dialog->open();
}

void TraceCommands::showError(const QString &title, const QString &text)
{
    auto *box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, m_window);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}
