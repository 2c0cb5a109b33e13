// SPDX-License-Identifier: MIT
#pragma once

#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// Root (as CI runs) ignores file permissions, so a test about an unwritable
// file or directory would prove nothing. While one of these lives, the calling
// thread lacks that power; dropForChildren() does the same for a QProcess
// child (use it as the child process modifier).
class WithoutRootOverride
{
public:
    WithoutRootOverride()
    {
        if (::geteuid() != 0 || !read(m_saved))
            return;
        __user_cap_data_struct lowered[2] = {m_saved[0], m_saved[1]};
        for (int cap : kCapabilities)
            lowered[cap / 32].effective &= ~(1u << (cap % 32));
        m_active = write(lowered);
    }
    ~WithoutRootOverride()
    {
        if (m_active)
            write(m_saved);
    }
    WithoutRootOverride(const WithoutRootOverride &) = delete;
    WithoutRootOverride &operator=(const WithoutRootOverride &) = delete;

    static void dropForChildren()
    {
        for (int cap : kCapabilities)
            ::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
    }

private:
    static constexpr int kCapabilities[] = {CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER};

    static bool read(__user_cap_data_struct *data)
    {
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        return ::syscall(SYS_capget, &header, data) == 0;
    }
    static bool write(__user_cap_data_struct *data)
    {
        __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
        return ::syscall(SYS_capset, &header, data) == 0;
    }

    __user_cap_data_struct m_saved[2] = {};
    bool m_active = false;
};
