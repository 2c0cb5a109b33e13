// SPDX-License-Identifier: MIT
#include "middleelidedelegate.h"

void MiddleElideDelegate::initStyleOption(QStyleOptionViewItem *option,
                                          const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    option->textElideMode = Qt::ElideMiddle;
}
