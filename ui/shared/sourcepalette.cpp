// SPDX-License-Identifier: MIT
#include "sourcepalette.h"

#include <QHash>
#include <QPainter>
#include <QPixmap>
#include <QVariant>

namespace SourcePalette {

QColor color(const QString &source)
{
    // The golden angle spreads hues of consecutive hash values well apart.
    const size_t hash = qHash(source, size_t(0x5eed));
    const int hue = int((hash % 1000) * 137.508) % 360;
    const int saturation = 150 + int((hash / 1000) % 60);
    return QColor::fromHsv(hue, saturation, 200);
}

QVariant decoration(const QString &source)
{
    static QHash<QString, QPixmap> cache;
    auto it = cache.find(source);
    if (it == cache.end()) {
        if (cache.size() > 1024)
            cache.clear();
        QPixmap pixmap(10, 10);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setPen(Qt::NoPen);
        painter.setBrush(color(source));
        painter.drawEllipse(QRectF(1, 1, 8, 8));
        it = cache.insert(source, pixmap);
    }
    return *it;
}

} // namespace SourcePalette
