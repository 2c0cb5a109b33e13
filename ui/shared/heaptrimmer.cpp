// SPDX-License-Identifier: MIT
#include "heaptrimmer.h"

#if defined(__GLIBC__)
#    include <malloc.h>
#endif

HeapTrimmer::HeapTrimmer(QObject *parent, Trim trim, std::chrono::milliseconds quiet,
                         std::chrono::milliseconds interval)
    : QObject(parent), m_trim(std::move(trim)), m_interval(interval)
{
    m_sinceTrim.start();
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(quiet);
    connect(&m_quiet, &QTimer::timeout, this, &HeapTrimmer::trim);
}

bool HeapTrimmer::afterBurst()
{
    if (m_sinceTrim.elapsed() < m_interval.count()) {
        m_quiet.start();
        return false;
    }
    trim();
    return true;
}

void HeapTrimmer::trim()
{
    m_quiet.stop();
    m_trim();
    ++m_trims;
    m_sinceTrim.restart();
}

void HeapTrimmer::systemTrim()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
