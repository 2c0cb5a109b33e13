// SPDX-License-Identifier: MIT
#include "timelinepanel.h"

#include "dialect.h"
#include "filterlineedit.h"
#include "format.h"
#include "jsonpane.h"
#include "middleelidedelegate.h"
#include "snapshotmodel.h"
#include "timelinemarker.h"
#include "timelinemodel.h"
#include "timelineview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

TimelinePanel::TimelinePanel(QWidget *parent)
    : QWidget(parent), m_view(new TimelineView(this)), m_summary(new QLabel(this)),
      m_capacity(new QSpinBox(this)), m_liveButton(new QToolButton(this)),
      m_scrubber(new QSlider(Qt::Horizontal, this)), m_position(new QLabel(this)),
      m_updatePane(new JsonPane(this)), m_tabs(new QTabWidget(this)),
      m_updatesTable(new QTableView(this)), m_snapshotCaption(new QLabel(this)),
      m_snapshotFilter(new FilterLineEdit(this)), m_snapshot(new SnapshotModel(this)),
      m_snapshotProxy(new QSortFilterProxyModel(this)), m_snapshotTable(new QTableView(this))
{
    m_capacity->setRange(1000, 10'000'000);
    m_capacity->setSingleStep(10000);
    m_capacity->setGroupSeparatorShown(true);
    m_capacity->setSuffix(tr(" updates"));
    m_capacity->setToolTip(tr("How many updates the timeline keeps; older ones are dropped"));
    auto *top = new QHBoxLayout;
    top->addWidget(m_summary, 1);
    addLegend(top);
    top->addSpacing(12);
    top->addWidget(new QLabel(tr("Keep last"), this));
    top->addWidget(m_capacity);

    m_liveButton->setText(tr("● Live"));
    m_liveButton->setCheckable(true);
    m_liveButton->setToolTip(tr("Follow new updates as they arrive"));
    m_scrubber->setToolTip(tr("Travel back to any recorded update"));
    m_position->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 36);
    auto *scrub = new QHBoxLayout;
    scrub->addWidget(m_liveButton);
    scrub->addWidget(m_scrubber, 1);
    scrub->addWidget(m_position);

    configureTable(m_updatesTable);
    m_updatesTable->setItemDelegateForColumn(TimelineModel::SourceColumn,
                                             new MiddleElideDelegate(this));
    m_snapshotBox = createSnapshotBox();
    m_tabs->addTab(m_updatesTable, tr("Updates"));
    m_tabs->addTab(m_snapshotBox, tr("Keys Then"));
    m_tabs->setDocumentMode(true);

    auto *details = new QSplitter(Qt::Horizontal, this);
    details->addWidget(m_updatePane);
    details->addWidget(m_tabs);
    details->setStretchFactor(0, 2);
    details->setStretchFactor(1, 3);
    details->setChildrenCollapsible(false);
    auto *vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(m_view);
    auto *lower = new QWidget(this);
    auto *lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(scrub);
    lowerLayout->addWidget(details, 1);
    vertical->addWidget(lower);
    vertical->setStretchFactor(0, 2);
    vertical->setStretchFactor(1, 3);
    vertical->setSizes({180, 260});
    vertical->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(vertical, 1);

    m_snapshotTimer.setSingleShot(true);
    m_snapshotTimer.setInterval(150);
    connect(&m_snapshotTimer, &QTimer::timeout, this, &TimelinePanel::rebuildSnapshot);
    connect(m_scrubber, &QSlider::valueChanged, this, [this](int row) {
        if (!m_syncing)
            travelTo(row);
    });
    connect(m_liveButton, &QToolButton::clicked, this, [this](bool checked) {
        if (checked)
            goLive();
        else if (m_timeline && m_timeline->rowCount() > 0)
            travelTo(m_timeline->rowCount() - 1);
    });
    connect(m_capacity, &QSpinBox::editingFinished, this, [this] {
        if (m_timeline && m_capacity->value() != m_timeline->capacity()) {
            m_timeline->setCapacity(m_capacity->value());
            emit capacityChanged(m_capacity->value());
        }
    });
    connect(m_snapshotFilter, &FilterLineEdit::filterChanged, m_snapshotProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_updatesTable, &QTableView::clicked, this,
            [this](const QModelIndex &index) { travelTo(index.row(), Reveal::KeepTab); });
    setModels(nullptr, nullptr);
}

