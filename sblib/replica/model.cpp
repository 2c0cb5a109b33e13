// SPDX-License-Identifier: MIT
#include "model.h"

#include "dialect.h"
#include "jsoncodec.h"
#include "modelstore_p.h"
#include "updatescanner_p.h"

#include <QMetaMethod>

#include <algorithm>

namespace sb {

struct Model::Private
{
    ModelStore store; // one entry per key, in insertion order
    qsizetype liveKeys = 0;
    std::vector<qsizetype> heldBySource; // keys per source number
};

Model::Model(const QString &id, QObject *parent)
    : Scuttlebutt(id, parent), d(std::make_unique<Private>())
{ }

Model::~Model() = default;

QByteArrayView Model::keyTokenAt(qsizetype index) const
{
    return d->store.keyToken(index);
}

QByteArrayView Model::valueAt(qsizetype index) const
{
    return d->store.value(index);
}

double Model::timestampAt(qsizetype index) const
{
    return d->store.entry(index).timestamp;
}

const QString &Model::sourceAt(qsizetype index) const
{
    return d->store.source(d->store.entry(index).source);
}

bool Model::isSignedAt(qsizetype index) const
{
    return d->store.entry(index).signatureLength > 0;
}

bool Model::isDeleteAt(qsizetype index) const
{
    return d->store.isDelete(index);
}

qsizetype Model::liveKeyCount() const
{
    return d->liveKeys;
}

void Model::prepareFor(QByteArrayView keyToken) const
{
    d->store.prefetch(keyToken);
}

const QString &Model::historySource(quint32 source) const
{
    return d->store.source(source);
}

qsizetype Model::updateCount() const
{
    return d->store.size();
}

Result<Update> Model::set(const QString &key, const JsonValue &value)
{
    if (value.isUndefined())
        return Error{QStringLiteral("the value is undefined, which JSON cannot hold")};
    return localUpdate(key, JsonCodec::stringify(value));
}

Result<Update> Model::setJson(const QString &key, QByteArrayView json)
{
    if (const auto keyCheck = Update::checkKey(key); !keyCheck)
        return keyCheck.error();
    const auto value = parseValueJson(json);
    if (!value)
        return value.error();
    return set(key, value.value());
}

static JsonValue parsedValue(QByteArrayView text)
{
    if (text.isEmpty())
        return JsonValue(nullptr);
    auto value = JsonCodec::parse(text, {1 << 30});
    return value ? value.value() : JsonValue();
}

JsonValue Model::get(const QString &key) const
{
    const qsizetype index = indexOf(key);
    return index < 0 ? JsonValue() : parsedValue(d->store.value(index));
}

Update Model::entry(const QString &key) const
{
    const qsizetype index = indexOf(key);
    return index < 0 ? Update() : updateAt(index);
}

qsizetype Model::indexOf(const QString &key) const
{
    QByteArray token;
    JsonCodec::appendString(token, key);
    return d->store.find(token);
}

QString Model::keyAt(qsizetype index) const
{
    return UpdateScanner::stringFromToken(d->store.keyToken(index));
}

QHash<QString, qsizetype> Model::heldCounts() const
{
    QHash<QString, qsizetype> counts;
    for (size_t source = 0; source < d->heldBySource.size(); ++source) {
        if (d->heldBySource[source] > 0)
            counts.insert(d->store.source(quint32(source)), d->heldBySource[source]);
    }
    return counts;
}

Update Model::updateAt(qsizetype index) const
{
    const ModelStore::Entry &held = d->store.entry(index);
    const QString signature = held.signatureLength
            ? UpdateScanner::stringFromToken(d->store.signatureToken(index))
            : QString();
    return Update::fromCanonical(d->store.keyToken(index), d->store.value(index), held.timestamp,
                                 d->store.source(held.source), signature);
}

bool Model::applyUpdate(const Update &update)
{
    const QByteArrayView token = update.keyToken();
    const size_t hash = d->store.hash(token);
    const qsizetype index = d->store.find(token, hash);
    if (index >= 0) {
        const ModelStore::Entry &held = d->store.entry(index);
        if (update.timestamp() < held.timestamp
            || (update.timestamp() == held.timestamp
                && update.source() <= d->store.source(held.source)))
            return false;
    }
    const quint32 source = d->store.sourceNumber(update.source());
    QByteArray signatureToken;
    if (update.isSigned())
        JsonCodec::appendString(signatureToken, update.signature());
    const bool live = !update.isDelete();
    if (d->heldBySource.size() <= source)
        d->heldBySource.resize(source + 1);
    ++d->heldBySource[source];
    if (index >= 0)
        --d->heldBySource[d->store.entry(index).source];
    qsizetype entry = index;
    if (index < 0) {
        entry = d->store.insert(token, hash, update.valueText(), update.timestamp(), source,
                                signatureToken);
        d->liveKeys += int(live);
    } else {
        d->liveKeys += int(live) - int(!d->store.isDelete(index));
        d->store.replace(index, update.valueText(), update.timestamp(), source, signatureToken);
    }
    // The key as a QString is worked out only for someone who listens.
    if (m_changedConnected.loadRelaxed())
        emit changed(update.key(), update);
    if (m_entryChangedConnected.loadRelaxed())
        emit entryChanged(entry, update);
    return true;
}

void Model::connectNotify(const QMetaMethod &signal)
{
    static const QMetaMethod changedSignal = QMetaMethod::fromSignal(&Model::changed);
    static const QMetaMethod entryChangedSignal = QMetaMethod::fromSignal(&Model::entryChanged);
    if (signal == changedSignal)
        m_changedConnected.storeRelaxed(1);
    else if (signal == entryChangedSignal)
        m_entryChangedConnected.storeRelaxed(1);
}

std::vector<qsizetype> Model::orderedIndexes() const
{
    // JavaScript enumerates array-index keys first, ascending, then the rest
    // in insertion order.
    std::vector<std::pair<quint32, qsizetype>> indexKeys;
    std::vector<qsizetype> order;
    order.reserve(size_t(d->store.size()));
    for (qsizetype i = 0; i < d->store.size(); ++i) {
        const QByteArrayView token = d->store.keyToken(i);
        quint32 number = 0;
        // Only a token of up to ten digits can name an index.
        if (token.size() >= 3 && token.size() <= 12 && token[1] >= '0' && token[1] <= '9'
            && JsonObject::isArrayIndex(QString::fromLatin1(token.sliced(1, token.size() - 2)),
                                        &number))
            indexKeys.emplace_back(number, i);
        else
            order.push_back(i);
    }
    if (indexKeys.empty())
        return order;
    std::sort(indexKeys.begin(), indexKeys.end());
    std::vector<qsizetype> result;
    result.reserve(size_t(d->store.size()));
    for (const auto &[number, index] : indexKeys)
        result.push_back(index);
    result.insert(result.end(), order.begin(), order.end());
    return result;
}

QStringList Model::keys() const
{
    QStringList result;
    result.reserve(d->store.size());
    for (qsizetype index : orderedIndexes())
        result.append(UpdateScanner::stringFromToken(d->store.keyToken(index)));
    return result;
}

QList<Update> Model::history(const Clock &remote) const
{
    const std::vector<HistoryRef> refs = historyRefs(remote);
    QList<Update> result;
    result.reserve(qsizetype(refs.size()));
    for (const HistoryRef &ref : refs)
        result.append(updateAt(ref.item));
    return result;
}

std::vector<Scuttlebutt::HistoryRef> Model::historyRefs(const Clock &remote) const
{
    // What the remote holds per source, looked up once per source, not per key.
    std::vector<double> remoteLatest(size_t(d->store.sourceCount()));
    for (qsizetype source = 0; source < d->store.sourceCount(); ++source)
        remoteLatest[size_t(source)] = remote.latest(d->store.source(quint32(source)));
    std::vector<HistoryRef> refs;
    if (remote.isEmpty())
        refs.reserve(size_t(d->store.size()));
    for (qsizetype i = 0; i < d->store.size(); ++i) {
        const ModelStore::Entry &held = d->store.entry(i);
        if (held.timestamp > remoteLatest[held.source])
            refs.push_back(HistoryRef{held.timestamp, held.source, quint32(i)});
    }
    sortHistory(refs, d->store.sources());
    return refs;
}

qsizetype Model::updatesLackedBy(const Clock &remote) const
{
    std::vector<double> remoteLatest(size_t(d->store.sourceCount()));
    for (qsizetype source = 0; source < d->store.sourceCount(); ++source)
        remoteLatest[size_t(source)] = remote.latest(d->store.source(quint32(source)));
    qsizetype count = 0;
    for (qsizetype i = 0; i < d->store.size(); ++i) {
        const ModelStore::Entry &held = d->store.entry(i);
        if (held.timestamp > remoteLatest[held.source])
            ++count;
    }
    return count;
}

bool Model::appendHistoryLine(const HistoryRef &ref, const Dialect &dialect, QByteArray &out) const
{
    if (qsizetype(ref.item) >= d->store.size())
        return false;
    const ModelStore::Entry &held = d->store.entry(ref.item);
    if (held.timestamp != ref.timestamp || held.source != ref.source)
        return false;
    dialect.appendText(out,
                       UpdateText{d->store.keyToken(ref.item), d->store.value(ref.item),
                                  held.timestamp, d->store.sourceToken(held.source),
                                  d->store.signatureToken(ref.item)});
    return true;
}

JsonValue Model::toJson() const
{
    JsonObject object;
    for (qsizetype index : orderedIndexes()) {
        if (!d->store.isDelete(index))
            object.insert(UpdateScanner::stringFromToken(d->store.keyToken(index)),
                          parsedValue(d->store.value(index)));
    }
    return object;
}

namespace {
// {"key":value,...} of the entries in order that hold a value, appended to
// out; each time out reaches pieceBytes (when above 0), flush() takes it.
template<typename Flush>
void appendJsonText(const ModelStore &store, const std::vector<qsizetype> &order, QByteArray &out,
                    qsizetype pieceBytes, Flush flush)
{
    out += '{';
    bool first = true;
    for (qsizetype index : order) {
        if (store.isDelete(index))
            continue;
        if (!first)
            out += ',';
        first = false;
        out.append(store.keyToken(index));
        out += ':';
        out.append(store.value(index));
        if (pieceBytes > 0 && out.size() >= pieceBytes)
            flush();
    }
    out += '}';
}
} // namespace

QByteArray Model::toJsonText() const
{
    QByteArray out;
    // Room for every held token and value: growing a text of tens of
    // megabytes by doubling copies it again and again.
    out.reserve(d->store.arenaBytes() - d->store.garbageBytes() + 2 * d->store.size() + 2);
    appendJsonText(d->store, orderedIndexes(), out, 0, [] {});
    return out;
}

void Model::writeJsonText(const std::function<void(QByteArrayView)> &write,
                          qsizetype pieceBytes) const
{
    QByteArray out;
    out.reserve(pieceBytes + 4096);
    appendJsonText(d->store, orderedIndexes(), out, pieceBytes, [&] {
        write(out);
        out.resize(0); // keeps its capacity
    });
    write(out);
}

} // namespace sb
