// SPDX-License-Identifier: MIT
#include "digest.h"

#include "jsoncodec.h"

#include <cmath>

namespace sb {

// JavaScript truthiness: node writes meta only `if (opts.meta)`.
static bool isTruthy(const JsonValue &value)
{
    switch (value.type()) {
    case JsonValue::Type::Undefined:
    case JsonValue::Type::Null:
        return false;
    case JsonValue::Type::Bool:
        return value.toBool();
    case JsonValue::Type::Number:
        return value.toNumber() != 0 && !std::isnan(value.toNumber());
    case JsonValue::Type::String:
        return !value.toString().isEmpty();
    case JsonValue::Type::Array:
    case JsonValue::Type::Object:
        return true;
    }
    return false;
}

QByteArray Digest::toLine() const
{
    JsonObject object;
    object.insert(QStringLiteral("id"), JsonValue(id));
    object.insert(QStringLiteral("clock"), JsonValue(clock.toJson()));
    if (isTruthy(meta))
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
