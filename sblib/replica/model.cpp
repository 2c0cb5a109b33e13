// SPDX-License-Identifier: MIT
#include "model.h"

#include "dialect.h"
#include "jsoncodec.h"
#include "updatescanner_p.h"

#include <QMetaMethod>

#include <algorithm>

namespace sb {

Model::Model(const QString &id, QObject *parent) : Scuttlebutt(id, parent) { }

Result<Update> Model::set(const QString &key, const JsonValue &value)
{
    if (value.isUndefined())
        return Error{QStringLiteral("the value is undefined, which JSON cannot hold")};
    return localUpdate(key, JsonCodec::stringify(value));
}

Result<Update> Model::setJson(const QString &key, QByteArrayView json)
{
    if (auto problem = Update::keyProblem(key))
        return Error{*problem};
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
    return index < 0 ? JsonValue() : parsedValue(m_store.value(index));
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
    return m_store.find(token);
}

QString Model::keyAt(qsizetype index) const
{
    return UpdateScanner::stringFromToken(m_store.keyToken(index));
}

QHash<QString, qsizetype> Model::heldCounts() const
{
    QHash<QString, qsizetype> counts;
    for (size_t source = 0; source < m_heldBySource.size(); ++source) {
        if (m_heldBySource[source] > 0)
            counts.insert(m_store.source(quint32(source)), m_heldBySource[source]);
    }
    return counts;
}

Update Model::updateAt(qsizetype index) const
{
    const ModelStore::Entry &held = m_store.entry(index);
    const QString signature = held.signatureLength
            ? UpdateScanner::stringFromToken(m_store.signatureToken(index))
            : QString();
    return Update::fromCanonical(m_store.keyToken(index), m_store.value(index), held.timestamp,
                                 m_store.source(held.source), signature);
}

bool Model::applyUpdate(const Update &update)
{
    const QByteArrayView token = update.keyToken();
    const size_t hash = m_store.hash(token);
    const qsizetype index = m_store.find(token, hash);
    if (index >= 0) {
        const ModelStore::Entry &held = m_store.entry(index);
        if (update.timestamp() < held.timestamp
            || (update.timestamp() == held.timestamp
                && update.source() <= m_store.source(held.source)))
            return false;
    }
    const quint32 source = m_store.sourceNumber(update.source());
    QByteArray signatureToken;
    if (update.isSigned())
        JsonCodec::appendString(signatureToken, update.signature());
    const bool live = !update.isDelete();
    if (m_heldBySource.size() <= source)
        m_heldBySource.resize(source + 1);
    ++m_heldBySource[source];
    if (index >= 0)
        --m_heldBySource[m_store.entry(index).source];
    if (index < 0) {
        m_store.insert(token, hash, update.valueText(), update.timestamp(), source, signatureToken);
        m_liveKeys += int(live);
    } else {
        m_liveKeys += int(live) - int(!m_store.isDelete(index));
        m_store.replace(index, update.valueText(), update.timestamp(), source, signatureToken);
    }
    // The key as a QString is worked out only for someone who listens.
    if (m_changedConnected.loadRelaxed())
        emit changed(update.key(), update);
    return true;
}

static QMetaMethod changedSignal()
{
    static const QMetaMethod signal = QMetaMethod::fromSignal(&Model::changed);
    return signal;
}

void Model::connectNotify(const QMetaMethod &signal)
{
    if (signal == changedSignal())
        m_changedConnected.storeRelaxed(1);
}

std::vector<qsizetype> Model::orderedIndexes() const
{
    // JavaScript enumerates array-index keys first, ascending, then the rest
    // in insertion order.
    std::vector<std::pair<quint32, qsizetype>> indexKeys;
    std::vector<qsizetype> order;
    order.reserve(size_t(m_store.size()));
    for (qsizetype i = 0; i < m_store.size(); ++i) {
        const QByteArrayView token = m_store.keyToken(i);
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
    result.reserve(size_t(m_store.size()));
    for (const auto &[number, index] : indexKeys)
        result.push_back(index);
    result.insert(result.end(), order.begin(), order.end());
    return result;
}

QStringList Model::keys() const
{
    QStringList result;
    result.reserve(m_store.size());
    for (qsizetype index : orderedIndexes())
        result.append(UpdateScanner::stringFromToken(m_store.keyToken(index)));
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
    std::vector<double> remoteLatest(size_t(m_store.sourceCount()));
    for (qsizetype source = 0; source < m_store.sourceCount(); ++source)
        remoteLatest[size_t(source)] = remote.latest(m_store.source(quint32(source)));
    std::vector<HistoryRef> refs;
    if (remote.isEmpty())
        refs.reserve(size_t(m_store.size()));
    for (qsizetype i = 0; i < m_store.size(); ++i) {
        const ModelStore::Entry &held = m_store.entry(i);
        if (held.timestamp > remoteLatest[held.source])
            refs.push_back(HistoryRef{held.timestamp, held.source, quint32(i)});
    }
    sortHistory(refs, m_store.sources());
    return refs;
}

qsizetype Model::updatesLackedBy(const Clock &remote) const
{
    std::vector<double> remoteLatest(size_t(m_store.sourceCount()));
    for (qsizetype source = 0; source < m_store.sourceCount(); ++source)
        remoteLatest[size_t(source)] = remote.latest(m_store.source(quint32(source)));
    qsizetype count = 0;
    for (qsizetype i = 0; i < m_store.size(); ++i) {
        const ModelStore::Entry &held = m_store.entry(i);
        if (held.timestamp > remoteLatest[held.source])
            ++count;
    }
    return count;
}

bool Model::appendHistoryLine(const HistoryRef &ref, const Dialect &dialect, QByteArray &out) const
{
    if (qsizetype(ref.item) >= m_store.size())
        return false;
    const ModelStore::Entry &held = m_store.entry(ref.item);
    if (held.timestamp != ref.timestamp || held.source != ref.source)
        return false;
    dialect.appendText(out,
                       UpdateText{m_store.keyToken(ref.item), m_store.value(ref.item),
                                  held.timestamp, m_store.sourceToken(held.source),
                                  m_store.signatureToken(ref.item)});
    return true;
}

JsonValue Model::toJson() const
{
    JsonObject object;
    for (qsizetype index : orderedIndexes()) {
        if (!m_store.isDelete(index))
            object.insert(UpdateScanner::stringFromToken(m_store.keyToken(index)),
                          parsedValue(m_store.value(index)));
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
    out.reserve(m_store.arenaBytes() - m_store.garbageBytes() + 2 * m_store.size() + 2);
    appendJsonText(m_store, orderedIndexes(), out, 0, [] {});
    return out;
}

void Model::writeJsonText(const std::function<void(QByteArrayView)> &write,
                          qsizetype pieceBytes) const
{
    QByteArray out;
    out.reserve(pieceBytes + 4096);
    appendJsonText(m_store, orderedIndexes(), out, pieceBytes, [&] {
        write(out);
        out.resize(0); // keeps its capacity
    });
    write(out);
}

} // namespace sb
