// SPDX-License-Identifier: MIT
#include "compareview.h"

#include "compareclockmodel.h"
#include "comparemodel.h"
#include "format.h"
#include "messagebar.h"
#include "replicadiff.h"
#include "replicasession.h"

#include <QApplication>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QThreadPool>
#include <QTreeView>
#include <QVBoxLayout>

using namespace sb;

namespace {
constexpr int kMinIntervalMs = 250;
// A comparison may take at most 1/kLoadShare of the time between two.
constexpr int kLoadShare = 5;
} // namespace

CompareView::CompareView(ReplicaSession *session, CompareSource *source, QWidget *parent)
    : QWidget(parent), m_session(session), m_source(source), m_model(new CompareModel(this)),
      m_clockModel(new CompareClockModel(this)), m_messageBar(new MessageBar(this)),
      m_summary(new QLabel(this)), m_tree(new QTreeView(this)), m_clocks(new QTableView(this))
{
    m_source->setParent(this);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    m_summary->setText(tr("Reading %1 without changing it…").arg(m_source->name()));

    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_tree->expandAll();
    // The three groups are titles across the row; keys get room to be read.
    for (int group = 0; group < m_model->rowCount(); ++group)
        m_tree->setFirstColumnSpanned(group, QModelIndex(), true);
    m_tree->header()->resizeSection(0, 180);
    connect(m_model, &QAbstractItemModel::rowsInserted, m_tree, [this](const QModelIndex &parent) {
        if (parent.isValid())
            m_tree->expand(parent);
    });

    m_clocks->setModel(m_clockModel);
    m_clocks->verticalHeader()->hide();
    m_clocks->horizontalHeader()->setStretchLastSection(true);
    m_clocks->horizontalHeader()->resizeSection(0, 320); // an Ed25519 source id
    m_clocks->setWordWrap(false);
    m_clocks->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clocks->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(m_clocks);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    m_timer.setSingleShot(true);
    m_timer.setInterval(kMinIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &CompareView::compareNow);

    connect(m_source, &CompareSource::ready, this, &CompareView::compareNow);
    connect(m_source, &CompareSource::changed, this, &CompareView::scheduleCompare);
    connect(m_source, &CompareSource::failed, this, &CompareView::showError);
    connect(m_session, &ReplicaSession::replicaAboutToChange, this, [this] {
        ++m_generation;
        watchLocal(nullptr);
        m_timer.stop();
    });
    connect(m_session, &ReplicaSession::replicaChanged, this, [this](Scuttlebutt *replica) {
        watchLocal(replica);
        if (m_source->isReady())
            compareNow();
    });
    watchLocal(m_session->replica());
    m_source->start();
}

CompareView::~CompareView() = default;

void CompareView::watchLocal(Scuttlebutt *replica)
{
    disconnect(m_localConnection);
    m_local = replica;
    if (replica)
        m_localConnection = connect(replica, &Scuttlebutt::updateApplied, this,
                                    &CompareView::scheduleCompare);
}

void CompareView::scheduleCompare()
{
    // Not restarted by each update: a steady stream of updates still gets a
    // comparison every interval.
    if (!m_timer.isActive())
        m_timer.start();
}

void CompareView::compareNow()
{
    m_timer.stop();
    if (!m_local || !m_source->isReady())
        return;
    if (m_local->typeName() != m_source->replica()->typeName()) {
        m_model->clear();
        m_clockModel->setRows({});
        return showError(tr("Cannot compare with %1: it is of type %2 and this replica "
                            "of type %3; only replicas of one type compare")
                                 .arg(m_source->name(), m_source->replica()->typeName(),
                                      m_local->typeName()));
    }
    if (m_running) {
        m_pending = true;
        return;
    }
    // Copying what each side holds is all that happens on this thread; the
    // comparison runs on the global pool, and a change meanwhile is compared
    // once this one is shown.
    QElapsedTimer elapsed;
    elapsed.start();
    auto here = ReplicaDiff::Snapshot::of(*m_local, m_local->clock());
    auto there = ReplicaDiff::Snapshot::of(*m_source->replica(), m_source->clock());
    const qint64 snapshotMs = elapsed.elapsed();
    m_running = true;
    QPointer<CompareView> self(this);
    const int generation = m_generation;
    QThreadPool::globalInstance()->start(
            [self, generation, snapshotMs, here = std::move(here), there = std::move(there)] {
                QElapsedTimer worker;
                worker.start();
                ReplicaDiff diff = ReplicaDiff::compare(here, there);
                const qint64 workerMs = worker.elapsed();
                // Back on the GUI thread, where the view may have closed.
                QMetaObject::invokeMethod(
                        qApp,
                        [self, generation, snapshotMs, workerMs, diff = std::move(diff)] {
                            if (self)
                                self->showDiff(diff, generation, snapshotMs, workerMs);
                        },
                        Qt::QueuedConnection);
            });
}

void CompareView::showDiff(const ReplicaDiff &diff, int generation, qint64 snapshotMs,
                           qint64 workerMs)
{
    m_running = false;
    if (generation != m_generation || !m_local) {
        // Compared with a replica since replaced: compare again with the new one.
        if (m_local)
            compareNow();
        return;
    }
    QElapsedTimer elapsed;
    elapsed.start();
    m_model->setDiff(diff);
    m_clockModel->setRows(diff.clocks());
    m_lastGuiThreadMs = snapshotMs + elapsed.elapsed();
    m_lastCompareMs = snapshotMs + workerMs + elapsed.elapsed();
    ++m_comparisons;
    m_timer.setInterval(int(qMax<qint64>(kMinIntervalMs, m_lastCompareMs * kLoadShare)));

    const QString state = diff.isEqual()
            ? tr("The same: every key and both clocks agree.")
            : tr("%1 only here, %2 only there, %3 held by both differently%4.")
                      .arg(Format::count(diff.onlyInA().size()),
                           Format::count(diff.onlyInB().size()),
                           Format::count(diff.different().size()),
                           diff.clocksDiffer() ? tr("; the clocks differ") : QString());
    m_summary->setText(tr("Here: this replica (%1). There: %2. %3 Compared in %4.")
                               .arg(Format::shortId(m_local->id()), m_source->name(), state,
                                    Format::duration(double(m_lastCompareMs))));
    if (!m_source->hasFailed())
        m_messageBar->clear();
    emit compared();
    if (m_pending) {
        m_pending = false;
        scheduleCompare();
    }
}

QString CompareView::errorText() const
{
    return m_messageBar->text();
}

QString CompareView::summaryText() const
{
    return m_summary->text();
}

void CompareView::showError(const QString &text)
{
    m_messageBar->showMessage(
            Severity::Error,
            tr("%1 Nothing held here or there was changed.").arg(Format::asSentence(text)));
}
