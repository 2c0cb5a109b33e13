// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>
#include <QStringView>

#include <utility>
#include <vector>

namespace sb {

class JsonValue;
class JsonObject;
using JsonArray = std::vector<JsonValue>;

// One JavaScript-shaped JSON value. Unlike QJsonValue it keeps object members
// in the order JavaScript enumerates them (array-index keys ascending, then the
// rest in insertion order), distinguishes "undefined" from null, and holds
// strings as UTF-16 so lone surrogates survive a round trip, as they do in node.
class JsonValue
{
public:
    enum class Type { Undefined, Null, Bool, Number, String, Array, Object };

    JsonValue() = default; // undefined
    JsonValue(std::nullptr_t);
    JsonValue(bool value);
    JsonValue(double value);
    JsonValue(int value);
    JsonValue(const QString &value);
    JsonValue(const char *utf8);
    JsonValue(JsonArray value);
    JsonValue(JsonObject value);
    // Inline because parsing and container growth create and drop values by
    // the million; only containers need the out-of-line release().
    ~JsonValue()
    {
        if (m_array || m_object)
            release();
    }
    JsonValue(const JsonValue &other);
    JsonValue(JsonValue &&other) noexcept
        : m_type(std::exchange(other.m_type, Type::Undefined)), m_bool(other.m_bool),
          m_number(other.m_number), m_string(std::move(other.m_string)),
          m_array(std::exchange(other.m_array, nullptr)),
          m_object(std::exchange(other.m_object, nullptr))
    { }
    JsonValue &operator=(const JsonValue &other);
    JsonValue &operator=(JsonValue &&other) noexcept;

    Type type() const { return m_type; }
    bool isUndefined() const { return m_type == Type::Undefined; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }

    bool toBool() const { return m_bool; }
    double toNumber() const { return m_number; }
    const QString &toString() const { return m_string; }
    // toArray()/toObject() give an empty container for other types; array() and
    // object() first turn a value of another type into an empty container.
    const JsonArray &toArray() const;
    JsonArray &array();
    const JsonObject &toObject() const;
    JsonObject &object();

    // Same type and content; object members must also be in the same order, as
    // that order decides the written text. Numbers compare with ==, except that
    // NaN equals NaN.
    bool operator==(const JsonValue &other) const;
    bool operator!=(const JsonValue &other) const { return !(*this == other); }

private:
    void release();

    Type m_type = Type::Undefined;
    bool m_bool = false;
    double m_number = 0;
    QString m_string;
    JsonArray *m_array = nullptr;   // owned, only for Type::Array
    JsonObject *m_object = nullptr; // owned, only for Type::Object
};

// An object whose members enumerate in JavaScript property order.
class JsonObject
{
public:
    struct Member;

    // Sets key to value: an existing key keeps its position, a new one takes the
    // position JavaScript would give it.
    void insert(const QString &key, JsonValue value);
    bool contains(QStringView key) const;
    const JsonValue *find(QStringView key) const; // nullptr when absent
    JsonValue *find(QStringView key);
    JsonValue value(QStringView key) const; // undefined when absent
    bool remove(QStringView key);

    qsizetype size() const;
    bool isEmpty() const { return size() == 0; }
    const std::vector<Member> &members() const { return m_members; }

    bool operator==(const JsonObject &other) const;

    // True for the keys JavaScript treats as array indices ("0".."4294967294"
    // without leading zeros); they enumerate first, in ascending numeric order.
    static bool isArrayIndex(QStringView key, quint32 *index = nullptr);

private:
    qsizetype indexOf(QStringView key) const;
    void reindexFrom(qsizetype position);

    std::vector<Member> m_members;
    qsizetype m_arrayIndexCount = 0; // the array-index keys form this prefix of m_members
    // Key -> position, kept only for large objects so that building one stays
    // linear; the views point into the members' own (never modified) keys.
    QHash<QStringView, qsizetype> m_lookup;
};

struct JsonObject::Member
{
    QString key;
    JsonValue value;
};

} // namespace sb
