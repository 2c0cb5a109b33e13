// SPDX-License-Identifier: MIT
#pragma once

#include "changebatch.h"
#include "rowpacer.h"
#include "update.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>

namespace sb {
class Events;
}

// The log of an Events replica as a table (time, source, event, data), in
// the order events were received: row n is the replica's event n, read when
// drawn (no copy of the log). Events arriving in a burst are shown in batches
// (ChangeBatch): a few beginInsertRows every kFlushIntervalMs.
class EventsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, SourceColumn, EventColumn, DataColumn, ColumnCount };

    static constexpr int kFlushIntervalMs = 60;

    explicit EventsModel(sb::Events *events, QObject *parent = nullptr);
    ~EventsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    sb::Events *events() const { return m_events; }
    const sb::Update &updateAt(int row) const;
    const QHash<QString, qsizetype> &heldCounts() const;

    // Emits event with data given as JSON text (empty: no data); returns why
    // it was refused.
    std::optional<QString> emitEvent(const QString &event, const QString &dataJson);
    void flush();

signals:
    void heldCountsChanged(const QHash<QString, qsizetype> &counts);

private:
    bool applySlice(QDeadlineTimer deadline);
    void applyPending(qsizetype count);
    qsizetype pendingCount() const;

    sb::Events *m_events;
    qsizetype m_shown = 0; // the replica's first m_shown events are rows
    RowPacer m_pacer;
    ChangeBatch m_batch;
};
