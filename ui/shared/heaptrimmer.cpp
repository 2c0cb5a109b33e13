// SPDX-License-Identifier: MIT
#include "heaptrimmer.h"

#if defined(__GLIBC__)
#    include <malloc.h>
#endif

HeapTrimmer::HeapTrimmer(std::chrono::milliseconds interval, Trim trim)
    : m_interval(interval), m_trim(std::move(trim))
{
    m_sinceTrim.start();
}

bool HeapTrimmer::afterBurst()
{
    if (m_sinceTrim.elapsed() < m_interval.count())
        return false;
    m_trim();
    m_sinceTrim.restart();
    return true;
}

void HeapTrimmer::systemTrim()
{
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
