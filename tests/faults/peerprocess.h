// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <deque>
#include <utility>

// One sbpeer child of a fault test, driven through --stdin. It keeps what the
// peer printed: its port ('listening'), the sets it acknowledged ('ack KEY',
// once durable), its replica ('dump'), its stderr. Restarted after a kill, it
// runs with the same arguments, so from the same --file. The child dies with
// the test, however the test ends.
class PeerProcess : public QObject
{
    Q_OBJECT

public:
    PeerProcess(const QString &name, const QString &program, const QStringList &arguments,
                QObject *parent = nullptr);
    ~PeerProcess() override;

    QString name() const { return m_name; }
    void setArguments(const QStringList &arguments) { m_arguments = arguments; }
    void start();
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    qint64 processId() const { return m_process.processId(); }
    int starts() const { return m_starts; }

    // serve: the port it printed as 'listening HOST:PORT' since the last start, else 0.
    quint16 listenPort() const { return m_listenPort; }
    // 'synced' reports on stderr since the last start.
    int syncedCount() const { return m_synced; }

    // 'set KEY=JSON' on stdin; acknowledged() has it once the peer says 'ack KEY'.
    void set(const QString &key, const QByteArray &json);
    // A set whose fate is not tracked: its 'ack' is skipped, and a refusal
    // ('cannot set KEY' on stderr, when the replica holds a newer update of
    // KEY) is only counted.
    void setUntracked(const QString &key, const QByteArray &json);
    int refusedCount() const { return m_refused; }
    // Every set acknowledged, over all runs: key -> JSON value.
    const QHash<QString, QByteArray> &acknowledged() const { return m_acknowledged; }
    // Sets sent with set() (tracked) and with setUntracked(), over all runs.
    int setsSent() const { return m_setsSent; }
    int untrackedSent() const { return m_untrackedSent; }
    int acknowledgedCount() const { return m_acknowledgedCount; }
    qsizetype pendingCount() const { return qsizetype(m_pending.size()); }
    // An 'ack' that did not match the oldest set waiting for one.
    QString ackError() const { return m_ackError; }

    // Any command line on stdin (without its newline), not tracked.
    void command(const QByteArray &line);
    // 'dump' on stdin; lastDump() changes once the peer prints its replica.
    void requestDump();
    QByteArray lastDump() const { return m_lastDump; }
    int dumpCount() const { return m_dumps; }

    // SIGKILL, and waits for the end. Sets not acknowledged are forgotten.
    void kill();
    // 'quit' on stdin: the peer compacts its file and exits.
    void quit();
    // What went to stderr, for failure messages.
    QString errorText() const;
    // The first report of a sanitizer (a build with SCUTTLESCOPE_SANITIZE or
    // SCUTTLESCOPE_FUZZ) on stderr, over all runs; empty when none.
    QString sanitizerReport() const { return m_sanitizerReport; }

signals:
    void listening(quint16 port);
    void exited();

private:
    void readOutput();
    void readErrors();
    void handleLine(const QByteArray &line);

    QString m_name;
    QString m_program;
    QStringList m_arguments;
    QProcess m_process;
    QByteArray m_outBuffer;
    QByteArray m_errBuffer;
    QStringList m_errorLines;
    int m_starts = 0;
    quint16 m_listenPort = 0;
    int m_synced = 0;
    std::deque<std::pair<QString, QByteArray>> m_pending;
    QHash<QString, QByteArray> m_acknowledged;
    int m_setsSent = 0;
    int m_untrackedSent = 0;
    int m_acknowledgedCount = 0;
    QString m_ackError;
    QHash<QString, int> m_untracked; // key -> acks to skip
    int m_refused = 0;
    QString m_sanitizerReport;
    QByteArray m_lastDump;
    int m_dumps = 0;
};
