#pragma once

#include "scuttlebutt.h"

#include <QMainWindow>

#include <functional>

class ClockView;
class EventsView;
class KeysView;
class LogModel;
class LogView;
class PeersPanel;
class QDockWidget;
class QStackedWidget;
class ReplicaModels;
class ReplicaSession;
class StatusPanel;
class TimelinePanel;

// The main window: composes the views of the session's replica and routes
// menu commands to them. It owns no protocol logic; the session does.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(ReplicaSession *session, QWidget *parent = nullptr);
    ~MainWindow() override;

    ReplicaModels *models() const { return m_models; }
    KeysView *keysView() const { return m_keysView; }
    EventsView *eventsView() const { return m_eventsView; }
    ClockView *clockView() const { return m_clockView; }
    TimelinePanel *timelinePanel() const { return m_timelinePanel; }
    PeersPanel *peersPanel() const { return m_peersPanel; }
    LogModel *logModel() const { return m_logModel; }
    StatusPanel *statusPanel() const { return m_statusPanel; }

    // Asks (without a nested event loop) before replacing a replica holding data.
    void newReplica(sb::Scuttlebutt::Kind kind);
    void exportJson();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QDockWidget *addDock(const QString &title, const QString &name, QWidget *widget,
                         Qt::DockWidgetArea area);
    void createMenus();
    void onReplicaAboutToChange();
    void onReplicaChanged();
    void updateTitle();
    void confirmThen(const QString &question, const std::function<void()> &action);

    ReplicaSession *m_session;
    ReplicaModels *m_models = nullptr;
    QStackedWidget *m_central;
    KeysView *m_keysView;
    EventsView *m_eventsView;
    ClockView *m_clockView;
    TimelinePanel *m_timelinePanel;
    PeersPanel *m_peersPanel;
    LogModel *m_logModel;
    LogView *m_logView;
    StatusPanel *m_statusPanel;
    QDockWidget *m_logDock = nullptr;
    QMenu *m_viewMenu = nullptr;
};
