// SPDX-License-Identifier: MIT
#pragma once

#include "comparesource.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QWidget>

class CompareClockModel;
class CompareModel;
class MessageBar;
class QLabel;
class QTableView;
class QTreeView;
class ReplicaSession;

namespace sb {
class ReplicaDiff;
class Scuttlebutt;
} // namespace sb

// The session's replica ("here") compared with another side ("there"): the
// three groups of CompareModel and the clocks side by side, live. A change on
// either side starts a coalescing timer, not a comparison per update; the
// interval grows with the time a comparison takes. Only copying both sides
// and updating the models happen on the GUI thread: the comparison itself
// (hashing and sorting every key) runs on the global thread pool. Failures (an
// unreachable peer, a file that is no replica, replicas of two kinds) are
// shown in the view's message bar, naming the other side; nothing held on
// either side is changed.
class CompareView : public QWidget
{
    Q_OBJECT

public:
    CompareView(ReplicaSession *session, CompareSource *source, QWidget *parent = nullptr);
    ~CompareView() override;

    CompareSource *source() const { return m_source; }
    CompareModel *model() const { return m_model; }
    CompareClockModel *clockModel() const { return m_clockModel; }
    QTreeView *tree() const { return m_tree; }
    // The error shown, empty when none.
    QString errorText() const;
    QString summaryText() const;
    // How long the last comparison took, and the part of it spent on the GUI
    // thread (copying both sides, updating the models).
    qint64 lastCompareMs() const { return m_lastCompareMs; }
    qint64 lastGuiThreadMs() const { return m_lastGuiThreadMs; }
    int comparisons() const { return m_comparisons; }

    // Compares now instead of after the coalescing interval; compared()
    // follows once the comparison, made on another thread, is shown.
    void compareNow();

signals:
    // A comparison finished and the models show it.
    void compared();

private:
    void watchLocal(sb::Scuttlebutt *replica);
    void scheduleCompare();
    void showDiff(const sb::ReplicaDiff &diff, int generation, qint64 snapshotMs, qint64 workerMs);
    void showError(const QString &text);

    ReplicaSession *m_session;
    CompareSource *m_source;
    QPointer<sb::Scuttlebutt> m_local;
    CompareModel *m_model;
    CompareClockModel *m_clockModel;
    MessageBar *m_messageBar;
    QLabel *m_summary;
    QTreeView *m_tree;
    QTableView *m_clocks;
    QTimer m_timer;
    QMetaObject::Connection m_localConnection;
    qint64 m_lastCompareMs = 0;
    qint64 m_lastGuiThreadMs = 0;
    int m_generation = 0; // of the local replica, which the session may replace
    bool m_running = false;
    bool m_pending = false;
    int m_comparisons = 0;
};
