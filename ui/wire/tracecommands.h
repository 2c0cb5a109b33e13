// SPDX-License-Identifier: MIT
#pragma once

#include "severity.h"

#include <QObject>

class QAction;
class QWidget;
class ReplicaSession;
class TracePlayer;
class TraceRecording;
class WireModel;

// The trace commands of the menus: Replica ▸ Open Trace… and Peers ▸ Record
// Trace… (Stop Recording Trace while one records). Every question is a
// dialog opened with open(), never exec(); a trace that cannot be opened or
// written is explained with its file, line and reason.
class TraceCommands : public QObject
{
    Q_OBJECT

public:
    TraceCommands(ReplicaSession *session, WireModel *wire, QWidget *window);

    QAction *openAction() const { return m_open; }
    QAction *recordAction() const { return m_record; }
    TracePlayer *player() const { return m_player; }
    TraceRecording *recording() const { return m_recording; }

    // Checks fileName and replays it; a bad trace changes nothing.
    void openTrace(const QString &fileName);
    // Records to fileName; a file that cannot be written is explained.
    void recordTo(const QString &fileName);

    static QString fileFilter();

signals:
    void statusMessage(const QString &text);
    void message(Severity severity, const QString &text);

private:
    void askToRecord();
    void showError(const QString &title, const QString &text);

    QWidget *m_window;
    TracePlayer *m_player;
    TraceRecording *m_recording;
    QAction *m_open;
    QAction *m_record;
};
