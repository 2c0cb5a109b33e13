// SPDX-License-Identifier: MIT
#pragma once

#include "scuttlebutt.h"

#include <QMainWindow>

class ClockView;
class CompareCommands;
class DocumentManager;
class DocumentStatus;
class KeyRing;
class ReplicaMenu;
class EventsView;
class RowsView;
class HealthSampler;
class HealthView;
class KeysView;
class LogModel;
class LogView;
class PeersPanel;
class ProvenanceView;
class QDockWidget;
class QStackedWidget;
class ReplicaModels;
class ReplicaSession;
class StatusPanel;
class TimelinePanel;
class TraceCommands;
class WireModel;
class WireRecorder;
class WireView;

// The main window: composes the views of the session's replica and routes
// menu commands to them. It owns no protocol logic (the session does) and no
// file or key handling (the Replica menu and the document manager do).
// Closing it first lets the session close its files; the window closes once
// they are on disk.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(ReplicaSession *session, DocumentManager *documents, KeyRing *keyRing,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    ReplicaModels *models() const { return m_models; }
    KeysView *keysView() const { return m_keysView; }
    EventsView *eventsView() const { return m_eventsView; }
    RowsView *rowsView() const { return m_rowsView; }
    ClockView *clockView() const { return m_clockView; }
    TimelinePanel *timelinePanel() const { return m_timelinePanel; }
    PeersPanel *peersPanel() const { return m_peersPanel; }
    LogModel *logModel() const { return m_logModel; }
    StatusPanel *statusPanel() const { return m_statusPanel; }
    DocumentStatus *documentStatus() const { return m_documentStatus; }
    ReplicaMenu *replicaMenu() const { return m_replicaMenu; }
    WireModel *wireModel() const { return m_wireModel; }
    WireView *wireView() const { return m_wireView; }
    WireRecorder *wireRecorder() const { return m_wireRecorder; }
    TraceCommands *traceCommands() const { return m_traceCommands; }
    CompareCommands *compareCommands() const { return m_compareCommands; }
    ProvenanceView *provenanceView() const { return m_provenanceView; }
    HealthSampler *healthSampler() const { return m_healthSampler; }
    HealthView *healthView() const { return m_healthView; }

    // Asks (without a nested event loop) before replacing an unsaved replica
    // holding data.
    void newReplica(const QString &type);
    void exportJson();
    // Opens a replica file or a trace, as a file manager asks
    // (scuttlescope FILE). When it cannot be opened and no replica is shown
    // yet, the default replica opens, so that the window is never empty.
    void openDocument(const QString &fileName);
    // Brings the Wire dock to the front (it shares a tab with the timeline).
    void showWire();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QDockWidget *addDock(const QString &title, const QString &name, QWidget *widget,
                         Qt::DockWidgetArea area);
    void createMenus();
    void onReplicaAboutToChange();
    void onReplicaChanged();
    void updateTitle();
    void showStatus(const QString &text);

    ReplicaSession *m_session;
    DocumentManager *m_documents;
    ReplicaModels *m_models = nullptr;
    QStackedWidget *m_central;
    KeysView *m_keysView;
    EventsView *m_eventsView;
    RowsView *m_rowsView;
    ClockView *m_clockView;
    TimelinePanel *m_timelinePanel;
    PeersPanel *m_peersPanel;
    LogModel *m_logModel;
    LogView *m_logView;
    StatusPanel *m_statusPanel;
    DocumentStatus *m_documentStatus;
    WireModel *m_wireModel;
    WireRecorder *m_wireRecorder;
    WireView *m_wireView;
    TraceCommands *m_traceCommands;
    CompareCommands *m_compareCommands;
    ProvenanceView *m_provenanceView;
    HealthSampler *m_healthSampler;
    HealthView *m_healthView;
    ReplicaMenu *m_replicaMenu = nullptr;
    QDockWidget *m_logDock = nullptr;
    QDockWidget *m_wireDock = nullptr;
    QMenu *m_viewMenu = nullptr;
    bool m_filesClosed = false;
};
