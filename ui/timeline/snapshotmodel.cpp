// SPDX-License-Identifier: MIT
#include "snapshotmodel.h"

#include "format.h"
#include "model.h"
#include "sourcepalette.h"
#include "timelinemodel.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>
#include <QSet>

using namespace sb;

SnapshotModel::SnapshotModel(QObject *parent) : QAbstractTableModel(parent) { }

int SnapshotModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int SnapshotModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SnapshotModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows[size_t(index.row())];
    const bool changed = row.now != row.then;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return row.then.key();
        case ValueColumn:
            return Format::jsonCell(row.then.value());
        case SourceColumn:
            return row.then.source();
        case TimestampColumn:
            return Format::dateTime(row.then.timestamp());
        case SinceColumn:
            if (!changed)
                return tr("unchanged");
            return row.now.isDelete() ? tr("deleted since")
                                      : tr("now %1").arg(Format::jsonCell(row.now.value(), 60));
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn)
            return Format::prettyJson(row.then.value());
        if (index.column() == SinceColumn && changed)
            return tr("Now %1, set by %2 at %3")
                    .arg(Format::jsonCell(row.now.value(), 400), row.now.source(),
                         Format::dateTime(row.now.timestamp()));
        break;
    case Qt::DecorationRole:
        if (index.column() == SourceColumn)
            return SourcePalette::decoration(row.then.source());
        break;
    case Qt::FontRole:
        if (index.column() == ValueColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case Qt::ForegroundRole:
        if (index.column() == SinceColumn)
            return changed ? QColor(0xc2, 0x5e, 0x00) : QColor(Qt::gray);
        break;
    }
    return {};
}

QVariant SnapshotModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Value then");
    case SourceColumn:
        return tr("Source");
    case TimestampColumn:
        return tr("Timestamp");
    case SinceColumn:
        return tr("Since then");
    }
    return {};
}

int SnapshotModel::rowOfKey(const QString &key) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].then.key() == key)
            return int(i);
    }
    return -1;
}

void SnapshotModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_sequence = 0;
    m_unknown = 0;
    endResetModel();
}

void SnapshotModel::rebuild(const TimelineModel *timeline, const Model *model, int row)
{
    // A different point in time is a different table: a reset is the honest signal.
    beginResetModel();
    m_rows.clear();
    m_unknown = 0;
    m_sequence = timeline->entryAt(row).sequence;

    QHash<QString, Update> then;
    QSet<QString> recorded;
    for (int i = 0; i < timeline->rowCount(); ++i) {
        if (timeline->kindAt(i) != TimelineEntry::Kind::Applied)
            continue;
        const TimelineEntry entry = timeline->entryAt(i);
        recorded.insert(entry.update.key());
        if (i <= row)
            then.insert(entry.update.key(), entry.update);
    }
    const bool complete = timeline->isComplete();
    for (const QString &key : model->keys()) {
        const Update now = model->entry(key);
        Update value;
        if (const auto it = then.constFind(key); it != then.cend())
            value = *it;
        else if (!recorded.contains(key))
            value = now; // unchanged since before the timeline began
        else if (!complete)
            ++m_unknown;
        if (value.isValid() && !value.isDelete())
            m_rows.push_back(Row{value, now});
    }
    endResetModel();
}
