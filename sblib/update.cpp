#include "update.h"

namespace sb {

class Update::Data : public QSharedData
{
public:
    QString key;
    QByteArray value;
    double timestamp = 0;
    QString source;
    QString signature;
};

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
    return d ? d->key : emptyString();
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
    return key() == other.key() && value() == other.value() && timestamp() == other.timestamp()
            && source() == other.source() && signature() == other.signature();
}

} // namespace sb
