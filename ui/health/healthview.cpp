// SPDX-License-Identifier: MIT
#include "healthview.h"

#include "healthchart.h"
#include "healthsampler.h"
#include "peerhealth.h"

#include <QLineSeries>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

HealthView::HealthView(HealthSampler *sampler, QWidget *parent)
    : QWidget(parent), m_sampler(sampler),
      m_replicaChart(new HealthChart(tr("Replica"), tr("updates/s"))),
      m_trafficChart(new HealthChart(tr("Peer traffic"), tr("updates/s"))),
      m_lagChart(new HealthChart(tr("Peers behind (they lack) and ahead (we lack)"), tr("updates")))
{
    m_applied = m_replicaChart->addLine(tr("applied/s"));
    m_keys = m_replicaChart->addRightLine(tr("keys"), tr("keys"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_replicaChart);
    splitter->addWidget(m_trafficChart);
    splitter->addWidget(m_lagChart);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(sampler, &HealthSampler::sampled, this, &HealthView::onSampled);
    connect(sampler, &HealthSampler::peerAdded, this, &HealthView::addPeer);
    connect(sampler, &HealthSampler::peerRemoved, this, &HealthView::removePeer);
    const QList<PeerHealth *> peers = sampler->peers();
    for (PeerHealth *health : peers)
        addPeer(health);
    redraw();
}

void HealthView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        redraw();
}

void HealthView::onSampled()
{
    // A hidden dock (closed, or tabbed behind another) costs nothing but
    // the sampling; it catches up when shown.
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    redraw();
}

void HealthView::redraw()
{
    m_stale = false;
    m_replicaChart->setPoints(m_applied, m_sampler->appliedPerSecond().points());
    m_replicaChart->setPoints(m_keys, m_sampler->keys().points());
    for (auto it = m_peers.cbegin(); it != m_peers.cend(); ++it) {
        const PeerHealth *health = it.key();
        const PeerLines &lines = it.value();
        lines.in->setName(inName(health->label()));
        lines.out->setName(outName(health->label()));
        lines.behind->setName(behindName(health->label()));
        lines.ahead->setName(aheadName(health->label()));
        m_trafficChart->setPoints(lines.in, health->updatesInPerSecond().points());
        m_trafficChart->setPoints(lines.out, health->updatesOutPerSecond().points());
        m_lagChart->setPoints(lines.behind, health->behind().points());
        m_lagChart->setPoints(lines.ahead, health->ahead().points());
    }
    const double now = std::max(0.0, m_sampler->lastSampleSeconds());
    const double window = m_sampler->historySeconds();
    m_replicaChart->refresh(now, window);
    m_trafficChart->refresh(now, window);
    m_lagChart->refresh(now, window);
}

void HealthView::addPeer(PeerHealth *health)
{
    PeerLines lines;
    lines.in = m_trafficChart->addLine(inName(health->label()));
    lines.out = m_trafficChart->addLine(outName(health->label()));
    lines.behind = m_lagChart->addLine(behindName(health->label()));
    lines.ahead = m_lagChart->addLine(aheadName(health->label()));
    m_peers.insert(health, lines);
}

void HealthView::removePeer(PeerHealth *health)
{
    const PeerLines lines = m_peers.take(health);
    if (!lines.in)
        return;
    m_trafficChart->removeLine(lines.in);
    m_trafficChart->removeLine(lines.out);
    m_lagChart->removeLine(lines.behind);
    m_lagChart->removeLine(lines.ahead);
}
