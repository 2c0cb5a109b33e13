// SPDX-License-Identifier: MIT
#pragma once

#include "changebatch.h"
#include "jsonvalue.h"
#include "result.h"
#include "rowpacer.h"
#include "signaturechecker.h"
#include "update.h"

#include <QAbstractTableModel>
#include <QHash>

#include <optional>
#include <vector>

namespace sb {
class Model;
}

// The keys of a Model replica as a table: key, value (compact JSON), source,
// whether its update is signed (and by which trusted key), timestamp and age;
// deleted keys stay as rows holding null. Row n is the Model's entry n (keys
// in the order they first arrived), and cells are read from the Model when
// drawn: the table keeps no copy of the replica, only a few bytes a row for
// the flash of a remote change. Changes are not applied one by one: they are
// collected for kFlushIntervalMs and then applied (ChangeBatch) with one
// beginInsertRows for the new keys and a few dataChanged ranges, so a peer
// sending tens of thousands of updates a second costs a few signals. A backlog
// of new keys (a million from a first sync) goes in over several turns of the
// event loop, as much a turn as the time the window gives its models
// (BatchScheduler), so the window keeps answering while it fills.
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
    // The time one's own edit may take to show, backlog included.
    static constexpr int kSliceBudgetMs = 8;
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
    // The update row shows (the Model's entry row, as it holds it now).
    sb::Update updateAt(int row) const;
    // The row of key, -1 until its row is in the table.
    int rowOfKey(const QString &key) const;
    // When a remote change last reached row (ms since the epoch), 0 for never.
    qint64 remoteChangeAt(int row) const;
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
    // Deletes keys; says why when some were refused.
    std::optional<QString> removeKeys(const QStringList &keys);
    // {"key":value,...} for rows, in the order given.
    QByteArray jsonForRows(const QList<int> &rows) const;
    // Rich text on row's update: the key, who set it and when, its signature.
    QString captionForRow(int row) const;
    // The keys (KeyColumn) or values of rows, one a line.
    QString textForRows(const QList<int> &rows, Column column) const;

    // Applies every pending change now rather than over the next ticks.
    void flush();
    bool hasPendingChanges() const;
    // New keys waiting for their rows.
    qsizetype pendingInsertCount() const;

signals:
    // Around applying a batch of changes to existing rows (not new keys), so a
    // proxy can decide how to follow them.
    void changesAboutToBeApplied(int rows);
    void changesApplied();
    void editRejected(const QString &message);
    void heldCountsChanged(const QHash<QString, qsizetype> &counts);

private:
    // m_flashes[row]: when a remote change last reached the row, in ms after
    // m_epochMs; 0 for never, kPendingRemote until the change is applied.
    static constexpr quint32 kPendingRemote = 0xffffffff;

    void onEntryChanged(qsizetype entry, const sb::Update &update);
    // Applies changed rows and what new rows fit before deadline; true when some wait.
    bool applySlice(QDeadlineTimer deadline);
    void showOwnChange();
    void applyPendingChanges(qint64 now);
    void applyPendingInserts(qint64 now, qsizetype insertCount);
    // Stamps a row whose remote change is being applied with now.
    void markApplied(qsizetype row, qint64 now);
    void emitCountsIfChanged();
    void emitChangedRows(std::vector<int> &rows);

    sb::Model *m_model;
    int m_rowCount = 0;             // entries of the Model shown as rows so far
    std::vector<quint32> m_flashes; // per entry seen, shown or not
    qint64 m_epochMs;
    std::vector<int> m_changedRows; // since the last batch; may repeat
    RowPacer m_pacer;
    QHash<QString, qsizetype> m_heldCounts;
    SignatureChecker m_checker;
    mutable QHash<int, SignatureChecker::Check> m_signatures; // signed rows checked so far
    // The update of the row data() was last asked about: a view asks for
    // every role of a cell, and of each cell of a row, in turn.
    mutable int m_cachedRow = -1;
    mutable sb::Update m_cachedUpdate;
    bool m_countsChanged = false;
    qint64 m_lastRemoteChangeAt = 0;
    ChangeBatch m_batch;
};
