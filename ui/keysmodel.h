#pragma once

#include "jsonvalue.h"
#include "result.h"
#include "signaturechecker.h"
#include "update.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QTimer>

#include <optional>
#include <vector>

namespace sb {
class Model;
}

// The keys of a Model replica as a table: key, value (compact JSON), source,
// whether its update is signed (and by which trusted key), timestamp and age;
// deleted keys stay as rows holding null. Changes are not
// applied one by one: they are collected and applied every kFlushIntervalMs
// with one beginInsertRows for the new keys and a few dataChanged ranges, so a
// peer sending tens of thousands of updates a second costs a few signals.
class KeysModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        KeyColumn,
        ValueColumn,
        SourceColumn,
        SignatureColumn,
        TimestampColumn,
        AgeColumn,
        ColumnCount
    };
    enum Role {
        KeyRole = Qt::UserRole + 1,
        TimestampRole,
        DeletedRole,
        RemoteChangeRole,
        SignatureRole // a SignatureChecker::State
    };

    static constexpr int kFlushIntervalMs = 60;
    static constexpr int kFlashMs = 1500;

    explicit KeysModel(sb::Model *model, QObject *parent = nullptr);
    ~KeysModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    // Editing the value cell takes JSON text; text that does not parse is
    // refused with editRejected() and the value is left as it was.
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    sb::Model *model() const { return m_model; }
    const sb::Update &updateAt(int row) const { return m_rows[size_t(row)].update; }
    int rowOfKey(const QString &key) const { return m_rowOfKey.value(key, -1); }
    // When a remote change last reached row (ms since the epoch), 0 for never.
    qint64 remoteChangeAt(int row) const { return m_rows[size_t(row)].remoteChangeAt; }
    qint64 lastRemoteChangeAt() const { return m_lastRemoteChangeAt; }
    // Updates held per source: what the clock view shows.
    const QHash<QString, qsizetype> &heldCounts() const { return m_heldCounts; }

    // How signatures are read; every row is checked again.
    void setSignatureChecker(const SignatureChecker &checker);
    // The signature of row's update, checked once and remembered.
    SignatureChecker::Check signatureAt(int row) const;

    // Sets key to the JSON text json; returns why it was refused.
    std::optional<QString> setValueJson(const QString &key, const QString &json);
    // Sets every key to null, the scuttlebutt delete.
    void removeKeys(const QStringList &keys);
    // {"key":value,...} for rows, in the order given.
    QByteArray jsonForRows(const QList<int> &rows) const;
    // Rich text on row's update: the key, who set it and when, its signature.
    QString captionForRow(int row) const;
    // The keys (KeyColumn) or values of rows, one a line.
    QString textForRows(const QList<int> &rows, Column column) const;

    // Applies pending changes now rather than at the next tick.
    void flush();
    bool hasPendingChanges() const;

signals:
    // Around applying a batch of changes to existing rows (not new keys), so a
    // proxy can decide how to follow them.
    void changesAboutToBeApplied(int rows);
    void changesApplied();
    void editRejected(const QString &message);
    void heldCountsChanged(const QHash<QString, qsizetype> &counts);

private:
    struct Row
    {
        sb::Update update;
        qint64 remoteChangeAt = 0;
    };

    // Sets key to what parsing its JSON text gave; returns why it was refused.
    std::optional<QString> setParsedValue(const QString &key,
                                          const sb::Result<sb::JsonValue> &value);
    void onChanged(const QString &key, const sb::Update &update);
    void applyPendingChanges(qint64 now);
    void applyPendingInserts(qint64 now);
    void emitChangedRows(std::vector<int> &rows);
    void count(const QString &source, qsizetype delta);

    sb::Model *m_model;
    std::vector<Row> m_rows;
    QHash<QString, int> m_rowOfKey;
    QHash<int, sb::Update> m_pendingChanges; // row -> latest update
    std::vector<sb::Update> m_pendingInserts; // new keys, in arrival order
    QHash<QString, size_t> m_pendingInsertIndex;
    QHash<QString, qsizetype> m_heldCounts;
    SignatureChecker m_checker;
    mutable QHash<int, SignatureChecker::Check> m_signatures; // signed rows checked so far
    bool m_countsChanged = false;
    qint64 m_lastRemoteChangeAt = 0;
    QTimer m_flushTimer;
};
