// SPDX-License-Identifier: MIT
#pragma once

#include "jsonvalue.h"
#include "result.h"
#include "scuttlebutt.h"

#include <QHash>
#include <QLatin1StringView>
#include <QStringList>

#include <utility>

namespace sb {

// A document of rows whose fields merge one by one: npm crdt's Doc (3.6.4),
// the most used data model built on scuttlebutt. An update changes some
// fields of one row, [[rowId, {field: value, ...}], timestamp, source], and
// each field keeps the value of the latest update that set it (timestamp,
// then source); [[rowId, null], ...] removes the row.
//
// Kept exactly as crdt keeps it, so that every peer agrees:
// - history holds each update that still sets a field, whole (superseded
//   fields included), and for each field of a removed row a tombstone,
//   [null, timestamp, source]. A tombstone read from a peer advances its
//   source's clock and changes nothing, as in crdt: a removal reaches a peer
//   that syncs it from history only if it also hears it live.
// - an update for a removed row brings the row back, holding its id and the
//   fields newer than the removal.
// - rows and fields list in JavaScript property order (toJson() is crdt's
//   toJSON()).
// crdt's Sets and Seqs are views over the rows, not replicated state:
// setMembers() and sequence() answer them, and insertInSequence() writes the
// _sort field as a Seq does. Scuttlescope never opens a Set of its own, so it
// behaves as a crdt peer without Sets (one with a Set open writes the Set's
// field as null on each row removed while in it).
class Doc : public Scuttlebutt
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView kTypeName{"doc"};

    explicit Doc(const QString &id = {}, QObject *parent = nullptr);
    ~Doc() override;

    QString typeName() const override { return kTypeName; }

    // Row ids in the order toJson() lists them.
    QStringList rowIds() const;
    qsizetype rowCount() const { return m_rows.size(); }
    bool hasRow(const QString &rowId) const { return m_rows.contains(rowId); }
    // The row's fields ("id" first), or an empty object when there is no such row.
    JsonObject row(const QString &rowId) const;
    // One field's value, undefined when the row does not hold the field.
    JsonValue fieldValue(const QString &rowId, const QString &field) const;
    // Every field any row holds, in the order first seen: a table's columns.
    QStringList fieldNames() const;
    // The update that set the field's value, or invalid when the row does not
    // hold the field (a removed field's tombstone is not returned).
    Update fieldUpdate(const QString &rowId, const QString &field) const;

    // crdt's doc.set(rowId, changes): sends only the fields given. Refused:
    // no fields, a field named "__proto__", an "id" field other than rowId.
    Result<Update> set(const QString &rowId, const JsonObject &changes);
    // The same with the changes as JSON text (an object).
    Result<Update> setJson(const QString &rowId, QByteArrayView changesJson);
    // One field of the row, its value as JSON text.
    Result<Update> setFieldJson(const QString &rowId, const QString &field,
                                QByteArrayView valueJson);
    // crdt's doc.rm(rowId): [[rowId, null], ...].
    Result<Update> remove(const QString &rowId);

    // crdt's createSet(field, value).toJSON(): the rows whose field holds
    // value (a string, number, boolean or null), ordered by their _sort
    // field, else by id.
    QStringList setMembers(const QString &field, const JsonValue &value) const;
    // crdt's createSeq(field, value): the same rows ordered by _sort; rows
    // without a _sort string come last, by id.
    QStringList sequence(const QString &field, const JsonValue &value) const;
    // crdt's seq.insert(row, before, after): gives rowId a _sort between
    // those of beforeRowId and afterRowId (empty: the start or the end of the
    // sequence), and field = value when the row does not hold it yet.
    Result<Update> insertInSequence(const QString &rowId, const QString &field,
                                    const JsonValue &value, const QString &beforeRowId,
                                    const QString &afterRowId);

    Result<void> validate(const Update &update) const override;
    QList<Update> history(const Clock &remote = {}) const override;
    qsizetype updateCount() const override { return m_heldCount; }
    // How many of the updates history() lists come from each source.
    const QHash<QString, qsizetype> &heldCounts() const { return m_heldBySource; }
    // crdt's toJSON(): {rowId: {field: value, ...}, ...}.
    JsonValue toJson() const override;

signals:
    // A row was created or some of its fields changed (fields lists them).
    void rowChanged(const QString &rowId, const QStringList &fields);
    void rowRemoved(const QString &rowId);

protected:
    bool applyUpdate(const Update &update) override;

private:
    using UpdateId = std::pair<QString, double>; // source and timestamp name one update
    // The field's winning update from now on is update (or a tombstone).
    void holdForField(QHash<QString, Update> &fields, const QString &field, const Update &update);
    void countHeld(const Update &update, int change);
    JsonObject &ensureRow(const QString &rowId);

    JsonObject m_rows; // row id -> its fields, in JavaScript property order
    // row id -> field -> the update that set it, or the tombstone that removed
    // it: crdt's hist, kept for removed rows too.
    QHash<QString, QHash<QString, Update>> m_fieldUpdates;
    QHash<UpdateId, int> m_fieldsSetBy; // how many fields each held update sets
    qsizetype m_heldCount = 0;          // held updates plus tombstones: history's size
    QHash<QString, qsizetype> m_heldBySource;
    QStringList m_fieldNames;
};

} // namespace sb
