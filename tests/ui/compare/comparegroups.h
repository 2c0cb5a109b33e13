// SPDX-License-Identifier: MIT
#pragma once

#include "comparemodel.h"

#include <QStringList>

// What the tests of Compare read from its model: the keys of a group, and a cell of a key.
namespace CompareGroups {

inline QStringList keysIn(const CompareModel *model, CompareModel::Group group)
{
    QStringList keys;
    const QModelIndex parent = model->groupIndex(group);
    for (int row = 0; row < model->rowCount(parent); ++row)
        keys.append(model->index(row, CompareModel::KeyColumn, parent).data().toString());
    return keys;
}

// The text in column of key's row in group; empty when the group lacks key.
inline QString cell(const CompareModel *model, CompareModel::Group group, const QString &key,
                    int column)
{
    const QModelIndex parent = model->groupIndex(group);
    for (int row = 0; row < model->rowCount(parent); ++row) {
        if (model->index(row, CompareModel::KeyColumn, parent).data().toString() == key)
            return model->index(row, column, parent).data().toString();
    }
    return {};
}

} // namespace CompareGroups
