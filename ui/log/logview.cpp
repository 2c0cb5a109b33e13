// SPDX-License-Identifier: MIT
#include "logview.h"

#include "filterlineedit.h"
#include "logmodel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

LogView::LogView(LogModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_severityProxy(new QSortFilterProxyModel(this)),
      m_textProxy(new QSortFilterProxyModel(this)), m_severity(new QComboBox(this)),
      m_filter(new FilterLineEdit(this)), m_table(new QTableView(this))
{
    m_severity->addItem(tr("All messages"), QString());
    m_severity->addItem(tr("Warnings and errors"), QStringLiteral("^(warning|error)$"));
    m_severity->addItem(tr("Errors only"), QStringLiteral("^error$"));
    m_filter->setPlaceholderText(tr("Filter messages…"));
    auto *clear = new QPushButton(tr("Clear"), this);
    auto *top = new QHBoxLayout;
    top->addWidget(m_severity);
    top->addWidget(m_filter, 1);
    top->addWidget(clear);

    m_severityProxy->setSourceModel(model);
    m_severityProxy->setFilterRole(LogModel::SeverityRole);
    m_severityProxy->setFilterKeyColumn(LogModel::SeverityColumn);
    m_textProxy->setSourceModel(m_severityProxy);
    m_textProxy->setFilterKeyColumn(LogModel::MessageColumn);
    m_textProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_table->setModel(m_textProxy);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->horizontalHeader()->resizeSection(LogModel::TimeColumn, digit * 13);
    m_table->horizontalHeader()->resizeSection(LogModel::SeverityColumn, digit * 9);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_severity, &QComboBox::currentIndexChanged, this, [this] {
        m_severityProxy->setFilterRegularExpression(m_severity->currentData().toString());
    });
    connect(m_filter, &FilterLineEdit::filterChanged, m_textProxy,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(clear, &QPushButton::clicked, model, &LogModel::clear);
    connect(m_textProxy, &QAbstractItemModel::rowsInserted, this, &LogView::scrollToNewest);
}

void LogView::scrollToNewest()
{
    QScrollBar *bar = m_table->verticalScrollBar();
    if (bar->value() >= bar->maximum() - 2 * m_table->verticalHeader()->defaultSectionSize())
        QMetaObject::invokeMethod(m_table, &QTableView::scrollToBottom, Qt::QueuedConnection);
}
