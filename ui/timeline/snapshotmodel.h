// SPDX-License-Identifier: MIT
#pragma once

#include "update.h"

#include <QAbstractTableModel>

#include <vector>

class TimelineModel;
namespace sb {
class Model;
}

// The keys of a Model replica as they were just after one update of the
// timeline, rebuilt from the recorded updates and the current state (a key the
// timeline never saw change has held its current value all along). Read-only.
// When the timeline dropped its oldest updates, keys first seen changing after
// the chosen point have an unknown earlier value: they are left out and
// counted in unknownCount().
class SnapshotModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { KeyColumn, ValueColumn, SourceColumn, TimestampColumn, SinceColumn, ColumnCount };

    explicit SnapshotModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // Rebuilds the keys as of just after the update in timeline row row.
    void rebuild(const TimelineModel *timeline, const sb::Model *model, int row);
    void clear();

    qint64 sequence() const { return m_sequence; }
    int unknownCount() const { return m_unknown; }
    const sb::Update &updateAt(int row) const { return m_rows[size_t(row)].then; }
    // The row of key, or -1 when the key did not exist then.
    int rowOfKey(const QString &key) const;

private:
    struct Row
    {
        sb::Update then;
        sb::Update now;
    };

    std::vector<Row> m_rows;
    qint64 m_sequence = 0;
    int m_unknown = 0;
};
