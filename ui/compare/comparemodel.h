// SPDX-License-Identifier: MIT
#pragma once

#include "replicadiff.h"

#include <QAbstractItemModel>

// What a comparison found, as a tree of three groups: the entries only the
// local replica holds ("here"), those only the other side holds ("there"),
// and those both hold differently. Each entry shows each side's value,
// source and stamp, which one scuttlebutt's rule keeps and the rule. A new
// comparison changes only the groups that changed, so that expansion and
// selection survive a live view.
class CompareModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum class Group { OnlyHere, OnlyThere, Different };
    enum Column {
        KeyColumn,
        HereValueColumn,
        HereSourceColumn,
        HereStampColumn,
        ThereValueColumn,
        ThereSourceColumn,
        ThereStampColumn,
        WinnerColumn,
        RuleColumn,
        ColumnCount
    };
    static constexpr int kGroupCount = 3;

    explicit CompareModel(QObject *parent = nullptr);

    // here is side A of diff, there side B.
    void setDiff(const sb::ReplicaDiff &diff);
    void clear();

    int count(Group group) const;
    static QString groupName(Group group);
    QModelIndex groupIndex(Group group) const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // One row: an update on either side (the other invalid when absent).
    struct Entry
    {
        sb::Update here;
        sb::Update there;
        sb::ReplicaDiff::Winner winner = sb::ReplicaDiff::Winner::Neither;
        QString rule;
        bool operator==(const Entry &other) const;
    };
    void replaceGroup(int group, QList<Entry> entries);
    QVariant entryData(const Entry &entry, int column, int role) const;

    QList<Entry> m_groups[kGroupCount];
};
