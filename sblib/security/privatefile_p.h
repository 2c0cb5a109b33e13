// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QFileDevice>
#include <QString>

namespace sb {

// Reading and atomically writing the small files that hold keys, certificates
// and trust lists, with errors that name the file.
namespace PrivateFile {

Result<QByteArray> read(const QString &path);
// Written through QSaveFile; permissions are set before a byte is written.
Result<void> write(const QString &path, const QByteArray &bytes,
                   QFileDevice::Permissions permissions);

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kWorldReadable = QFileDevice::ReadOwner | QFileDevice::WriteOwner
        | QFileDevice::ReadGroup | QFileDevice::ReadOther;

} // namespace PrivateFile
} // namespace sb
