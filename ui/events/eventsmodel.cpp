// SPDX-License-Identifier: MIT
#include "eventsmodel.h"

#include "events.h"
#include "format.h"
#include "sourcepalette.h"

#include <QFontDatabase>

using namespace sb;

EventsModel::EventsModel(Events *events, QObject *parent)
    : QAbstractTableModel(parent), m_events(events),
      m_batch(std::chrono::milliseconds(kFlushIntervalMs),
              [this](QDeadlineTimer deadline) { return applySlice(deadline); })
{
    m_shown = events->updateCount();
    connect(events, &Events::eventReceived, this, [this] { m_batch.schedule(); });
}

EventsModel::~EventsModel() = default;

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shown);
}

int EventsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Update &update = updateAt(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return Format::dateTime(update.timestamp());
        case SourceColumn:
            return update.source();
        case EventColumn:
            return update.key();
        case DataColumn:
            return update.hasValue() ? Format::jsonCell(update.value()) : QStringLiteral("—");
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == DataColumn)
            return Format::prettyJson(update.value());
        if (index.column() == TimeColumn)
            return Format::rawTimestamp(update.timestamp());
        if (index.column() == SourceColumn && update.source() == m_events->id())
            return tr("%1\n(this replica)").arg(update.source());
        break;
    case Qt::DecorationRole:
        if (index.column() == SourceColumn)
            return SourcePalette::decoration(update.source());
        break;
    case Qt::FontRole:
        if (index.column() == DataColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    }
    return {};
}

QVariant EventsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case SourceColumn:
        return tr("Source");
    case EventColumn:
        return tr("Event");
    case DataColumn:
        return tr("Data");
    }
    return {};
}

std::optional<QString> EventsModel::emitEvent(const QString &event, const QString &dataJson)
{
    if (event.isEmpty())
        return tr("Enter an event name.");
    if (const auto emitted = m_events->emitEventJson(event, dataJson.toUtf8()); !emitted)
        return Format::refusal(tr("Event \"%1\" not emitted").arg(event), emitted.error());
    flush();
    return std::nullopt;
}

const Update &EventsModel::updateAt(int row) const
{
    return m_events->eventAt(row);
}

const QHash<QString, qsizetype> &EventsModel::heldCounts() const
{
    return m_events->heldCounts();
}

qsizetype EventsModel::pendingCount() const
{
    return m_events->updateCount() - m_shown;
}

void EventsModel::flush()
{
    m_batch.cancel();
    applyPending(pendingCount());
}

bool EventsModel::applySlice(QDeadlineTimer deadline)
{
    m_pacer.insertChunk(deadline, pendingCount(), [this](qsizetype rows) { applyPending(rows); });
    return pendingCount() > 0;
}

void EventsModel::applyPending(qsizetype count)
{
    count = qMin(count, pendingCount());
    if (count <= 0)
        return;
    beginInsertRows({}, int(m_shown), int(m_shown + count) - 1);
    m_shown += count;
    endInsertRows();
    emit heldCountsChanged(m_events->heldCounts());
}
