// SPDX-License-Identifier: MIT
#pragma once

#include "peerspec.h"
#include "replicafileoptions.h"

#include <QByteArray>
#include <QList>
#include <QString>

// What Scuttlescope remembers between launches, in QSettings: the id given
// to the default replica file when it is created, recently opened replica
// files, how durable writes are, recently dialed peers, the timeline and wire
// caps and the window layout.
class AppSettings
{
public:
    // The id of the default document, created and stored on first use.
    static QString replicaId();

    static QStringList recentFiles();
    // Puts fileName first (as an absolute path), dropping an older entry.
    static void rememberFile(const QString &fileName);
    static void forgetFile(const QString &fileName);

    static sb::ReplicaFileOptions::Durability durability();
    static void setDurability(sb::ReplicaFileOptions::Durability durability);

    static QList<PeerSpec> recentPeers();
    // Puts spec first, dropping an older entry for the same address.
    static void rememberPeer(const PeerSpec &spec);

    static int timelineCapacity();
    static void setTimelineCapacity(int capacity);

    static int wireCapacity();
    static void setWireCapacity(int capacity);

    static QByteArray windowGeometry();
    static QByteArray windowState();
    static void setWindowLayout(const QByteArray &geometry, const QByteArray &state);

    static constexpr int kMaxRecentPeers = 10;
    static constexpr int kMaxRecentFiles = 8;
    static constexpr int kDefaultTimelineCapacity = 100000;
    static constexpr int kDefaultWireCapacity = 100000;
};
