// SPDX-License-Identifier: MIT
#include "timelineview.h"

#include "format.h"
#include "scuttlebutt.h"
#include "sourcepalette.h"
#include "timelinemarker.h"
#include "timelinemodel.h"

#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

namespace {
constexpr int kMinStep = 2;
constexpr int kMaxStep = 40;
constexpr int kRulerTickSpacing = 120;
} // namespace

TimelineView::TimelineView(QWidget *parent) : QAbstractItemView(parent)
{
    m_laneHeight = fontMetrics().height() + 10;
    m_labelWidth = fontMetrics().horizontalAdvance(QLatin1Char('0')) * 16;
    m_rulerHeight = fontMetrics().height() + 8;
    setSelectionMode(SingleSelection);
    setSelectionBehavior(SelectRows);
    setEditTriggers(NoEditTriggers);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    setMouseTracking(true);
    connect(horizontalScrollBar(), &QScrollBar::valueChanged, this,
            [this](int value) { setFollowing(value >= horizontalScrollBar()->maximum()); });
}

void TimelineView::setModel(QAbstractItemModel *model)
{
    if (m_timeline)
        m_timeline->disconnect(this);
    m_timeline = qobject_cast<TimelineModel *>(model);
    QAbstractItemView::setModel(model);
    if (m_timeline)
        connect(m_timeline, &TimelineModel::lanesChanged, this, &TimelineView::onLanesChanged);
    m_cursorRow = -1;
    m_following = true;
    updateGeometries();
    viewport()->update();
}

QSize TimelineView::sizeHint() const
{
    return {600, m_rulerHeight + m_laneHeight * 4 + horizontalScrollBar()->sizeHint().height()};
}

int TimelineView::laneCount() const
{
    return m_timeline ? int(m_timeline->lanes().size()) : 0;
}

int TimelineView::xOfRow(int row) const
{
    return m_labelWidth + row * m_step + m_step / 2 - horizontalOffset();
}

int TimelineView::yOfLane(int lane) const
{
    return m_rulerHeight + lane * m_laneHeight + m_laneHeight / 2 - verticalOffset();
}

int TimelineView::rowAtX(int x) const
{
    return (x - m_labelWidth + horizontalOffset()) / m_step;
}

void TimelineView::setStep(int step)
{
    step = qBound(kMinStep, step, kMaxStep);
    if (step == m_step)
        return;
    // Keep the update under the middle of the view where it is.
    const int middle = m_labelWidth + (viewport()->width() - m_labelWidth) / 2;
    const int anchorRow = rowAtX(middle);
    m_step = step;
    updateGeometries();
    if (!m_following)
        horizontalScrollBar()->setValue(anchorRow * m_step - (middle - m_labelWidth));
    viewport()->update();
}

void TimelineView::setFollowing(bool following)
{
    if (following == m_following)
        return;
    m_following = following;
    if (following)
        horizontalScrollBar()->setValue(horizontalScrollBar()->maximum());
    emit followingChanged(following);
}

void TimelineView::setCursorRow(int row)
{
    if (row == m_cursorRow)
        return;
    m_cursorRow = row;
    viewport()->update();
}

QRect TimelineView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || !m_timeline)
        return {};
    const int lane = m_timeline->laneAt(index.row());
    const int size = qMax(4, qMin(m_step, m_laneHeight - 8));
    return {xOfRow(index.row()) - size / 2, yOfLane(lane) - size / 2, size, size};
}

void TimelineView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid())
        return;
    const int x = index.row() * m_step;
    const int width = viewport()->width() - m_labelWidth;
    QScrollBar *bar = horizontalScrollBar();
    if (hint == PositionAtCenter || x < bar->value() || x + m_step > bar->value() + width)
        bar->setValue(x - width / 2);
}

QModelIndex TimelineView::indexAt(const QPoint &point) const
{
    if (!m_timeline || point.x() < m_labelWidth || point.y() < m_rulerHeight)
        return {};
    const int row = rowAtX(point.x());
    if (row < 0 || row >= m_timeline->rowCount())
        return {};
    return m_timeline->index(row, 0);
}

