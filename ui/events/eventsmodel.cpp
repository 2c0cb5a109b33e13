// SPDX-License-Identifier: MIT
#include "eventsmodel.h"

#include "events.h"
#include "format.h"
#include "jsoncodec.h"
#include "sourcepalette.h"

#include <QFontDatabase>

using namespace sb;

EventsModel::EventsModel(Events *events, QObject *parent)
    : QAbstractTableModel(parent), m_events(events),
      m_batch(std::chrono::milliseconds(kFlushIntervalMs),
              [this](QDeadlineTimer deadline) { return applySlice(deadline); })
{
    for (const Update &update : events->history()) {
        m_rows.push_back(update);
        ++m_heldCounts[update.source()];
    }
    connect(events, &Events::eventReceived, this, [this](const QString &, const Update &update) {
        m_pending.push_back(update);
        m_batch.schedule();
    });
}

EventsModel::~EventsModel() = default;

int EventsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
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
            return QStringLiteral("%1\n(this replica)").arg(update.source());
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
        return QStringLiteral("Time");
    case SourceColumn:
        return QStringLiteral("Source");
    case EventColumn:
        return QStringLiteral("Event");
    case DataColumn:
        return QStringLiteral("Data");
    }
    return {};
}

std::optional<QString> EventsModel::emitEvent(const QString &event, const QString &dataJson)
{
    if (event.isEmpty())
        return QStringLiteral("Enter an event name.");
    if (auto problem = sb::Update::keyProblem(event))
        return Format::asSentence(*problem);
    JsonValue data;
    if (!dataJson.trimmed().isEmpty()) {
        auto parsed = JsonCodec::parse(dataJson.toUtf8());
        if (!parsed)
            return QStringLiteral("Event \"%1\" not emitted: the data is not valid JSON: %2. "
                                  "Strings need double quotes, e.g. \"text\".")
                    .arg(event, parsed.errorMessage());
        data = parsed.value();
    }
    if (const auto emitted = m_events->emitEvent(event, data); !emitted)
        return QStringLiteral("Event \"%1\" not emitted: %2.").arg(event, emitted.errorMessage());
    flush();
    return std::nullopt;
}

void EventsModel::flush()
{
    m_batch.cancel();
    applyPending(m_pending.size());
}

bool EventsModel::applySlice(QDeadlineTimer deadline)
{
    m_pacer.insertChunk(deadline, qsizetype(m_pending.size()),
                        [this](qsizetype rows) { applyPending(size_t(rows)); });
    return !m_pending.empty();
}

void EventsModel::applyPending(size_t count)
{
    count = qMin(count, m_pending.size());
    if (count == 0)
        return;
    const auto end = m_pending.begin() + qsizetype(count);
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(count) - 1);
    for (auto it = m_pending.begin(); it != end; ++it) {
        ++m_heldCounts[it->source()];
        m_rows.push_back(std::move(*it));
    }
    m_pending.erase(m_pending.begin(), end);
    endInsertRows();
    emit heldCountsChanged(m_heldCounts);
}
