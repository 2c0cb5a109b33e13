// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QPointF>

// The last points of one measure over time, at most capacity() of them: the
// oldest goes when a new one comes, so a chart's history costs the same after
// an hour as after a minute. x is seconds since sampling began.
class HealthSeries
{
public:
    explicit HealthSeries(qsizetype capacity = 0);

    void append(double seconds, double value);
    void clear() { m_points.clear(); }
    qsizetype capacity() const { return m_capacity; }
    qsizetype size() const { return m_points.size(); }
    bool isEmpty() const { return m_points.isEmpty(); }
    const QList<QPointF> &points() const { return m_points; }
    // The last value, or 0 when there is none.
    double last() const { return m_points.isEmpty() ? 0.0 : m_points.constLast().y(); }
    double maximum() const;

private:
    qsizetype m_capacity;
    QList<QPointF> m_points;
};
