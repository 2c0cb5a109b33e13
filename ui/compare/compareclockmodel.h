// SPDX-License-Identifier: MIT
#pragma once

#include "replicadiff.h"

#include <QAbstractTableModel>

// The two sides' vector clocks side by side, one row per source of either,
// the rows where they differ in bold.
class CompareClockModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SourceColumn, HereColumn, ThereColumn, ColumnCount };

    explicit CompareClockModel(QObject *parent = nullptr);

    void setRows(const QList<sb::ReplicaDiff::ClockRow> &rows);
    const QList<sb::ReplicaDiff::ClockRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<sb::ReplicaDiff::ClockRow> m_rows;
};
