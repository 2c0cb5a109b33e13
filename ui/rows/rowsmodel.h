// SPDX-License-Identifier: MIT
#pragma once

#include "changebatch.h"
#include "doc.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>
#include <QStringList>

#include <optional>

// The rows of a crdt Doc as a table: one row per Doc row, one column per
// field any row holds (in the order first seen, "id" first). Cells show a
// field's value as JSON and are edited as JSON; an edit sends only the field
// edited, as crdt's row.set does. Rows keep the order they arrived in (the
// view sorts); changes from peers are applied in batches every 50 ms, so a
// fast peer costs the event loop one batch a tick, not a signal per row.
class RowsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit RowsModel(sb::Doc *doc, QObject *parent = nullptr);
    ~RowsModel() override;

    sb::Doc *doc() const { return m_doc; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;

    QString rowIdAt(int row) const { return m_rowIds.at(row); }
    QString fieldAt(int column) const { return m_fields.at(column); }
    // The table row of rowId, or -1.
    int rowOf(const QString &rowId) const { return m_rowOf.value(rowId, -1); }
    int columnOf(const QString &field) const { return int(m_fields.indexOf(field)); }

    // Sets fields (a JSON object) of rowId, creating the row; returns why
    // not, in a sentence for the user, or nothing when sent.
    std::optional<QString> setFields(const QString &rowId, const QString &fieldsJson);
    // Removes the rows; says why when some were refused.
    std::optional<QString> removeRows(const QStringList &rowIds);

    // Applies every pending change now (tests, export).
    void flush();

signals:
    // An edit was refused: why, in a sentence.
    void editRejected(const QString &message);
    // After a batch: the Doc's held updates per source, for the clock view.
    void heldCountsChanged(const QHash<QString, qsizetype> &counts);
    // A batch of changed rows was applied (once, however many rows it held).
    void batchApplied();

private:
    void onRowChanged(const QString &rowId);
    void addFields();

    QPointer<sb::Doc> m_doc;
    QStringList m_fields;
    QStringList m_rowIds;
    QHash<QString, int> m_rowOf;
    QSet<QString> m_pending; // rows changed since the last batch
    ChangeBatch m_batch;
};
