// SPDX-License-Identifier: MIT
#include "scuttlebutt.h"

#include "dialect.h"
#include "jsoncodec.h"
#include "sourcenumbers.h"
#include "timestamp.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace sb {

Scuttlebutt::Scuttlebutt(const QString &id, QObject *parent) : QObject(parent)
{
    if (id.isEmpty() || !setId(id))
        m_id = createId();
}

struct Scuttlebutt::DefaultHistory
{
    SourceNumbers sources;
    QHash<std::pair<quint32, double>, Update> updates; // as historyRefs() last listed them
};

Scuttlebutt::~Scuttlebutt() = default;

std::vector<Scuttlebutt::HistoryRef> Scuttlebutt::historyRefs(const Clock &remote) const
{
    if (!m_defaultHistory)
        m_defaultHistory = std::make_unique<DefaultHistory>();
    // A stream still writing refs of an earlier call finds here the updates
    // that are still held; those since replaced it was sent live.
    DefaultHistory &held = *m_defaultHistory;
    held.updates.clear();
    const QList<Update> listed = history(remote);
    std::vector<HistoryRef> refs;
    refs.reserve(size_t(listed.size()));
    for (const Update &update : listed) {
        const quint32 source = held.sources.number(update.source());
        held.updates.insert({source, update.timestamp()}, update);
        refs.push_back({update.timestamp(), source, 0});
    }
    return refs; // in history order already
}

const QString &Scuttlebutt::historySource(quint32 source) const
{
    return m_defaultHistory->sources.id(source);
}

bool Scuttlebutt::appendHistoryLine(const HistoryRef &ref, const Dialect &dialect,
                                    QByteArray &out) const
{
    if (!m_defaultHistory)
        return false;
    const auto found = m_defaultHistory->updates.constFind({ref.source, ref.timestamp});
    if (found == m_defaultHistory->updates.cend())
        return false;
    dialect.appendUpdate(out, *found);
    return true;
}

JsonValue Scuttlebutt::toJson() const
{
    JsonArray updates;
    for (const Update &update : history()) {
        JsonArray transaction;
        if (!update.isTombstone()) {
            transaction.push_back(JsonValue(update.key()));
            if (update.hasValue()) {
                auto value = JsonCodec::parse(update.valueText());
                transaction.push_back(value ? std::move(value.value()) : JsonValue());
            }
        }
        JsonArray line;
        line.push_back(update.isTombstone() ? JsonValue(nullptr)
                                            : JsonValue(std::move(transaction)));
        line.push_back(JsonValue(update.timestamp()));
        line.push_back(JsonValue(update.source()));
        updates.push_back(JsonValue(std::move(line)));
    }
    return JsonValue(std::move(updates));
}

bool Scuttlebutt::setId(const QString &id)
{
    if (!Update::checkSource(id))
        return false;
    if (id != m_id) {
        m_id = id;
        emit idChanged(m_id);
    }
    return true;
}

QString Scuttlebutt::createId()
{
    // Three runs of 13 hex digits, as Math.random().toString(16) gives in node.
    QString id;
    auto *random = QRandomGenerator::system();
    for (int part = 0; part < 3; ++part) {
        const quint64 bits = random->generate64() & ((quint64(1) << 52) - 1);
        id += QString::number(bits | (quint64(1) << 52), 16).mid(1).toUpper();
    }
    return id;
}

namespace {
const QString &crdtDocHint()
{
    static const QString hint = QStringLiteral("the peer looks like a crdt Doc");
    return hint;
}
} // namespace

Result<void> Scuttlebutt::validate(const Update &update) const
{
    if (!update.isValid())
        return Error{QStringLiteral("empty update")};
    if (!std::isfinite(update.timestamp()))
        return Error{QStringLiteral("timestamp is not a finite number")};
    if (auto sourceCheck = Update::checkSource(update.source()); !sourceCheck)
        return sourceCheck;
    if (update.isTombstone())
        return Error{QStringLiteral("a %1 replica takes [key, value] updates, not [null, ...]: "
                                    "%2, which sends one for each field of a removed row; "
                                    "replicate it as a doc")
                             .arg(typeName(), crdtDocHint())};
    // Asked of the token: most keys are never made into a QString.
    if (update.hasKey(QLatin1StringView("__proto__")))
        return Update::checkKey(u"__proto__");
    return {};
}

bool Scuttlebutt::isCrdtDocRefusal(const QString &streamError)
{
    return streamError.contains(crdtDocHint());
}

Result<void> Scuttlebutt::checkClockSkew(const Update &update) const
{
    if (m_maxClockSkewMs <= 0)
        return {};
    // Reading the wall clock for every update took 7% of a full sync: it is
    // read only for an update past the bound it last gave, since an update
    // within an earlier bound is within the current one too.
    if (update.timestamp() <= m_skewBound)
        return {};
    const double now = double(QDateTime::currentMSecsSinceEpoch());
    m_skewBound = now + double(m_maxClockSkewMs);
    const double ahead = update.timestamp() - now;
    if (ahead <= double(m_maxClockSkewMs))
        return {};
    return Error{QStringLiteral("it is stamped %1 s ahead of our clock, more than the maximum "
                                "clock skew of %2 s")
                         .arg(ahead / 1000, 0, 'g', 6)
                         .arg(double(m_maxClockSkewMs) / 1000)};
}

Scuttlebutt::Outcome Scuttlebutt::receive(const Update &update)
{
    return take(update, true);
}

