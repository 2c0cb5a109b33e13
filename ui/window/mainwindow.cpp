// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "appsettings.h"
#include "clockview.h"
#include "comparecommands.h"
#include "documentmanager.h"
#include "documentstatus.h"
#include "eventsmodel.h"
#include "eventsview.h"
#include "filterlineedit.h"
#include "healthsampler.h"
#include "healthview.h"
#include "keysmodel.h"
#include "keysview.h"
#include "logmodel.h"
#include "logview.h"
#include "peerconnection.h"
#include "peerspanel.h"
#include "provenanceview.h"
#include "replicadocument.h"
#include "replicamenu.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "rowsview.h"
#include "startupoptions.h"
#include "statuspanel.h"
#include "timelinemodel.h"
#include "timelinepanel.h"
#include "tracecommands.h"
#include "traceplayer.h"
#include "wiremodel.h"
#include "wirerecorder.h"
#include "wireview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>

using sb::Scuttlebutt;

MainWindow::MainWindow(ReplicaSession *session, DocumentManager *documents, KeyRing *keyRing,
                       QWidget *parent)
    : QMainWindow(parent), m_session(session), m_documents(documents),
      m_central(new QStackedWidget(this)), m_keysView(new KeysView(this)),
      m_eventsView(new EventsView(this)), m_rowsView(new RowsView(this)),
      m_clockView(new ClockView(this)), m_timelinePanel(new TimelinePanel(this)),
      m_peersPanel(new PeersPanel(session, keyRing, this)), m_logModel(new LogModel(this)),
      m_logView(new LogView(m_logModel, this)), m_statusPanel(new StatusPanel(session, this)),
      m_documentStatus(new DocumentStatus(session, documents, this)),
      m_wireModel(new WireModel(AppSettings::wireCapacity(), this)),
      m_wireRecorder(new WireRecorder(session, m_wireModel, this)),
      m_wireView(new WireView(m_wireModel, m_wireRecorder, this)),
      m_traceCommands(new TraceCommands(session, m_wireModel, this)),
      m_compareCommands(new CompareCommands(session, this)),
      m_provenanceView(new ProvenanceView(session, this)),
      m_healthSampler(new HealthSampler(session, HealthSampler::kDefaultIntervalMs,
                                        HealthSampler::kDefaultHistorySeconds, this)),
      m_healthView(new HealthView(m_healthSampler, this))
{
    setWindowIcon(QIcon(QStringLiteral(":/icons/scuttlescope.png")));
    m_central->addWidget(m_keysView);
    m_central->addWidget(m_eventsView);
    m_central->addWidget(m_rowsView);
    setCentralWidget(m_central);
    setCorner(Qt::BottomRightCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);

    QDockWidget *peersDock = addDock(tr("Peers"), QStringLiteral("peersDock"), m_peersPanel,
                                     Qt::RightDockWidgetArea);
    QDockWidget *clockDock = addDock(tr("Vector Clock"), QStringLiteral("clockDock"), m_clockView,
                                     Qt::RightDockWidgetArea);
    QDockWidget *timelineDock = addDock(tr("Timeline"), QStringLiteral("timelineDock"),
                                        m_timelinePanel, Qt::BottomDockWidgetArea);
    m_logDock = addDock(tr("Log"), QStringLiteral("logDock"), m_logView, Qt::BottomDockWidgetArea);
    m_wireDock
            = addDock(tr("Wire"), QStringLiteral("wireDock"), m_wireView, Qt::BottomDockWidgetArea);
    QDockWidget *healthDock = addDock(tr("Sync Health"), QStringLiteral("healthDock"), m_healthView,
                                      Qt::BottomDockWidgetArea);
    tabifyDockWidget(timelineDock, m_wireDock);
    tabifyDockWidget(timelineDock,
                     addDock(tr("Provenance"), QStringLiteral("provenanceDock"), m_provenanceView,
                             Qt::BottomDockWidgetArea));
    m_provenanceView->followKeys(m_keysView->table());
    tabifyDockWidget(timelineDock, m_logDock);
    tabifyDockWidget(timelineDock, healthDock);
    timelineDock->raise();
    statusBar()->addPermanentWidget(m_documentStatus);
    statusBar()->addPermanentWidget(m_statusPanel);

    m_replicaMenu = new ReplicaMenu(session, documents, keyRing, this);
    createMenus();
    connect(session, &ReplicaSession::replicaAboutToChange, this,
            &MainWindow::onReplicaAboutToChange);
    connect(session, &ReplicaSession::replicaChanged, this, &MainWindow::onReplicaChanged);
    connect(session, &ReplicaSession::listeningChanged, this, &MainWindow::updateTitle);
    connect(session, &ReplicaSession::message, m_logModel, &LogModel::append);
    connect(documents, &DocumentManager::message, m_logModel, &LogModel::append);
    connect(m_replicaMenu, &ReplicaMenu::message, m_logModel, &LogModel::append);
    connect(m_traceCommands, &TraceCommands::message, m_logModel, &LogModel::append);
    // Errors (a file that cannot be written, say) show in the status bar too.
    const auto showErrors = [this](Severity severity, const QString &text) {
        if (severity == Severity::Error)
            statusBar()->showMessage(text, 10000);
    };
    connect(session, &ReplicaSession::message, this, showErrors);
    connect(documents, &DocumentManager::message, this, showErrors);
    connect(m_traceCommands, &TraceCommands::message, this, showErrors);
    connect(m_logModel, &LogModel::errorCountChanged, this, [this](int errors) {
        m_logDock->setWindowTitle(errors == 0           ? tr("Log")
                                          : errors == 1 ? tr("Log (1 error)")
                                                        : tr("Log (%n errors)", nullptr, errors));
    });
    connect(m_keysView, &KeysView::statusMessage, this, &MainWindow::showStatus);
    connect(m_eventsView, &EventsView::statusMessage, this, &MainWindow::showStatus);
    connect(m_peersPanel, &PeersPanel::statusMessage, this, &MainWindow::showStatus);
    connect(m_replicaMenu, &ReplicaMenu::statusMessage, this, &MainWindow::showStatus);
    connect(m_traceCommands, &TraceCommands::statusMessage, this, &MainWindow::showStatus);
    connect(session, &ReplicaSession::signingChanged, this, &MainWindow::updateTitle);
    connect(m_timelinePanel, &TimelinePanel::capacityChanged, this,
            &AppSettings::setTimelineCapacity);
    connect(m_wireView, &WireView::capacityChanged, this, &AppSettings::setWireCapacity);
    connect(m_peersPanel, &PeersPanel::wireRequested, this, [this](const QString &peerName) {
        showWire();
        m_wireView->followPeer(peerName);
    });
    connect(m_peersPanel, &PeersPanel::compareRequested, m_compareCommands,
            &CompareCommands::compareWithPeer);

    resize(1440, 900);
    resizeDocks({timelineDock}, {360}, Qt::Vertical);
    resizeDocks({peersDock, clockDock}, {470, 470}, Qt::Horizontal);
    resizeDocks({peersDock, clockDock}, {170, 300}, Qt::Vertical);
    restoreGeometry(AppSettings::windowGeometry());
    restoreState(AppSettings::windowState());
    if (session->replica())
        onReplicaChanged();
}

