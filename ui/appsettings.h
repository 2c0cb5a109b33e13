#pragma once

#include "peerspec.h"

#include <QByteArray>
#include <QList>
#include <QString>

// What Scuttlescope remembers between launches, in QSettings: the id of the
// default replica (so peers see the same source across restarts), recently
// dialed peers, the timeline cap and the window layout.
class AppSettings
{
public:
    // The id of the default document, created and stored on first use.
    static QString replicaId();

    static QList<PeerSpec> recentPeers();
    // Puts spec first, dropping an older entry for the same address.
    static void rememberPeer(const PeerSpec &spec);

    static int timelineCapacity();
    static void setTimelineCapacity(int capacity);

    static QByteArray windowGeometry();
    static QByteArray windowState();
    static void setWindowLayout(const QByteArray &geometry, const QByteArray &state);

    static constexpr int kMaxRecentPeers = 10;
    static constexpr int kDefaultTimelineCapacity = 100000;
};
