// SPDX-License-Identifier: MIT
#include "compareclockmodel.h"

#include "format.h"

#include <QFont>

using namespace sb;

CompareClockModel::CompareClockModel(QObject *parent) : QAbstractTableModel(parent) { }

void CompareClockModel::setRows(const QList<ReplicaDiff::ClockRow> &rows)
{
    // Sources are only ever added to a clock, and rows come sorted by source:
    // rows keep their place, and a new source is inserted where it sorts.
    qsizetype row = 0;
    for (const ReplicaDiff::ClockRow &next : rows) {
        while (row < m_rows.size() && m_rows[row].source < next.source) {
            beginRemoveRows({}, int(row), int(row));
            m_rows.removeAt(row);
            endRemoveRows();
        }
        if (row < m_rows.size() && m_rows[row].source == next.source) {
            if (m_rows[row].a != next.a || m_rows[row].b != next.b) {
                m_rows[row] = next;
                emit dataChanged(index(int(row), 0), index(int(row), ColumnCount - 1));
            }
        } else {
            beginInsertRows({}, int(row), int(row));
            m_rows.insert(row, next);
            endInsertRows();
        }
        ++row;
    }
    if (row < m_rows.size()) {
        beginRemoveRows({}, int(row), int(m_rows.size()) - 1);
        m_rows.resize(row);
        endRemoveRows();
    }
}

int CompareClockModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CompareClockModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CompareClockModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ReplicaDiff::ClockRow &row = m_rows[index.row()];
    if (role == Qt::FontRole && row.differs()) {
        QFont font;
        font.setBold(true);
        return font;
    }
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case SourceColumn:
        return row.source;
    case HereColumn:
        return row.inA() ? Format::rawTimestamp(row.a) : QStringLiteral("—");
    case ThereColumn:
        return row.inB() ? Format::rawTimestamp(row.b) : QStringLiteral("—");
    }
    return {};
}

QVariant CompareClockModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SourceColumn:
        return tr("Source");
    case HereColumn:
        return tr("Clock here");
    case ThereColumn:
        return tr("Clock there");
    }
    return {};
}
