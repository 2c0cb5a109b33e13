// SPDX-License-Identifier: MIT
#include "healthchart.h"

#include <QChart>
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
    // Some headroom, and a range that is never empty.
    axis->setRange(0, maximum > 0 ? maximum * 1.1 : 1.0);
    axis->applyNiceNumbers();
}

} // namespace

HealthChart::HealthChart(const QString &title, const QString &valueTitle, QWidget *parent)
    : QChartView(parent), m_time(new QValueAxis), m_values(new QValueAxis)
{
    // The chart owns its axes and lines; the view owns the chart.
    auto *chart = new QChart();
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setAnimationOptions(QChart::NoAnimation); // redrawn every sample
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_time->setTitleText(QStringLiteral("seconds"));
    m_time->setLabelFormat(QStringLiteral("%d"));
    m_values->setTitleText(valueTitle);
    m_values->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_values, Qt::AlignLeft);
    setChart(chart);
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
