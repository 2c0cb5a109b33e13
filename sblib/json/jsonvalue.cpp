// SPDX-License-Identifier: MIT
#include "jsonvalue.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sb {

namespace {

// Below this size a linear scan beats hashing; above it the lookup keeps
// building (and parsing) a large object linear instead of quadratic.
constexpr qsizetype lookupThreshold = 24;

} // namespace

JsonValue::JsonValue(std::nullptr_t) : m_type(Type::Null) { }

JsonValue::JsonValue(bool value) : m_type(Type::Bool), m_bool(value) { }

JsonValue::JsonValue(double value) : m_type(Type::Number), m_number(value) { }

JsonValue::JsonValue(int value) : m_type(Type::Number), m_number(value) { }

JsonValue::JsonValue(const QString &value) : m_type(Type::String), m_string(value) { }

JsonValue::JsonValue(const char *utf8) : m_type(Type::String), m_string(QString::fromUtf8(utf8)) { }

JsonValue::JsonValue(JsonArray value)
    : m_type(Type::Array), m_array(new JsonArray(std::move(value)))
{ }

JsonValue::JsonValue(JsonObject value)
    : m_type(Type::Object), m_object(new JsonObject(std::move(value)))
{ }

JsonValue::JsonValue(const JsonValue &other)
    : m_type(other.m_type), m_bool(other.m_bool), m_number(other.m_number),
      m_string(other.m_string), m_array(other.m_array ? new JsonArray(*other.m_array) : nullptr),
      m_object(other.m_object ? new JsonObject(*other.m_object) : nullptr)
{ }

JsonValue &JsonValue::operator=(const JsonValue &other)
{
    if (this != &other) {
        JsonValue copy(other);
        *this = std::move(copy);
    }
    return *this;
}

JsonValue &JsonValue::operator=(JsonValue &&other) noexcept
{
    if (this != &other) {
        release();
        m_type = std::exchange(other.m_type, Type::Undefined);
        m_bool = other.m_bool;
        m_number = other.m_number;
        m_string = std::move(other.m_string);
        m_array = std::exchange(other.m_array, nullptr);
        m_object = std::exchange(other.m_object, nullptr);
    }
    return *this;
}

void JsonValue::release()
{
    // Parse limits may allow values nested far deeper than the stack can take
    // recursive destructors, so past a modest depth containers are handed to
    // the outermost release() on this thread, which frees them one by one.
    struct Pending
    {
        JsonArray *array;
        JsonObject *object;
    };
    constexpr int maxRecursion = 200;
    static thread_local int depth = 0;
    static thread_local std::vector<Pending> pending;

    if (!m_array && !m_object)
        return;
    JsonArray *array = std::exchange(m_array, nullptr);
    JsonObject *object = std::exchange(m_object, nullptr);
    if (depth >= maxRecursion) {
        pending.push_back(Pending{array, object});
        return;
    }
    ++depth;
    delete array;
    delete object;
    if (depth == 1) {
        while (!pending.empty()) {
            const Pending next = pending.back();
            pending.pop_back();
            delete next.array;
            delete next.object;
        }
    }
    --depth;
}

const JsonArray &JsonValue::toArray() const
{
    static const JsonArray empty;
    return m_array ? *m_array : empty;
}

JsonArray &JsonValue::array()
{
    if (m_type != Type::Array)
        *this = JsonValue(JsonArray());
    return *m_array;
}

const JsonObject &JsonValue::toObject() const
{
    static const JsonObject empty;
    return m_object ? *m_object : empty;
}

JsonObject &JsonValue::object()
{
    if (m_type != Type::Object)
        *this = JsonValue(JsonObject());
    return *m_object;
}

bool JsonValue::operator==(const JsonValue &other) const
{
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Undefined:
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::Number:
        return m_number == other.m_number || (std::isnan(m_number) && std::isnan(other.m_number));
    case Type::String:
        return m_string == other.m_string;
    case Type::Array:
        return *m_array == *other.m_array;
    case Type::Object:
        return *m_object == *other.m_object;
    }
    return false;
}

