// SPDX-License-Identifier: MIT
#pragma once

#include <QMetaType>
#include <QString>

namespace sb {

// What went wrong with a replica file, and where: the file, the line when one
// line is to blame (1-based, 0 otherwise) and the reason.
struct ReplicaFileError
{
    QString fileName;
    qint64 line = 0;
    QString reason;

    // "FILE:LINE: reason", or "FILE: reason" when no line is to blame.
    QString message() const
    {
        if (line > 0)
            return QStringLiteral("%1:%2: %3").arg(fileName).arg(line).arg(reason);
        return QStringLiteral("%1: %2").arg(fileName, reason);
    }
};

} // namespace sb

Q_DECLARE_METATYPE(sb::ReplicaFileError)
