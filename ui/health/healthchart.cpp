// SPDX-License-Identifier: MIT
#include "healthchart.h"

#include <QChart>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

namespace {

double maximumOf(const QList<QLineSeries *> &lines, QValueAxis *axis)
{
    double result = 0;
    for (QLineSeries *line : lines) {
        if (!line->attachedAxes().contains(axis))
            continue;
        const QList<QPointF> points = line->points();
        for (const QPointF &point : points)
            result = std::max(result, point.y());
    }
    return result;
}

void fit(QValueAxis *axis, double maximum)
{
    // Some headroom, and a range of at least 4 so that the ticks of the
    // integer labels are whole numbers, not 0, 0, 1, 1, 1.
    axis->setRange(0, std::max(maximum * 1.1, 4.0));
    axis->applyNiceNumbers();
}

} // namespace

HealthChart::HealthChart(const QString &title, const QString &valueTitle, QWidget *parent)
    : QChartView(parent), m_time(new QValueAxis), m_values(new QValueAxis)
{
    // The chart owns its axes and lines; the view owns the chart.
    auto *chart = new QChart();
    chart->setTitle(title);
    // Three charts share a dock: the legend at the side and no axis title
    // under the time axis leave the plot the height its labels need (without
    // it Qt Charts elides every label to "...").
    chart->legend()->setAlignment(Qt::AlignRight);
    chart->setAnimationOptions(QChart::NoAnimation); // redrawn every sample
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_time->setLabelFormat(QStringLiteral("%d s"));
    m_values->setTitleText(valueTitle);
    m_values->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    // QChartView made a chart of its own, which setChart() releases to us.
    QChart *defaultChart = QChartView::chart();
    setChart(chart);
    delete defaultChart;
    setRenderHint(QPainter::Antialiasing, false);
    setMinimumHeight(160);
}

QLineSeries *HealthChart::addLine(const QString &name)
{
    auto *line = new QLineSeries;
    line->setName(name);
    chart()->addSeries(line);
    line->attachAxis(m_time);
    line->attachAxis(m_values);
    return line;
}

QLineSeries *HealthChart::addRightLine(const QString &name, const QString &rightTitle)
{
    if (!m_rightValues) {
        m_rightValues = new QValueAxis;
        m_rightValues->setLabelFormat(QStringLiteral("%.0f"));
        chart()->addAxis(m_rightValues, Qt::AlignRight);
    }
    m_rightValues->setTitleText(rightTitle);
    auto *line = new QLineSeries;
    line->setName(name);
    chart()->addSeries(line);
    line->attachAxis(m_time);
    line->attachAxis(m_rightValues);
    return line;
}

void HealthChart::removeLine(QLineSeries *line)
{
    chart()->removeSeries(line);
    line->deleteLater();
}

QLineSeries *HealthChart::line(const QString &name) const
{
    for (QLineSeries *candidate : lines()) {
        if (candidate->name() == name)
            return candidate;
    }
    return nullptr;
}

QList<QLineSeries *> HealthChart::lines() const
{
    QList<QLineSeries *> result;
    const QList<QAbstractSeries *> all = chart()->series();
    for (QAbstractSeries *series : all) {
        if (auto *line = qobject_cast<QLineSeries *>(series))
            result.append(line);
    }
    return result;
}

void HealthChart::setPoints(QLineSeries *line, const QList<QPointF> &points)
{
    // One replace per sample: a single repaint, however many points.
    line->replace(points);
}

void HealthChart::refresh(double now, double windowSeconds)
{
    m_time->setRange(std::max(0.0, now - windowSeconds), std::max(now, windowSeconds));
    const QList<QLineSeries *> all = lines();
    fit(m_values, maximumOf(all, m_values));
    if (m_rightValues)
        fit(m_rightValues, maximumOf(all, m_rightValues));
}
