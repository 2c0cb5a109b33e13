// SPDX-License-Identifier: MIT
#include "comparemodel.h"

#include "format.h"

#include <QFont>

using namespace sb;

namespace {
// Group rows have internal id 0; an entry's id is its group + 1.
constexpr quintptr kGroupId = 0;

bool sameUpdate(const Update &a, const Update &b)
{
    if (a.isValid() != b.isValid())
        return false;
    return !a.isValid()
            || (a.key() == b.key() && a.source() == b.source() && a.timestamp() == b.timestamp()
                && a.value() == b.value());
}

QString stamp(const Update &update)
{
    return update.isValid() ? Format::rawTimestamp(update.timestamp()) : QString();
}
} // namespace

bool CompareModel::Entry::operator==(const Entry &other) const
{
    return sameUpdate(here, other.here) && sameUpdate(there, other.there) && winner == other.winner
            && rule == other.rule;
}

CompareModel::CompareModel(QObject *parent) : QAbstractItemModel(parent) { }

void CompareModel::setDiff(const ReplicaDiff &diff)
{
    QList<Entry> onlyHere;
    onlyHere.reserve(diff.onlyInA().size());
    for (const Update &update : diff.onlyInA())
        onlyHere.append({update, {}, ReplicaDiff::Winner::A, tr("only here")});
    QList<Entry> onlyThere;
    onlyThere.reserve(diff.onlyInB().size());
    for (const Update &update : diff.onlyInB())
        onlyThere.append({{}, update, ReplicaDiff::Winner::B, tr("only there")});
    QList<Entry> different;
    different.reserve(diff.different().size());
    for (const ReplicaDiff::Difference &d : diff.different())
        different.append({d.a, d.b, d.winner, d.rule});
    replaceGroup(int(Group::OnlyHere), std::move(onlyHere));
    replaceGroup(int(Group::OnlyThere), std::move(onlyThere));
    replaceGroup(int(Group::Different), std::move(different));
}

void CompareModel::clear()
{
    for (int group = 0; group < kGroupCount; ++group)
        replaceGroup(group, {});
}

void CompareModel::replaceGroup(int group, QList<Entry> entries)
{
    QList<Entry> &current = m_groups[group];
    const QModelIndex parent = index(group, 0);
    if (current.size() == entries.size()) {
        // The same number of rows: tell the view only which rows changed.
        for (qsizetype row = 0; row < entries.size(); ++row) {
            if (current[row] == entries[row])
                continue;
            current[row] = entries[row];
            emit dataChanged(index(int(row), 0, parent), index(int(row), ColumnCount - 1, parent));
        }
        return;
    }
    if (!current.isEmpty()) {
        beginRemoveRows(parent, 0, int(current.size()) - 1);
        current.clear();
        endRemoveRows();
    }
    if (!entries.isEmpty()) {
        beginInsertRows(parent, 0, int(entries.size()) - 1);
        current = std::move(entries);
        endInsertRows();
    }
    // The count in the group's caption.
    emit dataChanged(parent, parent);
}

int CompareModel::count(Group group) const
{
    return int(m_groups[int(group)].size());
}

QString CompareModel::groupName(Group group)
{
    switch (group) {
    case Group::OnlyHere:
        return tr("Only here");
    case Group::OnlyThere:
        return tr("Only there");
    case Group::Different:
        return tr("Held by both differently");
    }
    return {};
}

QModelIndex CompareModel::groupIndex(Group group) const
{
    return index(int(group), 0);
}

QModelIndex CompareModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, kGroupId);
    return createIndex(row, column, quintptr(parent.row() + 1));
}

QModelIndex CompareModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == kGroupId)
        return {};
    return createIndex(int(child.internalId() - 1), 0, kGroupId);
}

int CompareModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return kGroupCount;
    if (parent.internalId() == kGroupId && parent.column() == 0)
        return int(m_groups[parent.row()].size());
    return 0;
}

int CompareModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant CompareModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    if (index.internalId() == kGroupId) {
        if (index.column() != KeyColumn)
            return {};
        const auto group = Group(index.row());
        if (role == Qt::DisplayRole)
            return QStringLiteral("%1 (%2)").arg(groupName(group), Format::count(count(group)));
        if (role == Qt::FontRole) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    }
    const auto &group = m_groups[index.internalId() - 1];
    if (index.row() >= group.size())
        return {};
    return entryData(group[index.row()], index.column(), role);
}

QVariant CompareModel::entryData(const Entry &entry, int column, int role) const
{
    if (role == Qt::ToolTipRole && (column == HereValueColumn || column == ThereValueColumn)) {
        const Update &update = column == HereValueColumn ? entry.here : entry.there;
        return update.isValid() ? Format::prettyJson(update.value()) : QVariant();
    }
    if (role != Qt::DisplayRole)
        return {};
    const Update &any = entry.here.isValid() ? entry.here : entry.there;
    switch (column) {
    case KeyColumn:
        return any.key();
    case HereValueColumn:
        return entry.here.isValid() ? Format::jsonCell(entry.here.value()) : QString();
    case HereSourceColumn:
        return entry.here.isValid() ? entry.here.source() : QString();
    case HereStampColumn:
        return stamp(entry.here);
    case ThereValueColumn:
        return entry.there.isValid() ? Format::jsonCell(entry.there.value()) : QString();
    case ThereSourceColumn:
        return entry.there.isValid() ? entry.there.source() : QString();
    case ThereStampColumn:
        return stamp(entry.there);
    case WinnerColumn:
        switch (entry.winner) {
        case ReplicaDiff::Winner::A:
            return tr("here");
        case ReplicaDiff::Winner::B:
            return tr("there");
        case ReplicaDiff::Winner::Neither:
            return tr("neither");
        }
        return {};
    case RuleColumn:
        return entry.rule;
    }
    return {};
}

QVariant CompareModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case HereValueColumn:
        return tr("Value here");
    case HereSourceColumn:
        return tr("Source here");
    case HereStampColumn:
        return tr("Stamp here");
    case ThereValueColumn:
        return tr("Value there");
    case ThereSourceColumn:
        return tr("Source there");
    case ThereStampColumn:
        return tr("Stamp there");
    case WinnerColumn:
        return tr("Wins");
    case RuleColumn:
        return tr("Rule");
    }
    return {};
}
