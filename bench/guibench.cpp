// SPDX-License-Identifier: MIT
// guibench: how responsive the Scuttlescope window stays under load. It opens
// the real MainWindow on an in-memory Model, dials `sbbench hold N` (N keys
// from 10 sources), and once all N keys are in, has `sbbench write` stream
// updates through that server at a steady rate. A precise 5 ms timer probes
// the GUI thread's event loop: how late each tick fires is the time the loop
// was busy. Prints one JSON line: time to hold N keys, and until the keys
// table shows them all (the table may apply them later than the replica takes
// them in), probe lateness percentiles while syncing and while streaming,
// updates seen, RSS (when every key is shown, when the last update is in, and
// 1.5 s after that), and the CPU time the process spent while streaming. The
// Wire dock captures every line unless --wire off; the Sync Health dock is
// tabbed behind the timeline (its charts not drawn) unless --health shown.
// healthCost: the time the dock's sampling and painting took while streaming.
//   guibench --sbbench PATH --keys N --rate R --seconds S [--wire on|off] [--health shown|hidden]
// With --open FILE it instead opens a replica file of N keys as File > Open
// does, and prints the time until the file took over (openMs) and until the
// keys table shows all N keys (shownMs), the probe's lateness meanwhile, and RSS.
//   guibench --open FILE --keys N
#include "benchcommon.h"
#include "documentmanager.h"
#include "healthchart.h"
#include "healthsampler.h"
#include "healthview.h"
#include "keyring.h"
#include "keysmodel.h"
#include "mainwindow.h"
#include "model.h"
#include "peerspec.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "scuttlebutt.h"
#include "wirerecorder.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEvent>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <utility>
#include <vector>

namespace {

constexpr int kProbeIntervalMs = 5;
constexpr int kSettleMs = 1500;

// Counts the window's repaints (one UpdateRequest each): a model that tells
// its views of changes in many small pieces shows here.
class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *window) : QObject(window) { window->installEventFilter(this); }
    qint64 takeCount() { return std::exchange(m_count, 0); }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::UpdateRequest)
            ++m_count;
        return QObject::eventFilter(watched, event);
    }

private:
    qint64 m_count = 0;
};

// Records how late each tick of a precise timer fires.
class LoopProbe : public QObject
{
public:
    explicit LoopProbe(QObject *parent) : QObject(parent)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kProbeIntervalMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const double now = double(m_clock.nsecsElapsed()) / 1e6;
            m_lateness.push_back(std::max(0.0, now - m_last - kProbeIntervalMs));
            m_last = now;
        });
    }

    void restart()
    {
        m_lateness.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }

    QJsonObject summary()
    {
        std::vector<double> sorted = m_lateness;
        std::sort(sorted.begin(), sorted.end());
        auto at = [&](double p) {
            return sorted.empty() ? 0.0 : sorted[size_t(p * double(sorted.size() - 1))];
        };
        return {{QStringLiteral("ticks"), qint64(sorted.size())},
                {QStringLiteral("p50"), at(0.5)},
                {QStringLiteral("p99"), at(0.99)},
                {QStringLiteral("max"), sorted.empty() ? 0.0 : sorted.back()}};
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    double m_last = 0;
    std::vector<double> m_lateness;
};

// What the Sync Health dock costs the GUI thread: it drives the window's
// sampler on a timer of its own at the same interval, timing each sample (the
// sampling and the charts' update), and times every paint of the charts.
class HealthMeter : public QObject
{
public:
    HealthMeter(MainWindow &window, QObject *parent)
        : QObject(parent), m_sampler(window.healthSampler())
    {
        m_sampler->stop();
        m_timer.setInterval(m_sampler->intervalMs());
        connect(&m_timer, &QTimer::timeout, this, [this] {
            QElapsedTimer timer;
            timer.start();
            m_sampler->sampleAt(double(m_clock.elapsed()) / 1000.0);
            m_sampleNs += timer.nsecsElapsed();
            ++m_samples;
        });
        HealthView *view = window.healthView();
        for (HealthChart *chart : {view->replicaChart(), view->trafficChart(), view->lagChart()})
            chart->viewport()->installEventFilter(this);
        m_clock.start();
        m_timer.start();
    }

