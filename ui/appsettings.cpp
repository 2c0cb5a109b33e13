#include "appsettings.h"

#include "scuttlebutt.h"

#include <QSettings>

namespace {
const QString kReplicaId = QStringLiteral("replica/id");
const QString kRecentPeers = QStringLiteral("peers/recent");
const QString kTimelineCapacity = QStringLiteral("timeline/capacity");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
} // namespace

QString AppSettings::replicaId()
{
    QSettings settings;
    QString id = settings.value(kReplicaId).toString();
    if (id.isEmpty() || id == u"__proto__") {
        id = sb::Scuttlebutt::createId();
        settings.setValue(kReplicaId, id);
    }
    return id;
}

QList<PeerSpec> AppSettings::recentPeers()
{
    QList<PeerSpec> peers;
    const QVariantList stored = QSettings().value(kRecentPeers).toList();
    for (const QVariant &entry : stored) {
        if (auto spec = PeerSpec::fromVariant(entry.toMap()))
            peers.append(*spec);
    }
    return peers;
}

void AppSettings::rememberPeer(const PeerSpec &spec)
{
    QList<PeerSpec> peers = recentPeers();
    peers.removeIf([&](const PeerSpec &peer) { return peer.address() == spec.address(); });
    peers.prepend(spec);
    QVariantList stored;
    for (const PeerSpec &peer : std::as_const(peers).first(qMin(peers.size(), kMaxRecentPeers)))
        stored.append(peer.toVariant());
    QSettings().setValue(kRecentPeers, stored);
}

int AppSettings::timelineCapacity()
{
    const int capacity = QSettings().value(kTimelineCapacity, kDefaultTimelineCapacity).toInt();
    return capacity > 0 ? capacity : kDefaultTimelineCapacity;
}

void AppSettings::setTimelineCapacity(int capacity)
{
    QSettings().setValue(kTimelineCapacity, capacity);
}

QByteArray AppSettings::windowGeometry()
{
    return QSettings().value(kGeometry).toByteArray();
}

QByteArray AppSettings::windowState()
{
    return QSettings().value(kState).toByteArray();
}

void AppSettings::setWindowLayout(const QByteArray &geometry, const QByteArray &state)
{
    QSettings settings;
    settings.setValue(kGeometry, geometry);
    settings.setValue(kState, state);
}