MainWindow::~MainWindow()
{
    // Views first let go of the models, then the models of the replica.
    onReplicaAboutToChange();
}

QDockWidget *MainWindow::addDock(const QString &title, const QString &name, QWidget *widget,
                                 Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(name);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createMenus()
{
    menuBar()->addMenu(m_replicaMenu);
    m_replicaMenu->addTraceAction(m_traceCommands->openAction());

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_keysView->addKeyAction());
    edit->addAction(m_keysView->deleteKeysAction());
    edit->addAction(m_keysView->copyJsonAction());
    edit->addAction(m_rowsView->removeRowsAction());
    edit->addSeparator();
    edit->addAction(tr("&Find…"), QKeySequence::Find, this, [this] {
        FilterLineEdit *filter = m_central->currentWidget() == m_keysView ? m_keysView->filterEdit()
                : m_central->currentWidget() == m_rowsView                ? m_rowsView->filterEdit()
                                                           : m_eventsView->filterEdit();
        filter->setFocus();
        filter->selectAll();
    });

    QMenu *peers = menuBar()->addMenu(tr("&Peers"));
    peers->addAction(m_peersPanel->connectAction());
    peers->addAction(m_peersPanel->listenAction());
    peers->addAction(m_peersPanel->stopListeningAction());
    peers->addSeparator();
    peers->addAction(m_compareCommands->compareAction());
    peers->addAction(m_traceCommands->recordAction());

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        m_viewMenu->addAction(dock->toggleViewAction());
    m_viewMenu->addSeparator();
    // Tabbed docks hide one another: this brings the Wire to the front.
    m_viewMenu->addAction(tr("Show the &Wire"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W),
                          this, &MainWindow::showWire);
    m_viewMenu->addAction(tr("Timeline: Go &Live"), this, [this] { m_timelinePanel->goLive(); });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Scuttlescope"), this, [this] {
        auto *box = new QMessageBox(
                QMessageBox::Information, tr("About Scuttlescope"),
                tr("<b>Scuttlescope %1</b><p>Inspect and edit replicas "
                   "that speak the scuttlebutt protocol of npm "
                   "<i>scuttlebutt</i> (5.x and 4.x).</p>"
                   "<p><small>Built with Qt %2.</small></p>")
                        .arg(QStringLiteral(SCUTTLESCOPE_VERSION), QString::fromLatin1(qVersion())),
                QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

void MainWindow::newReplica(const QString &type)
{
    m_replicaMenu->newReplica(type);
}

void MainWindow::exportJson()
{
    m_replicaMenu->exportJson();
}

void MainWindow::openDocument(const QString &fileName)
{
    // A failed open leaves an empty replica in memory where there was none;
    // the default replica is what a window without a document shows.
    const bool wasEmpty = m_session->document() == nullptr;
    const auto openDefaultIfEmpty = [this, wasEmpty] {
        if (wasEmpty)
            m_documents->openDefault();
    };
    // Queued: the document manager is still finishing the failed open.
    const auto once = Qt::ConnectionType(Qt::QueuedConnection | Qt::SingleShotConnection);
    if (StartupOptions::isTrace(fileName)) {
        connect(m_traceCommands->player(), &TracePlayer::failed, this, openDefaultIfEmpty, once);
        m_traceCommands->openTrace(fileName);
    } else {
        connect(m_documents, &DocumentManager::openFailed, this, openDefaultIfEmpty, once);
        m_documents->open(fileName);
    }
}

void MainWindow::showWire()
{
    m_wireDock->show();
    m_wireDock->raise();
    m_wireView->table()->setFocus();
}

void MainWindow::showStatus(const QString &text)
{
    statusBar()->showMessage(text, 6000);
}

void MainWindow::onReplicaAboutToChange()
{
    m_keysView->setModel(nullptr);
    m_eventsView->setModel(nullptr);
    m_rowsView->setModel(nullptr);
    m_clockView->setModel(nullptr);
    m_timelinePanel->setModels(nullptr, nullptr);
    delete m_models;
    m_models = nullptr;
}

void MainWindow::onReplicaChanged()
{
    onReplicaAboutToChange();
    m_models = new ReplicaModels(m_session, AppSettings::timelineCapacity(), this);
    m_keysView->setModel(m_models->keys());
    m_eventsView->setModel(m_models->events());
    m_rowsView->setModel(m_models->rows());
    m_clockView->setModel(m_models->clock());
    m_timelinePanel->setModels(m_models->timeline(), m_session->model());
    m_central->setCurrentWidget(m_models->keys()           ? static_cast<QWidget *>(m_keysView)
                                        : m_models->rows() ? static_cast<QWidget *>(m_rowsView)
                                                           : static_cast<QWidget *>(m_eventsView));
    m_keysView->setReadOnly(m_session->document()->isReadOnly());
    m_eventsView->setReadOnly(m_session->document()->isReadOnly());
    m_rowsView->setReadOnly(m_session->document()->isReadOnly());
    connect(m_session->replica(), &Scuttlebutt::idChanged, this, &MainWindow::updateTitle);
    updateTitle();
}

void MainWindow::updateTitle()
{
    const ReplicaDocument *document = m_session->document();
    QString title = QStringLiteral("Scuttlescope");
    if (document) {
        const Scuttlebutt *replica = document->replica();
        title += tr(" — %1%2 — %3 %4")
                         .arg(document->title(),
                              document->isReadOnly() ? tr(" (read-only)") : QString(),
                              ReplicaSession::typeTitle(replica->typeName()), replica->id());
        if (m_session->isSigning())
            title += tr(" · signed");
    }
    if (m_session->isListening())
        title += tr(" · listening on %1").arg(m_session->listenAddress());
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    AppSettings::setWindowLayout(saveGeometry(), saveState());
    if (m_filesClosed) {
        QMainWindow::closeEvent(event);
        return;
    }
    // Files are compacted and synced first; the window closes once they are.
    event->ignore();
    if (m_session->isShuttingDown())
        return;
    const ReplicaDocument *document = m_session->document();
    if (document && document->isFile())
        statusBar()->showMessage(tr("Saving %1…").arg(document->title()));
    m_documents->cancel();
    connect(m_session, &ReplicaSession::shutDownFinished, this, [this] {
        m_filesClosed = true;
        close();
    });
    m_session->shutDown();
}
