// SPDX-License-Identifier: MIT
#include "healthseries.h"

#include <algorithm>

HealthSeries::HealthSeries(qsizetype capacity) : m_capacity(std::max<qsizetype>(capacity, 1))
{
    m_points.reserve(m_capacity);
}

void HealthSeries::append(double seconds, double value)
{
    if (m_points.size() >= m_capacity)
        m_points.removeFirst();
    m_points.append(QPointF(seconds, value));
}

double HealthSeries::maximum() const
{
    double result = 0;
    for (const QPointF &point : m_points)
        result = std::max(result, point.y());
    return result;
}
