// SPDX-License-Identifier: MIT
#include "servicenotifier.h"

#include <systemd/sd-daemon.h>

void ServiceNotifier::notifyListening(const QString &address)
{
    const QByteArray state = "READY=1\nSTATUS=listening on " + address.toUtf8();
    sd_notify(0, state.constData());
}

void ServiceNotifier::notifyStopping()
{
    sd_notify(0, "STOPPING=1\nSTATUS=stopping: compacting the replica file");
}
