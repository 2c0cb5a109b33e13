// SPDX-License-Identifier: MIT
#include "privatefile_p.h"

#include <QFile>
#include <QSaveFile>

namespace sb::PrivateFile {

Result<QByteArray> read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    return file.readAll();
}

Result<void> write(const QString &path, const QByteArray &bytes,
                   QFileDevice::Permissions permissions)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("%1: cannot write: %2").arg(path, file.errorString())};
    file.setPermissions(permissions);
    file.write(bytes);
    if (!file.commit())
        return Error{QStringLiteral("%1: cannot write: %2").arg(path, file.errorString())};
    return {};
}

} // namespace sb::PrivateFile
