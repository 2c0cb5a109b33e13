// SPDX-License-Identifier: MIT
#include "largememory_p.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#if defined(Q_OS_LINUX)
#    include <sys/mman.h>
#endif

#if defined(__SANITIZE_ADDRESS__)
#    define SB_LARGE_MEMORY_FROM_MALLOC 1
#elif defined(__has_feature)
#    if __has_feature(address_sanitizer)
#        define SB_LARGE_MEMORY_FROM_MALLOC 1
#    endif
#endif
#if !defined(Q_OS_LINUX) || !defined(MADV_HUGEPAGE)
#    define SB_LARGE_MEMORY_FROM_MALLOC 1
#endif

namespace sb::LargeMemory {

namespace {
void *reallocOrThrow(void *block, size_t bytes)
{
    void *grown = std::realloc(block, bytes == 0 ? 1 : bytes);
    if (grown == nullptr)
        throw std::bad_alloc();
    return grown;
}
} // namespace

#ifdef SB_LARGE_MEMORY_FROM_MALLOC

void *resize(void *block, size_t, size_t newBytes)
{
    return reallocOrThrow(block, newBytes);
}

void release(void *block, size_t)
{
    std::free(block);
}

void adviseHugePages(const void *, size_t) { }

#else

namespace {
constexpr std::uintptr_t kPage = 4096;
constexpr std::uintptr_t kHugePage = 2 * 1024 * 1024;

size_t wholePages(size_t bytes)
{
    return (bytes + kPage - 1) & ~size_t(kPage - 1);
}

bool isMapped(size_t bytes)
{
    return bytes >= kMappedBytes;
}
} // namespace

void *resize(void *block, size_t oldBytes, size_t newBytes)
{
    const bool wasMapped = block != nullptr && isMapped(oldBytes);
    if (!isMapped(newBytes)) {
        if (!wasMapped)
            return reallocOrThrow(block, newBytes);
        void *copy = reallocOrThrow(nullptr, newBytes);
        std::memcpy(copy, block, newBytes);
        munmap(block, wholePages(oldBytes));
        return copy;
    }
    void *mapped = MAP_FAILED;
    if (wasMapped) {
        mapped = mremap(block, wholePages(oldBytes), wholePages(newBytes), MREMAP_MAYMOVE);
    } else {
        mapped = mmap(nullptr, wholePages(newBytes), PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    }
    if (mapped == MAP_FAILED)
        throw std::bad_alloc();
    madvise(mapped, wholePages(newBytes), MADV_HUGEPAGE);
    if (block != nullptr && !wasMapped) {
        std::memcpy(mapped, block, oldBytes);
        std::free(block);
    }
    return mapped;
}

void release(void *block, size_t bytes)
{
    if (block == nullptr)
        return;
    if (isMapped(bytes))
        munmap(block, wholePages(bytes));
    else
        std::free(block);
}

void adviseHugePages(const void *data, size_t bytes)
{
    if (data == nullptr || bytes < 2 * kHugePage)
        return;
    const auto begin = reinterpret_cast<std::uintptr_t>(data) & ~(kPage - 1);
    const auto end = wholePages(reinterpret_cast<std::uintptr_t>(data) + bytes);
    madvise(reinterpret_cast<void *>(begin), end - begin, MADV_HUGEPAGE);
}

#endif

} // namespace sb::LargeMemory
