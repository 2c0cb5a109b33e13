// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class FilterLineEdit;
class LogModel;
class QComboBox;
class QSortFilterProxyModel;
class QTableView;

// The log dock: messages filtered by severity and text, following the
// newest unless the user scrolled back to read.
class LogView : public QWidget
{
    Q_OBJECT

public:
    explicit LogView(LogModel *model, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }

private:
    void scrollToNewest();

    LogModel *m_model;
    QSortFilterProxyModel *m_severityProxy;
    QSortFilterProxyModel *m_textProxy;
    QComboBox *m_severity;
    FilterLineEdit *m_filter;
    QTableView *m_table;
};