    void restart()
    {
        m_sampleNs = m_paintNs = 0;
        m_samples = m_paints = 0;
    }

    QJsonObject summary() const
    {
        return {{QStringLiteral("samples"), m_samples},
                {QStringLiteral("sampleMs"), double(m_sampleNs) / 1e6},
                {QStringLiteral("paints"), m_paints},
                {QStringLiteral("paintMs"), double(m_paintNs) / 1e6}};
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() != QEvent::Paint || m_painting)
            return false;
        // Delivered here, inside the paint the widget system started, to time it.
        m_painting = true;
        QElapsedTimer timer;
        timer.start();
        QCoreApplication::sendEvent(watched, event);
        m_paintNs += timer.nsecsElapsed();
        ++m_paints;
        m_painting = false;
        return true;
    }

private:
    HealthSampler *m_sampler;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_sampleNs = 0;
    qint64 m_paintNs = 0;
    qint64 m_samples = 0;
    qint64 m_paints = 0;
    bool m_painting = false;
};

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "guibench: %s\n", qPrintable(why));
    std::exit(1);
}

// The real main window on an in-memory Model, shown, with the keys of `home`.
struct BenchWindow
{
    explicit BenchWindow(const QString &home)
        : keyRing(home + QStringLiteral("/keys")), documents(&session)
    {
        // The window is made on a replica, as the app makes it.
        session.newReplica(sb::Model::kTypeName);
        window = std::make_unique<MainWindow>(&session, &documents, &keyRing);
        window->resize(1280, 800);
        window->show();
    }

    ReplicaSession session;
    KeyRing keyRing;
    DocumentManager documents;
    std::unique_ptr<MainWindow> window;
};

