// SPDX-License-Identifier: MIT
#pragma once

#include "timelineentry.h"

#include <QColor>
#include <QPixmap>
#include <QPointF>

class QPainter;

// How the timeline draws one update: a filled dot when applied, a ring for a
// delete, a grey diamond for old data, a red triangle when unverified. The
// lanes and their legend share it, so they cannot disagree.
namespace TimelineMarker {

void paint(QPainter &painter, const QPointF &centre, qreal radius, TimelineEntry::Kind kind,
           bool isDelete, const QColor &colour);
// The marker alone, for a legend.
QPixmap pixmap(TimelineEntry::Kind kind, bool isDelete, const QColor &colour, int size);

} // namespace TimelineMarker