void JsonObject::insert(const QString &key, JsonValue value)
{
    const qsizetype existing = indexOf(key);
    if (existing >= 0) {
        m_members[existing].value = std::move(value);
        return;
    }

    quint32 index = 0;
    if (!isArrayIndex(key, &index)) {
        m_members.push_back(Member{key, std::move(value)});
        if (!m_lookup.isEmpty())
            m_lookup.insert(QStringView(m_members.back().key), size() - 1);
        else if (size() > lookupThreshold)
            reindexFrom(0);
        return;
    }

    // Array-index keys sit in ascending numeric order before all other keys.
    const auto prefixEnd = m_members.begin() + m_arrayIndexCount;
    const auto position = std::upper_bound(m_members.begin(), prefixEnd, index,
                                           [](quint32 wanted, const Member &member) {
                                               quint32 memberIndex = 0;
                                               isArrayIndex(member.key, &memberIndex);
                                               return wanted < memberIndex;
                                           });
    const qsizetype at = position - m_members.begin();
    m_members.insert(position, Member{key, std::move(value)});
    ++m_arrayIndexCount;
    if (!m_lookup.isEmpty())
        reindexFrom(at);
    else if (size() > lookupThreshold)
        reindexFrom(0);
}

bool JsonObject::contains(QStringView key) const
{
    return indexOf(key) >= 0;
}

const JsonValue *JsonObject::find(QStringView key) const
{
    const qsizetype at = indexOf(key);
    return at >= 0 ? &m_members[at].value : nullptr;
}

JsonValue *JsonObject::find(QStringView key)
{
    const qsizetype at = indexOf(key);
    return at >= 0 ? &m_members[at].value : nullptr;
}

JsonValue JsonObject::value(QStringView key) const
{
    const JsonValue *found = find(key);
    return found ? *found : JsonValue();
}

bool JsonObject::remove(QStringView key)
{
    const qsizetype at = indexOf(key);
    if (at < 0)
        return false;
    if (!m_lookup.isEmpty())
        m_lookup.remove(QStringView(m_members[at].key));
    if (at < m_arrayIndexCount)
        --m_arrayIndexCount;
    m_members.erase(m_members.begin() + at);
    if (!m_lookup.isEmpty())
        reindexFrom(at);
    return true;
}

qsizetype JsonObject::size() const
{
    return qsizetype(m_members.size());
}

bool JsonObject::operator==(const JsonObject &other) const
{
    if (m_members.size() != other.m_members.size())
        return false;
    for (size_t i = 0; i < m_members.size(); ++i) {
        if (m_members[i].key != other.m_members[i].key
            || m_members[i].value != other.m_members[i].value) {
            return false;
        }
    }
    return true;
}

bool JsonObject::isArrayIndex(QStringView key, quint32 *index)
{
    const qsizetype length = key.size();
    if (length == 0 || length > 10)
        return false;
    if (length > 1 && key[0] == u'0')
        return false;
    quint64 value = 0;
    for (const QChar c : key) {
        const char16_t unit = c.unicode();
        if (unit < u'0' || unit > u'9')
            return false;
        value = value * 10 + (unit - u'0');
    }
    // 2^32 - 1 is a valid length but not an index.
    if (value > 4294967294u)
        return false;
    if (index)
        *index = quint32(value);
    return true;
}

qsizetype JsonObject::indexOf(QStringView key) const
{
    if (!m_lookup.isEmpty())
        return m_lookup.value(key, -1);
    for (size_t i = 0; i < m_members.size(); ++i) {
        if (m_members[i].key == key)
            return qsizetype(i);
    }
    return -1;
}

void JsonObject::reindexFrom(qsizetype position)
{
    for (qsizetype i = position; i < size(); ++i)
        m_lookup.insert(QStringView(m_members[i].key), i);
}

} // namespace sb
