// SPDX-License-Identifier: MIT
#include "update.h"

#include "jsoncodec.h"
#include "updatescanner_p.h"

#include <QMutex>

#include <cstring>
#include <new>

namespace sb {

class Update::Data : public QSharedData
{
public:
    enum class Origin : quint8 { Key, Token };

    // The form of the key not given at construction is filled in on first use,
    // under fillMutex, and published through filled: Updates cross threads in
    // queued signals, so two threads may ask at once. A Token update's value
    // is a QByteArray only once value() is asked for, published through
    // valueFilled the same way.
    mutable QString key;
    mutable QByteArray keyToken; // of Key updates; Token updates hold it after the object
    mutable QByteArray value;    // of Token updates: valueFilled says whether made yet
    double timestamp = 0;
    QString source;
    QString signature;
    Origin origin = Origin::Key;
    bool tombstone = false;
    quint32 tokenLength = 0;
    quint32 valueLength = 0; // of Token updates, whose value follows the key token
    mutable QAtomicInt filled;
    mutable QAtomicInt valueFilled;

    // A Token update in one allocation with its key token and value text, which
    // follow the object: a stream makes one of these for every line it reads,
    // and a replica mostly copies the text into its own store.
    static Data *withToken(QByteArrayView token, QByteArrayView valueText)
    {
        void *memory = ::operator new(sizeof(Data) + size_t(token.size() + valueText.size()));
        auto *data = new (memory) Data;
        char *text = static_cast<char *>(memory) + sizeof(Data);
        if (!token.isEmpty())
            std::memcpy(text, token.data(), size_t(token.size()));
        if (!valueText.isEmpty())
            std::memcpy(text + token.size(), valueText.data(), size_t(valueText.size()));
        data->origin = Origin::Token;
        data->tokenLength = quint32(token.size());
        data->valueLength = quint32(valueText.size());
        return data;
    }
    // Matches both the plain new and withToken()'s.
    static void operator delete(void *memory) { ::operator delete(memory); }

    QByteArrayView token() const
    {
        if (origin == Origin::Token)
            return QByteArrayView(reinterpret_cast<const char *>(this) + sizeof(Data), tokenLength);
        return keyToken;
    }
    QByteArrayView valueText() const
    {
        if (origin == Origin::Token)
            return QByteArrayView(reinterpret_cast<const char *>(this) + sizeof(Data) + tokenLength,
                                  valueLength);
        return value;
    }
};

namespace {

QBasicMutex fillMutex;

} // namespace

Update::Update() = default;

Update::Update(const QString &key, const QByteArray &valueJson, double timestamp,
               const QString &source, const QString &signature)
{
    auto *data = new Data;
    data->key = key;
    data->value = valueJson;
    data->timestamp = timestamp;
    data->source = source;
    data->signature = signature;
    d = data;
}

Update Update::fromCanonical(QByteArrayView keyToken, QByteArrayView valueJson, double timestamp,
                             const QString &source, const QString &signature)
{
    Data *data = Data::withToken(keyToken, valueJson);
    data->timestamp = timestamp;
    data->source = source;
    data->signature = signature;
    Update update;
    update.d = data;
    return update;
}

Update Update::tombstone(double timestamp, const QString &source, const QString &signature)
{
    Update update = fromCanonical({}, {}, timestamp, source, signature);
    const_cast<Data *>(update.d.data())->tombstone = true;
    return update;
}

bool Update::isTombstone() const
{
    return d && d->tombstone;
}

Update::Update(const Update &other) = default;
Update::Update(Update &&other) noexcept = default;
Update &Update::operator=(const Update &other) = default;
Update &Update::operator=(Update &&other) noexcept = default;
Update::~Update() = default;

static const QString &emptyString()
{
    static const QString empty;
    return empty;
}

const QString &Update::key() const
{
    if (!d)
        return emptyString();
    if (d->origin == Data::Origin::Token && !d->filled.loadAcquire()) {
        QMutexLocker locker(&fillMutex);
        if (!d->filled.loadRelaxed()) {
            d->key = UpdateScanner::stringFromToken(d->token());
            d->filled.storeRelease(1);
        }
    }
    return d->key;
}

QByteArrayView Update::keyToken() const
{
    if (!d)
        return {};
    if (d->origin == Data::Origin::Key && !d->filled.loadAcquire()) {
        QMutexLocker locker(&fillMutex);
        if (!d->filled.loadRelaxed()) {
            JsonCodec::appendString(d->keyToken, d->key);
            d->filled.storeRelease(1);
        }
    }
    return d->token();
}

Result<void> Update::checkKey(QStringView key)
{
    if (key == u"__proto__")
        return Error{QStringLiteral("the key \"__proto__\" is not allowed")};
    return {};
}

Result<void> Update::checkSource(QStringView source)
{
    if (source.isEmpty())
        return Error{QStringLiteral("the source id is empty")};
    if (source == u"__proto__")
        return Error{QStringLiteral("the source id \"__proto__\" is not allowed")};
    return {};
}

bool Update::hasKey(QLatin1StringView key) const
{
    if (!d)
        return false;
    if (d->origin == Data::Origin::Key || d->filled.loadAcquire())
        return d->key == key;
    const QByteArrayView token = d->token();
    return token.size() == key.size() + 2
            && token.sliced(1, key.size()) == QByteArrayView(key.data(), key.size());
}

const QByteArray &Update::value() const
{
    static const QByteArray empty;
    if (!d)
        return empty;
    if (d->origin == Data::Origin::Token && !d->valueFilled.loadAcquire()) {
        QMutexLocker locker(&fillMutex);
        if (!d->valueFilled.loadRelaxed()) {
            d->value = d->valueText().toByteArray();
            d->valueFilled.storeRelease(1);
        }
    }
    return d->value;
}

QByteArrayView Update::valueText() const
{
    return d ? d->valueText() : QByteArrayView();
}

bool Update::isDelete() const
{
    const QByteArrayView text = valueText();
    return text.isEmpty() || text == "null";
}

double Update::timestamp() const
{
    return d ? d->timestamp : 0;
}

const QString &Update::source() const
{
    return d ? d->source : emptyString();
}

const QString &Update::signature() const
{
    return d ? d->signature : emptyString();
}

Update Update::withSignature(const QString &signature) const
{
    if (isTombstone())
        return tombstone(timestamp(), source(), signature);
    if (d && d->origin == Data::Origin::Token)
        return fromCanonical(keyToken(), valueText(), timestamp(), source(), signature);
    return Update(key(), value(), timestamp(), source(), signature);
}

bool Update::lessThan(const Update &a, const Update &b)
{
    if (a.timestamp() != b.timestamp())
        return a.timestamp() < b.timestamp();
    return a.source() < b.source();
}

bool Update::operator==(const Update &other) const
{
    if (d == other.d)
        return true;
    // Tokens are equal exactly when keys are: compare whichever form both have.
    const bool bothKeys = d && other.d && d->origin == Data::Origin::Key
            && other.d->origin == Data::Origin::Key;
    const bool sameKey = bothKeys ? key() == other.key() : keyToken() == other.keyToken();
    return sameKey && isTombstone() == other.isTombstone() && valueText() == other.valueText()
            && timestamp() == other.timestamp() && source() == other.source()
            && signature() == other.signature();
}

} // namespace sb