QModelIndex TimelineView::moveCursor(CursorAction action, Qt::KeyboardModifiers)
{
    if (!m_timeline || m_timeline->rowCount() == 0)
        return {};
    const int last = m_timeline->rowCount() - 1;
    int row = currentIndex().isValid() ? currentIndex().row() : last;
    const int page = qMax(1, (viewport()->width() - m_labelWidth) / m_step);
    switch (action) {
    case MoveLeft:
    case MovePrevious:
        row -= 1;
        break;
    case MoveRight:
    case MoveNext:
        row += 1;
        break;
    case MovePageUp:
        row -= page;
        break;
    case MovePageDown:
        row += page;
        break;
    case MoveHome:
        row = 0;
        break;
    case MoveEnd:
        row = last;
        break;
    default:
        break;
    }
    return m_timeline->index(qBound(0, row, last), 0);
}

int TimelineView::horizontalOffset() const
{
    return horizontalScrollBar()->value();
}

int TimelineView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

bool TimelineView::isIndexHidden(const QModelIndex &) const
{
    return false;
}

void TimelineView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!m_timeline)
        return;
    const int first = qMax(0, rowAtX(rect.left()));
    const int last = qMin(m_timeline->rowCount() - 1, rowAtX(rect.right()));
    if (first > last)
        return;
    // Single selection: the row under the press.
    selectionModel()->select(m_timeline->index(first, 0), command | QItemSelectionModel::Rows);
}

QRegion TimelineView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            region += visualRect(m_timeline->index(row, 0)).adjusted(-4, -4, 4, 4);
    }
    return region;
}

void TimelineView::updateGeometries()
{
    const int rows = m_timeline ? m_timeline->rowCount() : 0;
    const int width = viewport()->width() - m_labelWidth;
    QScrollBar *horizontal = horizontalScrollBar();
    const bool follow = m_following;
    horizontal->setPageStep(width);
    horizontal->setSingleStep(m_step * 4);
    horizontal->setRange(0, qMax(0, rows * m_step - width + m_step));
    if (follow)
        horizontal->setValue(horizontal->maximum());
    const int height = m_rulerHeight + laneCount() * m_laneHeight;
    verticalScrollBar()->setPageStep(viewport()->height());
    verticalScrollBar()->setSingleStep(m_laneHeight);
    verticalScrollBar()->setRange(0, qMax(0, height - viewport()->height()));
    QAbstractItemView::updateGeometries();
}

void TimelineView::scrollContentsBy(int, int)
{
    viewport()->update();
}

void TimelineView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsInserted(parent, start, end);
    updateGeometries();
    viewport()->update();
}

void TimelineView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsAboutToBeRemoved(parent, start, end);
    // The ring buffer drops its oldest rows: shift left so what is on screen
    // stays on screen.
    const int removed = end - start + 1;
    if (start == 0 && !m_following)
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - removed * m_step);
    if (m_cursorRow >= 0)
        m_cursorRow = m_cursorRow > end ? m_cursorRow - removed
                                        : (m_cursorRow >= start ? -1 : m_cursorRow);
}

void TimelineView::onLanesChanged()
{
    // Room for up to five lanes before the lanes scroll.
    const int lanes = qBound(3, laneCount(), 5);
    setMinimumHeight(m_rulerHeight + lanes * m_laneHeight
                     + horizontalScrollBar()->sizeHint().height() + 2 * frameWidth());
    updateGeometries();
    viewport()->update();
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractItemView::resizeEvent(event);
    updateGeometries();
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (event->modifiers() & Qt::ControlModifier) {
        setStep(delta > 0 ? m_step + qMax(1, m_step / 4) : m_step - qMax(1, m_step / 5));
        event->accept();
        return;
    }
    if (!(event->modifiers() & Qt::ShiftModifier) && event->angleDelta().x() == 0) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta);
        event->accept();
        return;
    }
    QAbstractItemView::wheelEvent(event);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(viewport());
    const QRect area = viewport()->rect();
    painter.fillRect(area, palette().base());
    for (int lane = 0; lane < laneCount(); ++lane) {
        if (lane % 2 == 1)
            painter.fillRect(QRect(0, yOfLane(lane) - m_laneHeight / 2, area.width(), m_laneHeight),
                             palette().alternateBase());
    }
    if (!m_timeline || m_timeline->rowCount() == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(area.adjusted(m_labelWidth, m_rulerHeight, 0, 0), Qt::AlignCenter,
                         tr("No updates yet: edit a key or connect to a peer."));
        paintLaneLabels(painter);
        return;
    }
    const int firstRow = qMax(0, rowAtX(m_labelWidth) - 1);
    const int lastRow = qMin(m_timeline->rowCount() - 1, rowAtX(area.width()) + 1);
    painter.setRenderHint(QPainter::Antialiasing, m_step >= 5);
    const int current = currentIndex().isValid() ? currentIndex().row() : -1;
    for (int row = firstRow; row <= lastRow; ++row)
        paintMarker(painter, row, row == current);
    if (m_cursorRow >= firstRow && m_cursorRow <= lastRow) {
        const int x = xOfRow(m_cursorRow);
        painter.setPen(QPen(palette().highlight().color(), 1, Qt::DashLine));
        painter.drawLine(x, m_rulerHeight, x, area.height());
    }
    painter.setRenderHint(QPainter::Antialiasing, false);
    paintRuler(painter, firstRow, lastRow);
    paintLaneLabels(painter);
}

