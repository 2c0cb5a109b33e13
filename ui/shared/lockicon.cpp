// SPDX-License-Identifier: MIT
#include "lockicon.h"

#include <QPainter>
#include <QPainterPath>

namespace LockIcon {

QPixmap pixmap(SignatureChecker::State state, int size)
{
    using State = SignatureChecker::State;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    if (state == State::Unsigned)
        return pixmap;
    const QColor colour = state == State::Verified ? QColor(0x2e, 0x7d, 0x32)
            : state == State::BadSignature         ? QColor(0xc6, 0x28, 0x28)
                                                   : QColor(0x75, 0x75, 0x75);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const qreal s = size;
    const QRectF body(s * 0.18, s * 0.45, s * 0.64, s * 0.47);
    // The shackle: closed over the body, or swung open for a bad signature.
    QPen pen(colour, qMax(1.5, s * 0.11));
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    const qreal shift = state == State::BadSignature ? s * 0.22 : 0.0;
    const QRectF shackle(s * 0.30 + shift, s * 0.10, s * 0.40, s * 0.52);
    QPainterPath arc;
    arc.moveTo(shackle.left(), body.top());
    arc.lineTo(shackle.left(), shackle.center().y());
    arc.arcTo(shackle.left(), shackle.top(), shackle.width(), shackle.width(), 180, -180);
    arc.lineTo(shackle.right(), state == State::BadSignature ? shackle.center().y() : body.top());
    painter.drawPath(arc);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawRoundedRect(body, s * 0.08, s * 0.08);
    painter.setBrush(Qt::white);
    painter.drawEllipse(QPointF(body.center().x(), body.center().y() - s * 0.03), s * 0.06,
                        s * 0.06);
    return pixmap;
}

QIcon icon(SignatureChecker::State state)
{
    QIcon icon;
    for (int size : {16, 24, 32})
        icon.addPixmap(pixmap(state, size));
    return icon;
}

} // namespace LockIcon
