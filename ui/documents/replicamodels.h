// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class ClockModel;
class EventsModel;
class KeysModel;
class RowsModel;
class ReplicaSession;
class TimelineModel;

// The item models of one replica, made together when the session gets a
// replica and deleted together before it lets the replica go.
class ReplicaModels : public QObject
{
    Q_OBJECT

public:
    ReplicaModels(ReplicaSession *session, int timelineCapacity, QObject *parent = nullptr);
    ~ReplicaModels() override;

    KeysModel *keys() const { return m_keys; }       // nullptr unless a Model replica
    EventsModel *events() const { return m_events; } // nullptr unless an Events replica
    RowsModel *rows() const { return m_rows; }       // nullptr unless a crdt Doc
    ClockModel *clock() const { return m_clock; }
    TimelineModel *timeline() const { return m_timeline; }

    // Applies everything pending in every model now (tests, export).
    void flush();

private:
    KeysModel *m_keys = nullptr;
    EventsModel *m_events = nullptr;
    RowsModel *m_rows = nullptr;
    ClockModel *m_clock;
    TimelineModel *m_timeline;
};