void TimelinePanel::addLegend(QHBoxLayout *layout)
{
    using Kind = TimelineEntry::Kind;
    const QColor colour(0x42, 0x85, 0xf4);
    const struct
    {
        Kind kind;
        bool isDelete;
        const char *text;
    } items[] = {{Kind::Applied, false, QT_TRANSLATE_NOOP("TimelinePanel", "applied")},
                 {Kind::Applied, true, QT_TRANSLATE_NOOP("TimelinePanel", "delete")},
                 {Kind::OldData, false, QT_TRANSLATE_NOOP("TimelinePanel", "old data")},
                 {Kind::Unverified, false, QT_TRANSLATE_NOOP("TimelinePanel", "rejected")}};
    const int size = fontMetrics().height();
    for (const auto &item : items) {
        auto *icon = new QLabel(this);
        icon->setPixmap(TimelineMarker::pixmap(item.kind, item.isDelete, colour, size));
        layout->addWidget(icon);
        layout->addWidget(new QLabel(tr(item.text), this));
        layout->addSpacing(6);
    }
}

void TimelinePanel::configureTable(QTableView *table)
{
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setHighlightSections(false);
}

QWidget *TimelinePanel::createSnapshotBox()
{
    m_snapshotProxy->setSourceModel(m_snapshot);
    m_snapshotProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_snapshotProxy->setFilterKeyColumn(SnapshotModel::KeyColumn);
    configureTable(m_snapshotTable);
    m_snapshotTable->setModel(m_snapshotProxy);
    m_snapshotTable->setSortingEnabled(true);
    m_snapshotTable->sortByColumn(SnapshotModel::KeyColumn, Qt::AscendingOrder);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    QHeaderView *header = m_snapshotTable->horizontalHeader();
    header->resizeSection(SnapshotModel::KeyColumn, digit * 16);
    header->resizeSection(SnapshotModel::ValueColumn, digit * 24);
    header->resizeSection(SnapshotModel::SourceColumn, digit * 14);
    header->resizeSection(SnapshotModel::TimestampColumn, digit * 23);
    m_snapshotFilter->setPlaceholderText(tr("Filter keys…"));
    m_snapshotCaption->setWordWrap(true);
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 4, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_snapshotCaption, 1);
    top->addWidget(m_snapshotFilter);
    layout->addLayout(top);
    layout->addWidget(m_snapshotTable, 1);
    return box;
}

void TimelinePanel::setModels(TimelineModel *timeline, sb::Model *model)
{
    if (m_timeline)
        m_timeline->disconnect(this);
    m_timeline = timeline;
    m_model = model;
    m_view->setModel(timeline);
    m_updatesTable->setModel(timeline);
    m_snapshot->clear();
    m_tabs->setTabEnabled(m_tabs->indexOf(m_snapshotBox), model != nullptr);
    if (timeline) {
        const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
        const int widths[] = {7, 13, 14, 14, 22, 23, 9};
        for (int column = 0; column < int(std::size(widths)); ++column)
            m_updatesTable->horizontalHeader()->resizeSection(column, digit * widths[column]);
    }
    if (timeline) {
        m_capacity->setValue(timeline->capacity());
        connect(timeline, &TimelineModel::batchApplied, this, &TimelinePanel::onRowsChanged);
        connect(timeline, &TimelineModel::droppedCountChanged, this, &TimelinePanel::updateSummary);
        connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
                [this](const QModelIndex &current) {
                    if (!m_syncing && current.isValid())
                        travelTo(current.row());
                });
    }
    goLive();
    onRowsChanged();
}

void TimelinePanel::onRowsChanged()
{
    const int rows = m_timeline ? m_timeline->rowCount() : 0;
    m_syncing = true;
    m_scrubber->setRange(0, qMax(0, rows - 1));
    m_scrubber->setEnabled(rows > 0);
    if (m_live) {
        m_scrubber->setValue(m_scrubber->maximum());
        if (rows > 0) {
            showUpdate(rows - 1);
            m_updatesTable->scrollToBottom();
        }
    } else {
        const int row = m_timeline->rowOfSequence(m_cursorSequence);
        m_scrubber->setValue(qMax(0, row));
        m_view->setCursorRow(row);
        if (row < 0)
            m_position->setText(tr("#%1 was dropped from the timeline").arg(m_cursorSequence));
    }
    m_syncing = false;
    updateSummary();
}

