// SPDX-License-Identifier: MIT
#pragma once

#include "changebatch.h"
#include "severity.h"

#include <QAbstractTableModel>

#include <deque>

// Protocol errors, refused peers, rejected updates and connection events,
// newest last, bounded to kCapacity entries. A peer flooding bad input makes
// a burst of messages: they are appended in batches like every other model.
class LogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, SeverityColumn, MessageColumn, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1 };

    static constexpr int kCapacity = 10000;
    static constexpr int kFlushIntervalMs = 100;

    explicit LogModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(Severity severity, const QString &text);
    void clear();
    void flush();
    QString messageAt(int row) const { return m_entries[size_t(row)].text; }
    int errorCount() const { return m_errors; }

    static QString severityName(Severity severity);

signals:
    void errorCountChanged(int errors);

private:
    struct Entry
    {
        qint64 time;
        Severity severity;
        QString text;
    };

    std::deque<Entry> m_entries;
    std::deque<Entry> m_pending;
    int m_errors = 0;
    ChangeBatch m_batch;
};
