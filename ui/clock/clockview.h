// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class ClockModel;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

// Shows the vector clock: each source, what we hold from it, and where each
// connected peer stands, with a legend for the arrows.
class ClockView : public QWidget
{
    Q_OBJECT

public:
    explicit ClockView(QWidget *parent = nullptr);

    void setModel(ClockModel *model);
    ClockModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }

private:
    void fitColumns();

    ClockModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_table;
    QLabel *m_legend;
};