void TimelinePanel::updateSummary()
{
    if (!m_timeline) {
        m_summary->clear();
        return;
    }
    QString text = tr("<b>%1</b> updates recorded").arg(Format::count(m_timeline->rowCount()));
    if (m_timeline->droppedCount() > 0)
        text += tr(" · <span style='color:#c25e00'>%1 oldest dropped (keeping the "
                   "last %2)</span>")
                        .arg(Format::count(m_timeline->droppedCount()),
                             Format::count(m_timeline->capacity()));
    m_summary->setText(text);
}

void TimelinePanel::travelTo(int row, Reveal reveal)
{
    if (!m_timeline || row < 0 || row >= m_timeline->rowCount())
        return;
    m_live = false;
    m_liveButton->setChecked(false);
    m_cursorSequence = m_timeline->entryAt(row).sequence;
    m_syncing = true;
    m_scrubber->setValue(row);
    const QModelIndex index = m_timeline->index(row, 0);
    m_view->setFollowing(false);
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    m_view->setCursorRow(row);
    m_syncing = false;
    m_updatesTable->selectRow(row);
    if (reveal == Reveal::KeepTab)
        m_updatesTable->scrollTo(m_timeline->index(row, 0));
    showUpdate(row);
    if (m_model) {
        m_snapshotTimer.start();
        if (reveal == Reveal::Snapshot)
            m_tabs->setCurrentWidget(m_snapshotBox);
    }
}

void TimelinePanel::goLive()
{
    m_live = true;
    m_liveButton->setChecked(true);
    m_snapshotTimer.stop();
    m_syncing = true;
    m_view->setCursorRow(-1);
    m_view->selectionModel()->clearCurrentIndex();
    m_view->clearSelection();
    m_view->setFollowing(true);
    m_scrubber->setValue(m_scrubber->maximum());
    m_syncing = false;
    m_position->setText(tr("Live"));
    m_updatePane->setCaption(tr("<b>Latest update</b>"));
    m_updatePane->setPlaceholder(
            tr("Click an update in the lanes, or drag the slider, to see it here."));
    m_updatesTable->clearSelection();
    m_tabs->setCurrentWidget(m_updatesTable);
    m_snapshot->clear();
    m_snapshotCaption->setText(tr("Live: the keys view shows the current state. Drag "
                                  "the slider to see the keys as they were after any "
                                  "recorded update."));
}

void TimelinePanel::showUpdate(int row)
{
    const TimelineEntry entry = m_timeline->entryAt(row);
    QByteArray wire;
    sb::Dialect::v5().appendUpdate(wire, entry.update);
    wire.chop(1);
    QString outcome = TimelineModel::kindName(entry.kind);
    if (entry.local)
        outcome = tr("made here");
    if (entry.kind == TimelineEntry::Kind::Unverified)
        outcome = tr("<span style='color:#c62828'>rejected, not applied: %1</span>")
                          .arg(entry.reason.toHtmlEscaped());
    else if (entry.update.isSigned())
        outcome += tr(" · signed");
    m_updatePane->setCaption(tr("<b>%6#%1 · %2</b><br><small>stamped %3 by %4, "
                                "received %5</small>")
                                     .arg(entry.sequence)
                                     .arg(outcome, Format::dateTime(entry.update.timestamp()),
                                          entry.update.source().toHtmlEscaped(),
                                          Format::dateTime(double(entry.receivedAt)),
                                          m_live ? tr("Latest update · ") : QString()));
    m_updatePane->setText(QString::fromUtf8(wire));
    m_position->setText(tr("%4#%1 · %2 · %3")
                                .arg(entry.sequence)
                                .arg(Format::time(double(entry.receivedAt)), entry.update.key(),
                                     m_live ? tr("Live · ") : QString()));
}

void TimelinePanel::rebuildSnapshot()
{
    m_snapshotTimer.stop();
    if (m_live || !m_timeline || !m_model)
        return;
    const int row = m_timeline->rowOfSequence(m_cursorSequence);
    if (row < 0)
        return;
    m_snapshot->rebuild(m_timeline, m_model, row);
    QString caption = tr("<b>Keys after #%1</b> — %2 keys, read-only")
                              .arg(m_cursorSequence)
                              .arg(Format::count(m_snapshot->rowCount()));
    if (m_snapshot->unknownCount() > 0)
        caption += tr("; %1 keys changed later have an earlier value that was dropped "
                      "from the timeline")
                           .arg(Format::count(m_snapshot->unknownCount()));
    m_snapshotCaption->setText(caption);
}
