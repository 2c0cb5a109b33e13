// SPDX-License-Identifier: MIT
#include "doc.h"

#include "jsoncodec.h"
#include "sortkey_p.h"

#include <QSet>

#include <algorithm>
#include <cmath>

namespace sb {

namespace {

const QString &idField()
{
    static const QString id = QStringLiteral("id");
    return id;
}

const QString &sortField()
{
    static const QString sort = QStringLiteral("_sort");
    return sort;
}

// crdt's order(): by timestamp, then source, compared as JavaScript compares them.
bool isOlder(const Update &held, const Update &update)
{
    return held.timestamp() < update.timestamp()
            || (held.timestamp() == update.timestamp() && held.source() < update.source());
}

// What a Set compares with ===: only primitives can be equal.
bool strictlyEqual(const JsonValue &a, const JsonValue &b)
{
    if (a.isArray() || a.isObject() || a.isUndefined())
        return false;
    return a == b;
}

QString sortKeyOf(const JsonObject &row)
{
    const JsonValue *sort = row.find(sortField());
    return sort && sort->isString() ? sort->toString() : QString();
}

} // namespace

Doc::Doc(const QString &id, QObject *parent) : Scuttlebutt(id, parent) { }

Doc::~Doc() = default;

QStringList Doc::rowIds() const
{
    QStringList ids;
    ids.reserve(m_rows.size());
    for (const JsonObject::Member &member : m_rows.members())
        ids.append(member.key);
    return ids;
}

JsonObject Doc::row(const QString &rowId) const
{
    const JsonValue *found = m_rows.find(rowId);
    return found ? found->toObject() : JsonObject();
}

JsonValue Doc::fieldValue(const QString &rowId, const QString &field) const
{
    const JsonValue *found = m_rows.find(rowId);
    return found ? found->toObject().value(field) : JsonValue();
}

QStringList Doc::fieldNames() const
{
    return m_fieldNames;
}

Update Doc::fieldUpdate(const QString &rowId, const QString &field) const
{
    if (!hasRow(rowId))
        return {};
    const Update update = m_fieldUpdates.value(rowId).value(field);
    return update.isTombstone() ? Update() : update;
}

Result<Update> Doc::set(const QString &rowId, const JsonObject &changes)
{
    if (const auto keyCheck = Update::checkKey(rowId); !keyCheck)
        return Error{QStringLiteral("row id: %1").arg(keyCheck.errorMessage())};
    if (changes.isEmpty())
        return Error{QStringLiteral("no fields to set")};
    if (changes.contains(u"__proto__"))
        return Error{QStringLiteral("the field \"__proto__\" is not allowed")};
    if (const JsonValue *id = changes.find(idField());
        id && !(id->isString() && id->toString() == rowId))
        return Error{QStringLiteral("a row's id cannot be changed")};
    return localUpdate(rowId, JsonCodec::stringify(JsonValue(changes)));
}

Result<Update> Doc::setJson(const QString &rowId, QByteArrayView changesJson)
{
    const auto changes = parseValueJson(changesJson);
    if (!changes)
        return changes.error();
    if (!changes->isObject())
        return Error{QStringLiteral("a row's changes are an object of fields")};
    return set(rowId, changes->toObject());
}

Result<Update> Doc::setFieldJson(const QString &rowId, const QString &field,
                                 QByteArrayView valueJson)
{
    const auto value = parseValueJson(valueJson);
    if (!value)
        return value.error();
    JsonObject changes;
    changes.insert(field, value.value());
    return set(rowId, changes);
}

Result<Update> Doc::remove(const QString &rowId)
{
    if (const auto keyCheck = Update::checkKey(rowId); !keyCheck)
        return Error{QStringLiteral("row id: %1").arg(keyCheck.errorMessage())};
    return localUpdate(rowId, QByteArrayLiteral("null"));
}

QStringList Doc::setMembers(const QString &field, const JsonValue &value) const
{
    std::vector<std::pair<QString, QString>> members; // order key, row id
    for (const JsonObject::Member &member : m_rows.members()) {
        const JsonObject &row = member.value.toObject();
        const JsonValue *held = row.find(field);
        if (held && strictlyEqual(*held, value)) {
            const QString sort = sortKeyOf(row);
            members.emplace_back(sort.isEmpty() ? member.key : sort, member.key);
        }
    }
    std::stable_sort(members.begin(), members.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    QStringList ids;
    for (const auto &member : members)
        ids.append(member.second);
    return ids;
}

QStringList Doc::sequence(const QString &field, const JsonValue &value) const
{
    std::vector<std::pair<QString, QString>> sorted; // _sort, row id
    std::vector<QString> unsorted;
    for (const JsonObject::Member &member : m_rows.members()) {
        const JsonObject &row = member.value.toObject();
        const JsonValue *held = row.find(field);
        if (!held || !strictlyEqual(*held, value))
            continue;
        const QString sort = sortKeyOf(row);
        if (sort.isEmpty())
            unsorted.push_back(member.key);
        else
            sorted.emplace_back(sort, member.key);
    }
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::sort(unsorted.begin(), unsorted.end());
    QStringList ids;
    for (const auto &row : sorted)
        ids.append(row.second);
    for (const QString &id : unsorted)
        ids.append(id);
    return ids;
}

Result<Update> Doc::insertInSequence(const QString &rowId, const QString &field,
                                     const JsonValue &value, const QString &beforeRowId,
                                     const QString &afterRowId)
{
    const QStringList members = sequence(field, value);
    // As a Seq does: a neighbour outside the sequence counts as its end.
    const auto keyOf = [&](const QString &neighbour, QChar end) {
        if (!neighbour.isEmpty() && members.contains(neighbour)) {
            const QString sort = sortKeyOf(row(neighbour));
            if (!sort.isEmpty())
                return sort;
        }
        return QString(end);
    };
    const QString before = keyOf(beforeRowId, SortKey::kLowest);
    const QString after = keyOf(afterRowId, SortKey::kHighest);
    const auto between = SortKey::between(before, after);
    if (!between)
        return Error{QStringLiteral("\"%1\" does not come before \"%2\" in the sequence")
                             .arg(beforeRowId, afterRowId)};
    JsonObject changes;
    changes.insert(sortField(), JsonValue(*between + SortKey::randomTail(3)));
    if (!strictlyEqual(fieldValue(rowId, field), value))
        changes.insert(field, value);
    return set(rowId, changes);
}

Result<void> Doc::validate(const Update &update) const
{
    if (update.isTombstone()) {
        // Everything the base checks but the transaction.
        if (!std::isfinite(update.timestamp()))
            return Error{QStringLiteral("timestamp is not a finite number")};
        return Update::checkSource(update.source());
    }
    if (auto baseCheck = Scuttlebutt::validate(update); !baseCheck)
        return baseCheck;
    if (!update.hasValue() || update.isDelete())
        return {};
    const QByteArrayView value = update.valueText();
    if (value.front() != '{')
        return Error{QStringLiteral("a doc update holds [rowId, {field: value, ...}] or [rowId, "
                                    "null]; row \"%1\" has %2")
                             .arg(update.key(),
                                  QString::fromUtf8(
                                          value.first(std::min<qsizetype>(value.size(), 40))))};
    // Read whole here, so that applyUpdate() never meets changes it cannot
    // read after the clock has moved (a stream's fast path reads no value).
    const auto changes = JsonCodec::parse(value);
    if (!changes)
        return Error{QStringLiteral("row \"%1\": the changes are not valid JSON: %2")
                             .arg(update.key(), changes.errorMessage())};
    // "__proto__" would set the prototype of crdt's row and history objects.
    if (changes->toObject().contains(u"__proto__"))
        return Error{QStringLiteral("row \"%1\": the field \"__proto__\" is not allowed")
                             .arg(update.key())};
    return {};
}

JsonObject &Doc::ensureRow(const QString &rowId)
{
    if (!m_rows.contains(rowId)) {
        JsonObject row;
        row.insert(idField(), JsonValue(rowId));
        m_rows.insert(rowId, JsonValue(std::move(row)));
        if (!m_fieldNames.contains(idField()))
            m_fieldNames.append(idField());
    }
    return m_rows.find(rowId)->object();
}

void Doc::holdForField(QHash<QString, Update> &fields, const QString &field, const Update &update)
{
    const auto held = fields.constFind(field);
    if (held != fields.cend()) {
        if (held->isTombstone()) {
            countHeld(*held, -1);
        } else {
            const UpdateId id{held->source(), held->timestamp()};
            if (--m_fieldsSetBy[id] == 0) {
                m_fieldsSetBy.remove(id);
                countHeld(*held, -1);
            }
        }
    }
    if (update.isTombstone() || ++m_fieldsSetBy[{update.source(), update.timestamp()}] == 1)
        countHeld(update, +1);
    fields.insert(field, update);
}

void Doc::countHeld(const Update &update, int change)
{
    m_heldCount += change;
    qsizetype &bySource = m_heldBySource[update.source()];
    bySource += change;
    if (bySource == 0)
        m_heldBySource.remove(update.source());
}

bool Doc::applyUpdate(const Update &update)
{
    if (update.isTombstone())
        return false; // crdt finds no row in it: the clock moved, nothing else
    const QString rowId = update.key();
    QHash<QString, Update> &fields = m_fieldUpdates[rowId];
    const auto newerThanHeld = [&](const QString &field) {
        const auto held = fields.constFind(field);
        return held == fields.cend() || isOlder(*held, update);
    };
    // crdt adds the row before it looks at the changes, whatever they are.
    const bool created = !m_rows.contains(rowId);
    JsonObject &row = ensureRow(rowId);

    if (update.hasValue() && update.isDelete()) {
        const Update tombstone = Update::tombstone(update.timestamp(), update.source());
        bool changed = false;
        for (const JsonObject::Member &member : row.members()) {
            if (newerThanHeld(member.key)) {
                holdForField(fields, member.key, tombstone);
                changed = true;
            }
        }
        m_rows.remove(rowId);
        emit rowRemoved(rowId);
        return changed;
    }
    const auto changes = update.hasValue() ? JsonCodec::parse(update.valueText())
                                           : Result<JsonValue>(JsonValue());
    // [[rowId]] has undefined changes in crdt: the row is added, no field set.
    if (!changes || !changes->isObject()) {
        if (created)
            emit rowChanged(rowId, {});
        return false;
    }
    QStringList changedFields;
    for (const JsonObject::Member &member : changes->toObject().members()) {
        if (!newerThanHeld(member.key))
            continue;
        holdForField(fields, member.key, update);
        row.insert(member.key, member.value);
        changedFields.append(member.key);
        if (!m_fieldNames.contains(member.key))
            m_fieldNames.append(member.key);
    }
    if (changedFields.isEmpty()) {
        if (created)
            emit rowChanged(rowId, {}); // an old update brought a removed row back
        return false;
    }
    emit rowChanged(rowId, changedFields);
    return true;
}

QList<Update> Doc::history(const Clock &remote) const
{
    QList<Update> updates;
    QSet<UpdateId> listed;
    for (const QHash<QString, Update> &fields : m_fieldUpdates) {
        for (const Update &update : fields) {
            if (!remote.lacks(update))
                continue;
            if (!update.isTombstone()) {
                const UpdateId id{update.source(), update.timestamp()};
                if (listed.contains(id))
                    continue;
                listed.insert(id);
            }
            updates.append(update);
        }
    }
    std::stable_sort(updates.begin(), updates.end(), Update::lessThan);
    return updates;
}

JsonValue Doc::toJson() const
{
    return JsonValue(m_rows);
}

} // namespace sb
