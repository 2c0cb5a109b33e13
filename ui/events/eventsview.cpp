// SPDX-License-Identifier: MIT
#include "eventsview.h"

#include "eventsmodel.h"
#include "filterlineedit.h"
#include "format.h"
#include "messagebar.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

EventsView::EventsView(QWidget *parent)
    : QWidget(parent), m_proxy(new QSortFilterProxyModel(this)), m_filter(new FilterLineEdit(this)),
      m_count(new QLabel(this)), m_table(new QTableView(this)), m_event(new QLineEdit(this)),
      m_data(new QLineEdit(this)), m_emit(new QPushButton(tr("&Emit"), this)),
      m_messages(new MessageBar(this))
{
    m_filter->setPlaceholderText(tr("Filter events and data…"));
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);

    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // order received
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_event->setPlaceholderText(tr("event name"));
    m_data->setPlaceholderText(tr("data as JSON (optional), e.g. {\"x\": 1}"));
    m_data->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_emit->setDefault(true);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(new QLabel(tr("Emit:"), this));
    bottom->addWidget(m_event, 1);
    bottom->addWidget(m_data, 3);
    bottom->addWidget(m_emit);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_messages);
    layout->addWidget(m_table, 1);
    layout->addLayout(bottom);

    connect(m_filter, &FilterLineEdit::filterChanged, m_proxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(m_emit, &QPushButton::clicked, this, &EventsView::emitEvent);
    connect(m_event, &QLineEdit::returnPressed, this, &EventsView::emitEvent);
    connect(m_data, &QLineEdit::returnPressed, this, &EventsView::emitEvent);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &EventsView::onRowsInserted);
    setModel(nullptr);
}

EventsModel *EventsView::model() const
{
    return m_model;
}

void EventsView::setModel(EventsModel *model)
{
    m_model = model;
    m_proxy->setSourceModel(model);
    if (model && !m_columnsSized) {
        // Sections exist only once the table has a model.
        m_columnsSized = true;
        const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
        m_table->horizontalHeader()->resizeSection(EventsModel::TimeColumn, digit * 25);
        m_table->horizontalHeader()->resizeSection(EventsModel::SourceColumn, digit * 20);
        m_table->horizontalHeader()->resizeSection(EventsModel::EventColumn, digit * 20);
    }
    m_emit->setEnabled(model != nullptr && !m_readOnly);
    m_messages->clear();
    onRowsInserted();
}

void EventsView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_emit->setEnabled(m_model && !readOnly);
    m_event->setReadOnly(readOnly);
    m_data->setReadOnly(readOnly);
}

void EventsView::emitEvent()
{
    if (!m_model || m_readOnly)
        return;
    const QString event = m_event->text().trimmed();
    if (auto error = m_model->emitEvent(event, m_data->text())) {
        m_messages->showMessage(Severity::Error, *error);
        emit statusMessage(*error);
        return;
    }
    m_messages->clear();
    m_data->clear();
    emit statusMessage(tr("Emitted \"%1\"").arg(event));
}

void EventsView::onRowsInserted()
{
    const int rows = m_model ? m_model->rowCount() : 0;
    m_count->setText(tr("%1 events").arg(Format::count(rows)));
    // Stay at the newest event unless the user scrolled up to read.
    QScrollBar *bar = m_table->verticalScrollBar();
    if (bar->value() >= bar->maximum() - 2 * m_table->verticalHeader()->defaultSectionSize())
        QMetaObject::invokeMethod(m_table, &QTableView::scrollToBottom, Qt::QueuedConnection);
}
