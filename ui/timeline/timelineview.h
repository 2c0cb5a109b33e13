// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractItemView>

class TimelineModel;

// Draws a TimelineModel as lanes, one per source, with one marker per update
// in arrival order from left to right: filled for applied updates, a ring for
// deletes, grey diamonds for old data and red triangles for unverified
// updates. Ctrl+wheel zooms; the view follows new updates while scrolled to
// the right end. A cursor line marks the point the scrubber travelled to.
class TimelineView : public QAbstractItemView
{
    Q_OBJECT

public:
    explicit TimelineView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;
    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;

    // Pixels between consecutive updates (2 to 40).
    int step() const { return m_step; }
    void setStep(int step);
    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    // -1 hides the cursor.
    void setCursorRow(int row);
    int cursorRow() const { return m_cursorRow; }

    QSize sizeHint() const override;

signals:
    void followingChanged(bool following);

protected:
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override;
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &index) const override;
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void updateGeometries() override;
    void scrollContentsBy(int dx, int dy) override;
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end) override;
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    TimelineModel *timeline() const { return m_timeline; }
    int laneCount() const;
    int xOfRow(int row) const;
    int yOfLane(int lane) const;
    int rowAtX(int x) const;
    void paintRuler(QPainter &painter, int firstRow, int lastRow);
    void paintMarker(QPainter &painter, int row, bool current);
    void paintLaneLabels(QPainter &painter);
    void onLanesChanged();

    TimelineModel *m_timeline = nullptr;
    int m_step = 12;
    int m_laneHeight;
    int m_labelWidth;
    int m_rulerHeight;
    int m_cursorRow = -1;
    bool m_following = true;
};
