#include "update.h"

#include "jsoncodec.h"
#include "updatescanner.h"

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
    // queued signals, so two threads may ask at once.
    mutable QString key;
    mutable QByteArray keyToken; // of Key updates; Token updates hold it after the object
    QByteArray value;
    double timestamp = 0;
    QString source;
    QString signature;
    Origin origin = Origin::Key;
    quint32 tokenLength = 0;
    mutable QAtomicInt filled;

    // A Token update in one allocation with its key token, which follows the
    // object: a stream makes one of these for every line it reads.
    static Data *withToken(QByteArrayView token)
    {
        void *memory = ::operator new(sizeof(Data) + size_t(token.size()));
        auto *data = new (memory) Data;
        if (!token.isEmpty())
            std::memcpy(static_cast<char *>(memory) + sizeof(Data), token.data(),
                        size_t(token.size()));
        data->origin = Origin::Token;
        data->tokenLength = quint32(token.size());
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
    Data *data = Data::withToken(keyToken);
    data->value = valueJson.toByteArray();
    data->timestamp = timestamp;
    data->source = source;
    data->signature = signature;
    Update update;
    update.d = data;
    return update;
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

bool Update::hasKey(QLatin1StringView key) const
{
    if (!d)
        return false;
    if (d->origin == Data::Origin::Key || d->filled.loadAcquire())
        return d->key == key;
    const QByteArrayView token = d->token();
    return token.size() == key.size() + 2 && token.sliced(1, key.size()) == QByteArrayView(key.data(), key.size());
}

const QByteArray &Update::value() const
{
    static const QByteArray empty;
    return d ? d->value : empty;
}

bool Update::isDelete() const
{
    return !d || d->value.isEmpty() || d->value == "null";
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
    if (d && d->origin == Data::Origin::Token)
        return fromCanonical(keyToken(), value(), timestamp(), source(), signature);
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
    return sameKey && value() == other.value()
            && timestamp() == other.timestamp() && source() == other.source()
            && signature() == other.signature();
}

} // namespace sb
