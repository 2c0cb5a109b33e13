// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace sb {

// Flushes a file to stable storage on Qt's global thread pool, so that a slow
// disk never stalls the event loop, and reports back on the owner's thread.
// One flush runs at a time; the caller asks again once finished() came.
class FileSyncer : public QObject
{
    Q_OBJECT

public:
    explicit FileSyncer(QObject *parent = nullptr);
    ~FileSyncer() override;

    // Flushes the data written to fd so far (fd is duplicated: the caller may
    // close it meanwhile); with a directory, then fsyncs that directory too, so
    // that a rename into it survives a power loss. Returns false while busy.
    bool start(int fd, quint64 ticket, const QString &directory = {});
    bool isBusy() const { return m_busy; }

signals:
    // The flush asked for with ticket ended; error is empty on success.
    void finished(quint64 ticket, const QString &error);

private:
    struct Shared;

    void onFinished(quint64 ticket, const QString &error);

    std::shared_ptr<Shared> m_shared;
    bool m_busy = false;
};

} // namespace sb
