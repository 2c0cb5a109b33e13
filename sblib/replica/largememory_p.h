// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

#include <cstddef>

namespace sb::LargeMemory {

// Blocks for buffers that grow to tens of megabytes and live as long as their
// replica (ModelStore's arena and entries).
//
// A store of 10^6 keys takes some 110 MB of fresh memory as it fills, and in a
// VM each 4 KiB page's first touch costs microseconds: a fifth of a full
// sync's CPU. Two things make it cheaper:
//  - Transparent huge pages, which Debian's kernel gives only on request
//    ("madvise"): 2 MiB a fault, for at most 2 MiB of RSS more per buffer.
//    glibc's own switch (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) has to be
//    set before the process starts.
//  - Growth without a copy. glibc's realloc moves a block it mapped on its
//    own with mremap, but keeps blocks below its mmap threshold in the heap,
//    and that threshold rises to the size of any mapped block freed (up to
//    32 MiB): the store's entries were copied, and faulted in anew, at each
//    doubling.
// So past kMappedBytes a block is a mapping of its own, grown with mremap;
// below it, malloc's. Under AddressSanitizer every block is malloc's, which
// ASan checks.
inline constexpr size_t kMappedBytes = 1024 * 1024;

// A block of at least newBytes holding the first min(oldBytes, newBytes) bytes
// of block (which resize() or nothing made, oldBytes long). Throws
// std::bad_alloc when there is no memory.
void *resize(void *block, size_t oldBytes, size_t newBytes);
void release(void *block, size_t bytes);

// Asks for huge pages for a buffer of at least 4 MiB from anywhere (calloc's
// slot tables): advice on the whole pages it spans, so that a mapping of
// malloc's is not split in two (which would make realloc copy it).
void adviseHugePages(const void *data, size_t bytes);

} // namespace sb::LargeMemory