// File > Open of a replica file of `keys` keys, timed until the table shows them.
int openFile(QApplication &app, const QString &home, const QString &fileName, qint64 keys)
{
    BenchWindow bench(home);
    DocumentManager &documents = bench.documents;
    MainWindow &window = *bench.window;

    LoopProbe probe(&app);
    QJsonObject result{{QStringLiteral("keys"), keys}};
    QElapsedTimer clock;
    const double cpuStart = Bench::cpuMs();
    KeysModel *table = window.models()->keys();
    auto checkShown = [&] {
        if (!result.contains(QStringLiteral("openMs")) || result.contains(QStringLiteral("shownMs"))
            || table->rowCount() < keys)
            return;
        result.insert(QStringLiteral("shownMs"), double(clock.elapsed()));
        result.insert(QStringLiteral("cpuMs"), Bench::cpuMs() - cpuStart);
        result.insert(QStringLiteral("opening"), probe.summary());
        result.insert(QStringLiteral("rssKb"), Bench::rssKb());
        Bench::printResult(QJsonDocument(result).toJson(QJsonDocument::Compact));
        app.exit(0);
    };
    QObject::connect(table, &QAbstractItemModel::rowsInserted, &app, checkShown);
    QObject::connect(table, &QAbstractItemModel::modelReset, &app, checkShown);
    QObject::connect(&documents, &DocumentManager::opened, &app, [&] {
        result.insert(QStringLiteral("openMs"), double(clock.elapsed()));
        checkShown();
    });
    QObject::connect(&documents, &DocumentManager::openFailed, &app,
                     [](const sb::ReplicaFileError &error) { fail(error.message()); });
    QTimer::singleShot(0, &app, [&] {
        clock.start();
        probe.restart();
        documents.open(fileName);
    });
    QTimer::singleShot(600000, &app, [] { fail(QStringLiteral("timed out")); });
    return app.exec();
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    // The user's settings, keys and default replica stay out of it.
    QTemporaryDir home;
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral("config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral("data")).toLocal8Bit());
    QApplication app(argc, argv);

    QCommandLineParser parser;
    parser.addOption(
            {QStringLiteral("sbbench"), QStringLiteral("sbbench program"), QStringLiteral("path")});
    parser.addOption({QStringLiteral("keys"), QStringLiteral("keys held by the server"),
                      QStringLiteral("n"), QStringLiteral("1000000")});
    parser.addOption({QStringLiteral("rate"), QStringLiteral("updates per second streamed"),
                      QStringLiteral("n"), QStringLiteral("20000")});
    parser.addOption({QStringLiteral("seconds"), QStringLiteral("seconds of streaming"),
                      QStringLiteral("n"), QStringLiteral("10")});
    parser.addOption({QStringLiteral("wire"),
                      QStringLiteral("the Wire dock captures lines: on or off"),
                      QStringLiteral("on|off"), QStringLiteral("on")});
    parser.addOption(
            {QStringLiteral("health"),
             QStringLiteral("the Sync Health dock: shown (in front, charts drawn) or hidden"),
             QStringLiteral("shown|hidden"), QStringLiteral("hidden")});
    parser.addOption({QStringLiteral("data"),
                      QStringLiteral("the replica the server holds: npm (npm-shaped: key:N keys, "
                                     "object values, fractional stamps) or synthetic"),
                      QStringLiteral("npm|synthetic"), QStringLiteral("npm")});
    parser.addOption({QStringLiteral("open"),
                      QStringLiteral("instead, open this replica file of --keys keys"),
                      QStringLiteral("file")});
    parser.process(app);
    if (parser.isSet(QStringLiteral("open"))) {
        const qint64 keys = parser.value(QStringLiteral("keys")).toLongLong();
        if (keys <= 0)
            fail(QStringLiteral("usage: guibench --open FILE --keys N"));
        return openFile(app, home.path(), parser.value(QStringLiteral("open")), keys);
    }
    const QString data = parser.value(QStringLiteral("data"));
    const bool wire = parser.value(QStringLiteral("wire")) != u"off";
    const bool health = parser.value(QStringLiteral("health")) == u"shown";
    const QString sbbench = parser.value(QStringLiteral("sbbench"));
    const qint64 keys = parser.value(QStringLiteral("keys")).toLongLong();
    const qint64 rate = parser.value(QStringLiteral("rate")).toLongLong();
    const qint64 streamed = rate * parser.value(QStringLiteral("seconds")).toLongLong();
    if (sbbench.isEmpty() || keys <= 0 || rate <= 0 || streamed <= 0)
        fail(QStringLiteral("usage: guibench --sbbench PATH --keys N --rate R --seconds S"));

    BenchWindow bench(home.path());
    ReplicaSession &session = bench.session;
    MainWindow &window = *bench.window;
    window.wireRecorder()->setCapturing(wire);
    if (health) {
        if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("healthDock")))
            dock->raise();
    }

    LoopProbe probe(&app);
    PaintCounter paints(&window);
    HealthMeter healthMeter(window, &app);
    QJsonObject result{{QStringLiteral("keys"), keys},
                       {QStringLiteral("rate"), rate},
                       {QStringLiteral("wire"), wire},
                       {QStringLiteral("health"), health}};
    QElapsedTimer clock;
    QElapsedTimer syncClock; // from dialing, across both phases
    quint16 port = 0;
    qint64 streamedSeen = 0;
    double streamCpuStart = 0;
    double syncCpuStart = 0;
    enum class Phase { Starting, Syncing, Streaming } phase = Phase::Starting;

    QProcess holder;
    QProcess writer;
    auto startProcess = [&](QProcess &process, const QStringList &arguments) {
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(&process, &QProcess::errorOccurred, &app,
                         [&process](QProcess::ProcessError) {
                             fail(process.program() + QStringLiteral(": ") + process.errorString());
                         });
        process.start(sbbench, arguments);
    };

    // Prints the result and exits once both children are gone, so that none
    // outlives the benchmark (its caller may stop it as soon as it prints).
    int running = 0;
    auto finish = [&] {
        Bench::printResult(QJsonDocument(result).toJson(QJsonDocument::Compact));
        app.exit(0);
    };
    auto stopAndExit = [&] {
        for (QProcess *process : {&holder, &writer}) {
            process->disconnect(&app);
            if (process->state() == QProcess::NotRunning)
                continue;
            ++running;
            QObject::connect(process, &QProcess::finished, &app, [&] {
                if (--running == 0)
                    finish();
            });
            process->kill();
        }
        if (running == 0)
            finish();
    };

    sb::Scuttlebutt *replica = session.replica();
    KeysModel *table = window.models()->keys();
    QObject::connect(table, &QAbstractItemModel::rowsInserted, &app, [&] {
        if (phase != Phase::Starting && !result.contains(QStringLiteral("shownMs"))
            && table->rowCount() >= keys) {
            result.insert(QStringLiteral("shownMs"), double(syncClock.elapsed()));
            result.insert(QStringLiteral("rssShownKb"), Bench::rssKb());
        }
    });
    QObject::connect(replica, &sb::Scuttlebutt::updateApplied, &app, [&](const sb::Update &update) {
        if (phase == Phase::Syncing && replica->updateCount() >= keys) {
            result.insert(QStringLiteral("syncMs"), double(clock.elapsed()));
            result.insert(QStringLiteral("syncCpuMs"), Bench::cpuMs() - syncCpuStart);
            result.insert(QStringLiteral("syncPaints"), paints.takeCount());
            result.insert(QStringLiteral("syncing"), probe.summary());
            phase = Phase::Streaming;
            probe.restart();
            clock.restart();
            streamCpuStart = Bench::cpuMs();
            healthMeter.restart();
            startProcess(writer,
                         {QStringLiteral("write"), QStringLiteral("127.0.0.1:%1").arg(port),
                          QStringLiteral("--count"), QString::number(streamed),
                          QStringLiteral("--rate"), QString::number(rate),
                          QStringLiteral("--prefix"), QStringLiteral("w")});
        } else if (phase == Phase::Streaming && update.key().startsWith(u'w')
                   && ++streamedSeen == streamed) {
            result.insert(QStringLiteral("streamMs"), double(clock.elapsed()));
            result.insert(QStringLiteral("streamCpuMs"), Bench::cpuMs() - streamCpuStart);
            result.insert(QStringLiteral("healthCost"), healthMeter.summary());
            result.insert(QStringLiteral("streaming"), probe.summary());
            result.insert(QStringLiteral("streamed"), streamedSeen);
            result.insert(QStringLiteral("rssKb"), Bench::rssKb());
            // What the window keeps once the bursts are over (HeapTrimmer
            // trims after a quiet second).
            QTimer::singleShot(kSettleMs, &app, [&] {
                result.insert(QStringLiteral("rssSettledKb"), Bench::rssKb());
                stopAndExit();
            });
        }
    });

    QObject::connect(&holder, &QProcess::readyReadStandardOutput, &app, [&] {
        if (phase != Phase::Starting || !holder.canReadLine())
            return;
        const QJsonObject answer = QJsonDocument::fromJson(holder.readLine()).object();
        port = quint16(answer.value(QStringLiteral("port")).toInt());
        if (port == 0)
            fail(QStringLiteral("sbbench hold did not say its port"));
        phase = Phase::Syncing;
        clock.start();
        syncClock.start();
        syncCpuStart = Bench::cpuMs();
        paints.takeCount();
        probe.restart();
        session.connectToPeer(*PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(port)));
    });
    startProcess(holder,
                 {QStringLiteral("hold"), QString::number(keys), QStringLiteral("--sources"),
                  QStringLiteral("10"), QStringLiteral("--data"), data});

    // Generous: a benchmark that never finishes says so rather than hanging.
    QTimer::singleShot(600000, &app, [] { fail(QStringLiteral("timed out")); });
    return app.exec(); // the QProcess destructors stop the children
}
