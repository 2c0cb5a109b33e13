// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QFileDevice>

namespace sb {

// Writes all of data. A short write (a full disk, a file size limit) leaves
// QFileDevice without a reason; writing the rest again fails with the real one
// (ENOSPC, EFBIG) in errorString().
inline bool writeFully(QFileDevice &file, QByteArrayView data)
{
    qint64 written = file.write(data.data(), data.size());
    if (written >= 0 && written < data.size()) {
        const qint64 more = file.write(data.data() + written, data.size() - written);
        if (more > 0)
            written += more;
    }
    return written == data.size();
}

} // namespace sb
