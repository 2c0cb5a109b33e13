// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QString>

#include <memory>

class QLockFile;

namespace sb {

// Keeps a second process from writing the same replica file (two writers
// would interleave their lines): FILE.lock beside it, held while open. Only a
// live process holds it; one left behind by a crash is taken over.
class ReplicaFileLock
{
public:
    explicit ReplicaFileLock(const QString &fileName);
    ~ReplicaFileLock();

    // Takes the lock without waiting; on failure, says why in words.
    Result<void> tryLock();
    void unlock();

private:
    QString m_fileName;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace sb
