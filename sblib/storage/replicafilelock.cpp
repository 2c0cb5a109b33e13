// SPDX-License-Identifier: MIT
#include "replicafilelock_p.h"

#include <QFileInfo>
#include <QLockFile>

namespace sb {

ReplicaFileLock::ReplicaFileLock(const QString &fileName) : m_fileName(fileName) { }

ReplicaFileLock::~ReplicaFileLock() = default;

Result<void> ReplicaFileLock::tryLock()
{
    m_lock = std::make_unique<QLockFile>(m_fileName + QStringLiteral(".lock"));
    m_lock->setStaleLockTime(0); // a live holder keeps it however long it runs
    if (m_lock->tryLock(0))
        return {};
    const QString lockName = QFileInfo(m_fileName).fileName() + QStringLiteral(".lock");
    QString reason;
    qint64 pid = 0;
    QString host;
    QString application;
    switch (m_lock->error()) {
    case QLockFile::LockFailedError:
        if (m_lock->getLockInfo(&pid, &host, &application))
            reason = QStringLiteral("in use by %1 (pid %2 on %3); open it read-only to look at it")
                             .arg(application.isEmpty() ? QStringLiteral("another process")
                                                        : application)
                             .arg(pid)
                             .arg(host);
        else
            reason = QStringLiteral("in use by another process; open it read-only to look at it");
        break;
    case QLockFile::PermissionError:
        reason = QStringLiteral("cannot create the lock file %1: permission denied (the directory "
                                "must be writable for the file to be rewritten)")
                         .arg(lockName);
        break;
    default:
        reason = QStringLiteral("cannot create the lock file %1 (does the directory exist?)")
                         .arg(lockName);
        break;
    }
    m_lock.reset();
    return Error{reason};
}

void ReplicaFileLock::unlock()
{
    m_lock.reset();
}

} // namespace sb