Scuttlebutt::Outcome Scuttlebutt::receiveFrom(const Update &update, const UpdateListener *origin,
                                              QString *rejection)
{
    if (const auto skewCheck = checkClockSkew(update); !skewCheck) {
        *rejection = skewCheck.errorMessage();
        return Outcome::Rejected;
    }
    return take(update, true, origin, true, rejection);
}

Scuttlebutt::Outcome Scuttlebutt::take(const Update &update, bool verify,
                                       const UpdateListener *origin, bool withinSkew,
                                       QString *unverified)
{
    // Verified before anything moves, unlike npm scuttlebutt, which advances
    // the source's clock first: a forged update stamped ahead would otherwise
    // silence the honest source until its clock caught up, and our digest
    // would claim its honest updates of that time, losing them for good. An
    // update refused so is offered again at the next sync; the verifier keeps
    // that cheap (UpdateSigning remembers what it refused).
    if (verify && m_verifier) {
        if (!m_clock.lacks(update)) {
            emit oldDataReceived(update);
            return Outcome::OldData;
        }
        if (const auto verified = m_verifier(update); !verified) {
            const QString &reason = verified.error().message;
            if (unverified)
                *unverified = reason;
            emit unverifiedDataReceived(update, reason);
            return Outcome::Unverified;
        }
    }
    if (!m_clock.advance(update.source(), update.timestamp())) {
        emit oldDataReceived(update);
        return Outcome::OldData;
    }
    // As in the JS, a verified update moves its source's clock even when the
    // replica holds something newer for its key.
    if (!applyUpdate(update))
        return Outcome::NotApplied;
    if (verify && update.timestamp() > m_newestTaken && (withinSkew || checkClockSkew(update).ok()))
        m_newestTaken = update.timestamp();
    tellStreams(update, origin);
    emit updateApplied(update);
    return Outcome::Applied;
}

void Scuttlebutt::attachStream(UpdateListener *stream)
{
    if (std::find(m_streams.begin(), m_streams.end(), stream) == m_streams.end())
        m_streams.push_back(stream);
}

void Scuttlebutt::detachStream(UpdateListener *stream)
{
    const auto it = std::find(m_streams.begin(), m_streams.end(), stream);
    if (it == m_streams.end())
        return;
    if (m_tellingStreams > 0)
        *it = nullptr; // tellStreams() is walking the list: it compacts when done
    else
        m_streams.erase(it);
}

void Scuttlebutt::tellStreams(const Update &update, const UpdateListener *origin)
{
    if (m_streams.empty())
        return;
    ++m_tellingStreams;
    // By index: a stream told may attach another, which appends.
    for (size_t i = 0; i < m_streams.size(); ++i) {
        if (UpdateListener *stream = m_streams[i]; stream && stream != origin)
            stream->onReplicaUpdate(update);
    }
    if (--m_tellingStreams == 0)
        m_streams.erase(std::remove(m_streams.begin(), m_streams.end(), nullptr), m_streams.end());
}

Result<JsonValue> Scuttlebutt::parseValueJson(QByteArrayView json)
{
    auto value = JsonCodec::parse(json);
    if (!value)
        return Error{QStringLiteral("the value is not valid JSON: %1").arg(value.errorMessage()),
                     Error::Kind::InvalidJson};
    return value;
}

Result<Update> Scuttlebutt::localUpdate(const QString &key, const QByteArray &valueJson)
{
    if (const int depth = JsonCodec::nestingDepth(valueJson); depth > kMaxValueDepth)
        return Error{QStringLiteral("the value nests %1 levels deep, more than the %2 that every "
                                    "peer takes")
                             .arg(depth)
                             .arg(kMaxValueDepth)};
    // After the newest update of others too: a key's held update may come from
    // a peer whose clock runs ahead of ours, and a write made after seeing it
    // must not be older than it.
    const double timestamp = Timestamp::after(std::max(m_clock.latest(m_id), m_newestTaken));
    Update update(key, valueJson, timestamp, m_id);
    if (const auto validated = validate(update); !validated)
        return validated.error();
    if (m_signer)
        update = update.withSignature(m_signer(update));
    // Our timestamp is past our own clock, so only the subclass refuses: a
    // held update for the key stamped further ahead than we may follow.
    if (take(update, false) != Outcome::Applied)
        return Error{QStringLiteral("the replica holds a newer update for it")};
    emit localUpdateApplied(update);
    return update;
}

void Scuttlebutt::sortHistory(std::vector<HistoryRef> &refs, const std::vector<QString> &sourceIds)
{
    // Sources ranked once, so that ties compare two numbers, not two strings.
    std::vector<quint32> order(sourceIds.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](quint32 a, quint32 b) { return sourceIds[a] < sourceIds[b]; });
    std::vector<quint32> rank(sourceIds.size());
    for (size_t i = 0; i < order.size(); ++i)
        rank[order[i]] = quint32(i);
    const auto before = [&rank](const HistoryRef &a, const HistoryRef &b) {
        return a.timestamp < b.timestamp
                || (a.timestamp == b.timestamp && rank[a.source] < rank[b.source]);
    };
    // Updates mostly arrive, and so are held, in timestamp order already.
    if (!std::is_sorted(refs.begin(), refs.end(), before))
        std::sort(refs.begin(), refs.end(), before);
}

void Scuttlebutt::dispose()
{
    emit disposed();
}

} // namespace sb
