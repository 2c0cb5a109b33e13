// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>
#include <QString>

// One stable colour per source id, so that a source looks the same in the
// keys table, the clock view and the timeline lanes.
namespace SourcePalette {

QColor color(const QString &source);
// A small filled circle of that colour, for Qt::DecorationRole.
QVariant decoration(const QString &source);

} // namespace SourcePalette
