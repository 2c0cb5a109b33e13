// SPDX-License-Identifier: MIT
#include "appsettings.h"

#include "scuttlebutt.h"

#include <QFileInfo>
#include <QSettings>

namespace {
const QString kReplicaId = QStringLiteral("replica/id");
const QString kRecentFiles = QStringLiteral("files/recent");
const QString kDurability = QStringLiteral("files/durability");
const QString kRecentPeers = QStringLiteral("peers/recent");
const QString kTimelineCapacity = QStringLiteral("timeline/capacity");
const QString kWireCapacity = QStringLiteral("wire/capacity");
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
} // namespace

QString AppSettings::replicaId()
{
    QSettings settings;
    QString id = settings.value(kReplicaId).toString();
    if (!sb::Update::checkSource(id)) {
        id = sb::Scuttlebutt::createId();
        settings.setValue(kReplicaId, id);
    }
    return id;
}

QStringList AppSettings::recentFiles()
{
    return QSettings().value(kRecentFiles).toStringList();
}

void AppSettings::rememberFile(const QString &fileName)
{
    const QString path = QFileInfo(fileName).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    QSettings().setValue(kRecentFiles, files.mid(0, kMaxRecentFiles));
}

void AppSettings::forgetFile(const QString &fileName)
{
    QStringList files = recentFiles();
    if (files.removeAll(QFileInfo(fileName).absoluteFilePath()) > 0)
        QSettings().setValue(kRecentFiles, files);
}

sb::ReplicaFileOptions::Durability AppSettings::durability()
{
    return QSettings().value(kDurability).toString() == u"every-update"
            ? sb::ReplicaFileOptions::Durability::EveryUpdate
            : sb::ReplicaFileOptions::Durability::GroupCommit;
}

void AppSettings::setDurability(sb::ReplicaFileOptions::Durability durability)
{
    QSettings().setValue(kDurability,
                         durability == sb::ReplicaFileOptions::Durability::EveryUpdate
                                 ? QStringLiteral("every-update")
                                 : QStringLiteral("group-commit"));
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

int AppSettings::wireCapacity()
{
    const int capacity = QSettings().value(kWireCapacity, kDefaultWireCapacity).toInt();
    return capacity > 0 ? capacity : kDefaultWireCapacity;
}

void AppSettings::setWireCapacity(int capacity)
{
    QSettings().setValue(kWireCapacity, capacity);
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
