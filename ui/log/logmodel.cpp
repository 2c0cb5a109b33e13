// SPDX-License-Identifier: MIT
#include "logmodel.h"

#include "format.h"

#include <QColor>
#include <QDateTime>

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent),
      m_batch(std::chrono::milliseconds(kFlushIntervalMs), [this](QDeadlineTimer) {
          flush();
          return false;
      })
{ }

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LogModel::severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return {};
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Entry &entry = m_entries[size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return Format::time(double(entry.time));
        case SeverityColumn:
            return severityName(entry.severity);
        case MessageColumn:
            return entry.text;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == MessageColumn)
            return entry.text;
        break;
    case Qt::ForegroundRole:
        if (entry.severity == Severity::Error)
            return QColor(0xc6, 0x28, 0x28);
        if (entry.severity == Severity::Warning)
            return QColor(0xb2, 0x6a, 0x00);
        break;
    case SeverityRole:
        return severityName(entry.severity);
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case SeverityColumn:
        return tr("Severity");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

void LogModel::append(Severity severity, const QString &text)
{
    m_pending.push_back(Entry{QDateTime::currentMSecsSinceEpoch(), severity, text});
    if (m_pending.size() > size_t(kCapacity))
        m_pending.erase(m_pending.begin());
    m_batch.schedule();
}

void LogModel::clear()
{
    flush();
    if (m_entries.empty())
        return;
    beginRemoveRows({}, 0, int(m_entries.size()) - 1);
    m_entries.clear();
    endRemoveRows();
    m_errors = 0;
    emit errorCountChanged(m_errors);
}

void LogModel::flush()
{
    m_batch.cancel();
    if (m_pending.empty())
        return;
    const size_t overflow = m_entries.size() + m_pending.size() > size_t(kCapacity)
            ? m_entries.size() + m_pending.size() - size_t(kCapacity)
            : 0;
    if (overflow > 0) {
        beginRemoveRows({}, 0, int(overflow) - 1);
        m_entries.erase(m_entries.begin(), m_entries.begin() + qsizetype(overflow));
        endRemoveRows();
    }
    const int first = int(m_entries.size());
    int errors = 0;
    beginInsertRows({}, first, first + int(m_pending.size()) - 1);
    for (Entry &entry : m_pending) {
        errors += entry.severity == Severity::Error;
        m_entries.push_back(std::move(entry));
    }
    m_pending.clear();
    endInsertRows();
    if (errors > 0) {
        m_errors += errors;
        emit errorCountChanged(m_errors);
    }
}
