// SPDX-License-Identifier: MIT
#include "hugepages_p.h"

#ifdef Q_OS_LINUX
#include <sys/mman.h>
#endif

#include <cstdint>

namespace sb {

void adviseHugePages(const void *data, qsizetype bytes)
{
#if defined(Q_OS_LINUX) && defined(MADV_HUGEPAGE)
    constexpr std::uintptr_t kHugePage = 2 * 1024 * 1024;
    constexpr std::uintptr_t kPage = 4096;
    if (data == nullptr || bytes < qsizetype(2 * kHugePage))
        return;
    // The whole pages the buffer spans: malloc maps a buffer this large on its
    // own, and advice on part of that mapping would split it in two, after
    // which realloc could no longer move it with mremap but would copy it.
    const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
    const auto end = (reinterpret_cast<std::uintptr_t>(data) + std::uintptr_t(bytes) + kPage - 1)
            & ~(kPage - 1);
    if (end > begin)
        madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
#else
    Q_UNUSED(data);
    Q_UNUSED(bytes);
#endif
}

} // namespace sb
