// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

// Elides text in the middle, for columns of long ids whose start and end
// both tell them apart ("ed25519:mc3o…LDtcC8"), while other columns of the
// same view keep eliding on the right.
class MiddleElideDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};
