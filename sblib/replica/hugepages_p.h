// SPDX-License-Identifier: MIT
#pragma once

#include <QtGlobal>

namespace sb {

// Asks the kernel to back a large, long-lived buffer with transparent huge
// pages where it does so only on request (Debian's default, "madvise"). A
// store of 10^6 keys touches some 30,000 fresh 4 KiB pages as it fills, and
// each fault costs microseconds in a VM: a fifth of a full sync's CPU. With
// 2 MiB pages the faults all but vanish, for at most 2 MiB of RSS per buffer.
// Buffers under a few MiB are left alone; a hint the kernel refuses costs
// nothing. glibc's own switch (GLIBC_TUNABLES=glibc.malloc.hugetlb=1) has
// to be set before the process starts, so the store asks for its buffers.
void adviseHugePages(const void *data, qsizetype bytes);

} // namespace sb
