// SPDX-License-Identifier: MIT
#include "filesyncer_p.h"

#include <QFile>
#include <QMutex>
#include <QThreadPool>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

namespace sb {

// The pool job outlives its FileSyncer when that is destroyed mid-flush: it
// reports through this, and only while the owner still exists.
struct FileSyncer::Shared
{
    QMutex mutex;
    FileSyncer *owner = nullptr;
};

namespace {
int flushData(int fd)
{
#if defined(Q_OS_LINUX)
    return ::fdatasync(fd);
#else
    return ::fsync(fd);
#endif
}
} // namespace

FileSyncer::FileSyncer(QObject *parent) : QObject(parent), m_shared(std::make_shared<Shared>())
{
    m_shared->owner = this;
}

FileSyncer::~FileSyncer()
{
    QMutexLocker locker(&m_shared->mutex);
    m_shared->owner = nullptr;
}

bool FileSyncer::start(int fd, quint64 ticket, const QString &directory)
{
    if (m_busy)
        return false;
    m_busy = true;
    const int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (copy < 0) {
        const QString error = qt_error_string(errno);
        QTimer::singleShot(0, this, [this, ticket, error] { onFinished(ticket, error); });
        return true;
    }
    const QByteArray directoryPath = QFile::encodeName(directory);
    QThreadPool::globalInstance()->start([shared = m_shared, copy, ticket, directoryPath] {
        QString error;
        if (flushData(copy) != 0)
            error = qt_error_string(errno);
        ::close(copy);
        if (error.isEmpty() && !directoryPath.isEmpty()) {
            const int dir = ::open(directoryPath.constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            // Some file systems cannot fsync a directory (EINVAL): nothing to do there.
            if (dir < 0 || (::fsync(dir) != 0 && errno != EINVAL))
                error = QStringLiteral("cannot sync directory: %1").arg(qt_error_string(errno));
            if (dir >= 0)
                ::close(dir);
        }
        QMutexLocker locker(&shared->mutex);
        if (FileSyncer *owner = shared->owner) {
            QMetaObject::invokeMethod(
                    owner, [owner, ticket, error] { owner->onFinished(ticket, error); },
                    Qt::QueuedConnection);
        }
    });
    return true;
}

void FileSyncer::onFinished(quint64 ticket, const QString &error)
{
    m_busy = false;
    emit finished(ticket, error);
}

} // namespace sb
