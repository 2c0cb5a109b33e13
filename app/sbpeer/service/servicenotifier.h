// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

// Tells systemd how a serving sbpeer stands, for sbpeer@.service's Type=notify:
// READY=1 once the replica is loaded and the port is listening, so that units
// ordered after it start when peers can connect, and STOPPING=1 when asked to
// stop, while the file is compacted. Outside systemd ($NOTIFY_SOCKET unset) it
// does nothing.
class ServiceNotifier : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    void notifyListening(const QString &address);
    void notifyStopping();
};
