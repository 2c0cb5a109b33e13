// SPDX-License-Identifier: MIT
#include "timelinemarker.h"

#include <QPainter>
#include <QPainterPath>

namespace TimelineMarker {

void paint(QPainter &painter, const QPointF &centre, qreal radius, TimelineEntry::Kind kind,
           bool isDelete, const QColor &colour)
{
    switch (kind) {
    case TimelineEntry::Kind::Applied:
        painter.setPen(QPen(colour.darker(130), 1.5));
        painter.setBrush(isDelete ? QBrush(Qt::NoBrush) : QBrush(colour));
        painter.drawEllipse(centre, radius, radius);
        break;
    case TimelineEntry::Kind::OldData: {
        QPainterPath diamond;
        diamond.moveTo(centre + QPointF(0, -radius));
        diamond.lineTo(centre + QPointF(radius, 0));
        diamond.lineTo(centre + QPointF(0, radius));
        diamond.lineTo(centre + QPointF(-radius, 0));
        diamond.closeSubpath();
        painter.setPen(QPen(QColor(150, 150, 150), 1.5));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(diamond);
        break;
    }
    case TimelineEntry::Kind::Unverified: {
        QPainterPath triangle;
        triangle.moveTo(centre + QPointF(0, -radius - 1));
        triangle.lineTo(centre + QPointF(radius + 1, radius));
        triangle.lineTo(centre + QPointF(-radius - 1, radius));
        triangle.closeSubpath();
        painter.setPen(QPen(QColor(0xb7, 0x1c, 0x1c), 1.5));
        painter.setBrush(QColor(0xef, 0x53, 0x50));
        painter.drawPath(triangle);
        break;
    }
    }
}

QPixmap pixmap(TimelineEntry::Kind kind, bool isDelete, const QColor &colour, int size)
{
    QPixmap result(size, size);
    result.fill(Qt::transparent);
    QPainter painter(&result);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter, QPointF(size / 2.0, size / 2.0), size / 2.0 - 2, kind, isDelete, colour);
    return result;
}

} // namespace TimelineMarker
