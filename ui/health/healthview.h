// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QWidget>

class HealthChart;
class HealthSampler;
class PeerHealth;
class QLineSeries;

// The Sync Health dock: three charts over the sampler's history, redrawn
// once per sample and only while visible: the replica (updates applied per
// second, keys), the peers' traffic (updates in and out per second) and how
// far behind or ahead each peer is. Together they answer "is this
// converging?": traffic falls off and behind drops to 0.
class HealthView : public QWidget
{
    Q_OBJECT

public:
    explicit HealthView(HealthSampler *sampler, QWidget *parent = nullptr);

    HealthChart *replicaChart() const { return m_replicaChart; }
    HealthChart *trafficChart() const { return m_trafficChart; }
    HealthChart *lagChart() const { return m_lagChart; }

    // The lines' names, as the legends show them.
    static QString inName(const QString &peer) { return peer + QStringLiteral(" in/s"); }
    static QString outName(const QString &peer) { return peer + QStringLiteral(" out/s"); }
    static QString behindName(const QString &peer) { return peer + QStringLiteral(" behind"); }
    static QString aheadName(const QString &peer) { return peer + QStringLiteral(" ahead"); }

protected:
    void showEvent(QShowEvent *event) override;

private:
    struct PeerLines
    {
        QLineSeries *in = nullptr;
        QLineSeries *out = nullptr;
        QLineSeries *behind = nullptr;
        QLineSeries *ahead = nullptr;
    };

    void onSampled();
    void redraw();
    void addPeer(PeerHealth *health);
    void removePeer(PeerHealth *health);

    HealthSampler *m_sampler;
    HealthChart *m_replicaChart;
    HealthChart *m_trafficChart;
    HealthChart *m_lagChart;
    QLineSeries *m_applied;
    QLineSeries *m_keys;
    QHash<PeerHealth *, PeerLines> m_peers;
    bool m_stale = false; // samples came while hidden
};
