#include "digest.h"

#include "jsoncodec.h"

namespace sb {

QByteArray Digest::toLine() const
{
    JsonObject object;
    object.insert(QStringLiteral("id"), JsonValue(id));
    object.insert(QStringLiteral("clock"), JsonValue(clock.toJson()));
    if (!meta.isUndefined())
        object.insert(QStringLiteral("meta"), meta);
    QByteArray line = JsonCodec::stringify(JsonValue(std::move(object)));
    line += '\n';
    return line;
}

Result<Digest> Digest::fromJson(const JsonObject &object)
{
    Digest digest;
    const JsonValue *clock = object.find(u"clock");
    if (!clock)
        return Error{QStringLiteral("the digest has no clock")};
    auto parsed = Clock::fromJson(*clock);
    if (!parsed)
        return Error{QStringLiteral("the digest's %1").arg(parsed.errorMessage())};
    digest.clock = std::move(parsed).value();
    if (const JsonValue *id = object.find(u"id")) {
        if (!id->isString())
            return Error{QStringLiteral("the digest's id is not a string")};
        digest.id = id->toString();
    }
    digest.meta = object.value(u"meta");
    return digest;
}

} // namespace sb
