// SPDX-License-Identifier: MIT
#include "clockview.h"

#include "clockmodel.h"

#include <QHeaderView>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

ClockView::ClockView(QWidget *parent)
    : QWidget(parent), m_proxy(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_legend(new QLabel(this))
{
    m_proxy->setSortRole(ClockModel::SortRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // arrival order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);

    m_legend->setText(tr(
            "<small><span style='color:#2e7d32'>= level</span> &nbsp; "
            "<span style='color:#1565c0'>▲ peer ahead: it has updates we lack</span> &nbsp; "
            "<span style='color:#c25e00'>▼ peer behind: it lacks updates we hold</span></small>"));
    m_legend->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_legend);
    connect(m_proxy, &QAbstractItemModel::columnsInserted, this, &ClockView::fitColumns);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ClockView::fitColumns);
}

void ClockView::setModel(ClockModel *model)
{
    m_model = model;
    m_proxy->setSourceModel(model);
    fitColumns();
}

void ClockView::fitColumns()
{
    if (!m_model)
        return;
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    QHeaderView *header = m_table->horizontalHeader();
    header->resizeSection(ClockModel::SourceColumn, digit * 17);
    header->resizeSection(ClockModel::LatestColumn, digit * 16);
    header->resizeSection(ClockModel::HeldColumn, digit * 7);
    header->resizeSection(ClockModel::RejectedColumn, digit * 9);
    for (int column = ClockModel::FirstPeerColumn; column < m_model->columnCount(); ++column)
        header->resizeSection(column, digit * 17);
}
