// SPDX-License-Identifier: MIT
#include "replicamodels.h"

#include "clockmodel.h"
#include "eventsmodel.h"
#include "keysmodel.h"
#include "replicasession.h"
#include "rowsmodel.h"
#include "timelinemodel.h"

ReplicaModels::ReplicaModels(ReplicaSession *session, int timelineCapacity, QObject *parent)
    : QObject(parent), m_clock(new ClockModel(session, this)),
      m_timeline(new TimelineModel(session->replica(), timelineCapacity, this))
{
    m_timeline->setSignatureChecker(session->signatureChecker());
    connect(session, &ReplicaSession::trustChanged, m_timeline,
            [this, session] { m_timeline->setSignatureChecker(session->signatureChecker()); });
    if (sb::Model *model = session->model()) {
        m_keys = new KeysModel(model, this);
        m_keys->setSignatureChecker(session->signatureChecker());
        connect(session, &ReplicaSession::trustChanged, m_keys,
                [this, session] { m_keys->setSignatureChecker(session->signatureChecker()); });
        m_clock->setHeldCounts(m_keys->heldCounts());
        connect(m_keys, &KeysModel::heldCountsChanged, m_clock, &ClockModel::setHeldCounts);
    } else if (sb::Events *events = session->events()) {
        m_events = new EventsModel(events, this);
        m_clock->setHeldCounts(m_events->heldCounts());
        connect(m_events, &EventsModel::heldCountsChanged, m_clock, &ClockModel::setHeldCounts);
    } else if (sb::Doc *doc = session->doc()) {
        m_rows = new RowsModel(doc, this);
        m_clock->setHeldCounts(doc->heldCounts());
        connect(m_rows, &RowsModel::heldCountsChanged, m_clock, &ClockModel::setHeldCounts);
    }
}

ReplicaModels::~ReplicaModels() = default;

void ReplicaModels::flush()
{
    if (m_keys)
        m_keys->flush();
    if (m_events)
        m_events->flush();
    if (m_rows)
        m_rows->flush();
    m_timeline->flush();
    m_clock->refresh();
}
