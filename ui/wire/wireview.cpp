// SPDX-License-Identifier: MIT
#include "wireview.h"

#include "filterlineedit.h"
#include "format.h"
#include "jsonpane.h"
#include "wirefiltermodel.h"
#include "wiremodel.h"
#include "wirerecorder.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

using sb::WireLine;

WireView::WireView(WireModel *model, WireRecorder *recorder, QWidget *parent)
    : QWidget(parent), m_model(model), m_filter(new WireFilterModel(this)),
      m_capture(new QToolButton(this)), m_pause(new QToolButton(this)),
      m_peerBox(new QComboBox(this)), m_kindBox(new QComboBox(this)),
      m_search(new FilterLineEdit(this)), m_capacity(new QSpinBox(this)),
      m_table(new QTableView(this)), m_linePane(new JsonPane(this)), m_summary(new QLabel(this)),
      m_followPeer(new QAction(tr("&Follow This Peer"), this)),
      m_copyLine(new QAction(tr("&Copy Line"), this)),
      m_allPeers(new QAction(tr("Show &Every Peer"), this))
{
    m_capture->setText(tr("Capture"));
    m_capture->setIcon(style()->standardIcon(QStyle::SP_DialogYesButton));
    m_capture->setCheckable(true);
    m_capture->setChecked(recorder->isCapturing());
    m_capture->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_capture->setToolTip(tr("Capture every line of every peer; off, lines are "
                             "not kept (a trace being recorded still gets them)"));
    m_pause->setText(tr("Pause"));
    m_pause->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    m_pause->setCheckable(true);
    m_pause->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_pause->setToolTip(tr("Hold the table still to read it; lines go on being "
                           "captured and show when you resume"));
    auto *clear = new QPushButton(tr("Clear"), this);
    clear->setToolTip(tr("Forget every captured line"));

    m_peerBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_peerBox->setToolTip(tr("Show one peer's lines"));
    using Kinds = WireFilterModel::Kinds;
    const struct
    {
        const char *text;
        Kinds kinds;
    } kindItems[] = {{QT_TRANSLATE_NOOP("WireView", "All kinds"), Kinds::All},
                     {QT_TRANSLATE_NOOP("WireView", "Digests"), Kinds::Digests},
                     {QT_TRANSLATE_NOOP("WireView", "Updates"), Kinds::Updates},
                     {QT_TRANSLATE_NOOP("WireView", "History updates"), Kinds::History},
                     {QT_TRANSLATE_NOOP("WireView", "Live updates"), Kinds::Live},
                     {"SYNC", Kinds::Sync},
                     {QT_TRANSLATE_NOOP("WireView", "Refused and rejected"), Kinds::Problems}};
    for (const auto &item : kindItems)
        m_kindBox->addItem(tr(item.text), int(item.kinds));
    m_search->setPlaceholderText(tr("Search lines… (key:NAME source:ID text)"));
    m_capacity->setRange(1000, 10'000'000);
    m_capacity->setSingleStep(10000);
    m_capacity->setGroupSeparatorShown(true);
    m_capacity->setSuffix(tr(" lines"));
    m_capacity->setValue(model->capacity());
    m_capacity->setToolTip(tr("How many lines the Wire dock keeps; older ones are dropped"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_capture);
    top->addWidget(m_pause);
    top->addWidget(clear);
    top->addSpacing(8);
    top->addWidget(m_peerBox);
    top->addWidget(m_kindBox);
    top->addWidget(m_search, 1);
    top->addSpacing(8);
    top->addWidget(new QLabel(tr("Keep last"), this));
    top->addWidget(m_capacity);

    m_filter->setSourceModel(model);
    m_table->setModel(m_filter);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 4);
    QHeaderView *header = m_table->horizontalHeader();
    header->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(WireModel::NumberColumn, digit * 9);
    header->resizeSection(WireModel::TimeColumn, digit * 12);
    header->resizeSection(WireModel::PeerColumn, digit * 21);
    header->resizeSection(WireModel::DirectionColumn, digit * 7);
    header->resizeSection(WireModel::KindColumn, digit * 11);
    header->resizeSection(WireModel::OutcomeColumn, digit * 12);
    header->resizeSection(WireModel::BytesColumn, digit * 8);
    m_copyLine->setShortcut(QKeySequence::Copy);
    m_copyLine->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(m_followPeer);
    m_table->addAction(m_allPeers);
    m_table->addAction(m_copyLine);

    m_linePane->setPlaceholder(tr("Select a line to see it whole"));
    // Side by side: a bottom dock is wide and low, and a line's JSON is tall.
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_linePane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({900, 500});
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_summary);

    fillPeerBox();
    connect(model, &WireModel::peersChanged, this, &WireView::fillPeerBox);
    connect(model, &WireModel::countsChanged, this, &WireView::updateSummary);
    connect(model, &QAbstractItemModel::modelReset, this, &WireView::updateSummary);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &WireView::scrollToNewest);
    // A burst arrives as a reset (see WireModel::flush): keep to the newest
    // rows across it if they were in view.
    connect(m_filter, &QAbstractItemModel::modelAboutToBeReset, this,
            [this] { m_atNewest = isShowingNewest(); });
    connect(m_filter, &QAbstractItemModel::modelReset, this, [this] {
        updateSummary();
        if (m_following || m_atNewest)
            QMetaObject::invokeMethod(m_table, &QTableView::scrollToBottom, Qt::QueuedConnection);
    });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &WireView::updateSummary);
    connect(m_pause, &QToolButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("Resume") : tr("Pause"));
        m_pause->setIcon(
                style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
        m_model->setPaused(paused);
    });
    connect(clear, &QPushButton::clicked, model, &WireModel::clear);
    connect(m_capture, &QToolButton::toggled, recorder, &WireRecorder::setCapturing);
    connect(recorder, &WireRecorder::capturingChanged, m_capture, &QToolButton::setChecked);
    connect(m_peerBox, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setPeer(m_peerBox->currentData().toString());
        updateSummary();
    });
    connect(m_kindBox, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setKinds(WireFilterModel::Kinds(m_kindBox->currentData().toInt()));
        updateSummary();
    });
    connect(m_search, &FilterLineEdit::filterChanged, this, [this](const QString &text) {
        m_filter->setSearch(text);
        updateSummary();
    });
    connect(m_capacity, &QSpinBox::editingFinished, this, [this] {
        if (m_capacity->value() != m_model->capacity()) {
            m_model->setCapacity(m_capacity->value());
            emit capacityChanged(m_capacity->value());
        }
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WireView::showSelectedLine);
    connect(m_followPeer, &QAction::triggered, this, [this] {
        const int row = selectedSourceRow();
        if (row >= 0)
            followPeer(m_model->peerName(m_model->entryAt(row).peer));
    });
    connect(m_allPeers, &QAction::triggered, this, [this] { followPeer({}); });
    connect(m_copyLine, &QAction::triggered, this, [this] {
        const int row = selectedSourceRow();
        if (row >= 0)
            QApplication::clipboard()->setText(QString::fromUtf8(m_model->entryAt(row).bytes()));
    });
    updateSummary();
    showSelectedLine();
}