void TimelineView::paintMarker(QPainter &painter, int row, bool current)
{
    const int lane = m_timeline->laneAt(row);
    const QPointF centre(xOfRow(row), yOfLane(lane));
    const QColor colour = SourcePalette::color(m_timeline->lanes().at(size_t(lane)));
    const TimelineEntry::Kind kind = m_timeline->kindAt(row);
    const qreal radius = qBound(1.0, (m_step - 2) / 2.0, (m_laneHeight - 10) / 2.0);
    if (current) {
        painter.setPen(QPen(palette().highlight().color(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(centre, radius + 4, radius + 4);
    }
    if (m_step < 5) { // dense: a tick per update
        painter.setPen(kind == TimelineEntry::Kind::Applied ? colour : QColor(Qt::gray));
        painter.drawLine(centre + QPointF(0, -radius - 3), centre + QPointF(0, radius + 3));
        return;
    }
    TimelineMarker::paint(painter, centre, radius, kind, m_timeline->entryAt(row).update.isDelete(),
                          colour);
}

void TimelineView::paintRuler(QPainter &painter, int firstRow, int lastRow)
{
    const QRect ruler(0, 0, viewport()->width(), m_rulerHeight);
    painter.fillRect(ruler, palette().window());
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(ruler.bottomLeft(), ruler.bottomRight());
    painter.setPen(palette().color(QPalette::WindowText));
    const int every = qMax(1, kRulerTickSpacing / m_step);
    for (int row = (firstRow / every) * every; row <= lastRow; row += every) {
        const int x = xOfRow(row);
        if (x < m_labelWidth)
            continue;
        const TimelineEntry entry = m_timeline->entryAt(row);
        painter.drawLine(x, m_rulerHeight - 5, x, m_rulerHeight);
        painter.drawText(QRect(x + 3, 0, kRulerTickSpacing, m_rulerHeight - 2),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("#%1 %2")
                                 .arg(entry.sequence)
                                 .arg(Format::time(double(entry.receivedAt))));
    }
}

void TimelineView::paintLaneLabels(QPainter &painter)
{
    const QRect column(0, 0, m_labelWidth, viewport()->height());
    painter.fillRect(column, palette().window());
    painter.setPen(palette().color(QPalette::Mid));
    painter.drawLine(column.topRight(), column.bottomRight());
    if (!m_timeline)
        return;
    const QString localId = m_timeline->replica()->id();
    for (int lane = 0; lane < laneCount(); ++lane) {
        const QString &source = m_timeline->lanes().at(size_t(lane));
        const int y = yOfLane(lane);
        if (y < m_rulerHeight)
            continue;
        painter.setPen(Qt::NoPen);
        painter.setBrush(SourcePalette::color(source));
        painter.drawEllipse(QPoint(10, y), 4, 4);
        QFont font = painter.font();
        font.setBold(source == localId);
        painter.setFont(font);
        painter.setPen(palette().color(QPalette::WindowText));
        const QString label = source == localId ? tr("this replica") : m_timeline->laneLabel(lane);
        painter.drawText(QRect(20, y - m_laneHeight / 2, m_labelWidth - 24, m_laneHeight),
                         Qt::AlignLeft | Qt::AlignVCenter,
                         fontMetrics().elidedText(label, Qt::ElideMiddle, m_labelWidth - 24));
    }
    QFont font = painter.font();
    font.setBold(false);
    painter.setFont(font);
    painter.fillRect(QRect(0, 0, m_labelWidth, m_rulerHeight), palette().window());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    painter.drawText(QRect(6, 0, m_labelWidth - 8, m_rulerHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     tr("Source"));
}
