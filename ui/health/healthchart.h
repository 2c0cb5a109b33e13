// SPDX-License-Identifier: MIT
#pragma once

#include <QChartView>
#include <QList>
#include <QPointF>

class QLineSeries;
class QValueAxis;

// One chart of the Sync Health dock: lines against seconds, on one value
// axis or two (the right one for a measure of another scale, such as keys
// beside updates per second). refresh() moves the time window and fits the
// value axes to what the lines hold.
class HealthChart : public QChartView
{
    Q_OBJECT

public:
    explicit HealthChart(const QString &title, const QString &valueTitle,
                         QWidget *parent = nullptr);

    // A line on the left axis, or on the right one (titled rightTitle).
    QLineSeries *addLine(const QString &name);
    QLineSeries *addRightLine(const QString &name, const QString &rightTitle);
    void removeLine(QLineSeries *line);
    QLineSeries *line(const QString &name) const;
    QList<QLineSeries *> lines() const;

    void setPoints(QLineSeries *line, const QList<QPointF> &points);
    // Shows the windowSeconds up to now and fits the value axes.
    void refresh(double now, double windowSeconds);

private:
    QValueAxis *m_time;
    QValueAxis *m_values;
    QValueAxis *m_rightValues = nullptr;
};