void WireView::followPeer(const QString &peer)
{
    const int index = m_peerBox->findData(peer);
    m_peerBox->setCurrentIndex(qMax(0, index));
    m_following = !peer.isEmpty();
    if (m_following)
        m_table->scrollToBottom();
}

void WireView::fillPeerBox()
{
    const QString current = m_peerBox->currentData().toString();
    const QSignalBlocker blocker(m_peerBox);
    m_peerBox->clear();
    m_peerBox->addItem(tr("All peers"), QString());
    for (const QString &peer : m_model->peers())
        m_peerBox->addItem(peer, peer);
    const int index = m_peerBox->findData(current);
    m_peerBox->setCurrentIndex(qMax(0, index));
    if (index < 0 && !current.isEmpty())
        m_filter->setPeer({});
}

int WireView::selectedSourceRow() const
{
    const QModelIndex current = m_table->selectionModel()->currentIndex();
    return current.isValid() ? m_filter->mapToSource(current).row() : -1;
}

void WireView::showSelectedLine()
{
    const int row = selectedSourceRow();
    m_followPeer->setEnabled(row >= 0);
    m_copyLine->setEnabled(row >= 0);
    if (row < 0) {
        m_linePane->setCaption(tr("Line"));
        m_linePane->setPlaceholder(tr("Select a line to see it whole"));
        return;
    }
    const WireEntry &entry = m_model->entryAt(row);
    QString caption = tr("No. %1 · %2 %3 %4 · %5 · %6")
                              .arg(entry.number)
                              .arg(entry.direction == WireLine::Direction::In ? tr("in from")
                                                                              : tr("out to"),
                                   m_model->peerName(entry.peer),
                                   tr("at %1 s").arg(entry.ms / 1000.0, 0, 'f', 6),
                                   WireLine::kindName(entry.kind), Format::bytes(entry.size));
    if (entry.outcome != WireLine::Outcome::None)
        caption += QStringLiteral(" · ") + WireLine::outcomeName(entry.outcome);
    if (!entry.reason.isEmpty())
        caption += QStringLiteral(": ") + entry.reason;
    m_linePane->setCaption(caption);
    m_linePane->setJson(entry.bytes().toByteArray());
}

void WireView::updateSummary()
{
    QString text
            = tr("%1 of %2 lines shown")
                      .arg(Format::count(m_filter->rowCount()), Format::count(m_model->rowCount()));
    if (m_model->droppedCount() > 0)
        text += tr(" · %1 older lines dropped (keeping the last %2)")
                        .arg(Format::count(m_model->droppedCount()),
                             Format::count(m_model->capacity()));
    if (m_model->isPaused())
        text += tr(" · paused, %1 new lines waiting").arg(Format::count(m_model->queuedCount()));
    m_summary->setText(text);
}

bool WireView::isShowingNewest() const
{
    const QScrollBar *bar = m_table->verticalScrollBar();
    return bar->value() >= bar->maximum() - 2 * m_table->verticalHeader()->defaultSectionSize();
}

void WireView::scrollToNewest()
{
    updateSummary();
    if (m_following || isShowingNewest())
        QMetaObject::invokeMethod(m_table, &QTableView::scrollToBottom, Qt::QueuedConnection);
}
