// SPDX-License-Identifier: MIT
#include "trustlist.h"

#include "jsoncodec.h"
#include "privatefile_p.h"

#include <QFile>

#include <algorithm>

namespace sb {

QString TrustList::add(const PublicKey &key, const QString &name)
{
    const QString id = key.sourceId();
    m_entries.insert(id, Entry{id, name, key});
    return id;
}

bool TrustList::remove(const QString &idNameOrFingerprint)
{
    const qsizetype before = m_entries.size() + m_pins.size();
    m_entries.removeIf([&](const auto &item) {
        const Entry &entry = item.value();
        return entry.sourceId == idNameOrFingerprint || entry.name == idNameOrFingerprint
                || entry.key.fingerprint().compare(idNameOrFingerprint, Qt::CaseInsensitive) == 0;
    });
    m_pins.removeIf([&](const Pin &pin) {
        return pin.name == idNameOrFingerprint
                || pin.fingerprint.compare(idNameOrFingerprint, Qt::CaseInsensitive) == 0;
    });
    return m_entries.size() + m_pins.size() != before;
}

const TrustList::Entry *TrustList::find(const QString &sourceId) const
{
    const auto it = m_entries.constFind(sourceId);
    return it == m_entries.cend() ? nullptr : &*it;
}

QList<TrustList::Entry> TrustList::entries() const
{
    QList<Entry> result = m_entries.values();
    std::sort(result.begin(), result.end(),
              [](const Entry &a, const Entry &b) { return a.sourceId < b.sourceId; });
    return result;
}

void TrustList::pinCertificate(const QString &fingerprint, const QString &name)
{
    if (!isPinned(fingerprint))
        m_pins.append(Pin{fingerprint.toUpper(), name});
}

bool TrustList::isPinned(const QString &fingerprint) const
{
    return std::any_of(m_pins.cbegin(), m_pins.cend(), [&](const Pin &pin) {
        return pin.fingerprint.compare(fingerprint, Qt::CaseInsensitive) == 0;
    });
}

QByteArray TrustList::toJson() const
{
    JsonArray keys;
    for (const Entry &entry : entries()) {
        JsonObject object;
        object.insert(QStringLiteral("id"), entry.sourceId);
        object.insert(QStringLiteral("name"), entry.name);
        object.insert(QStringLiteral("fingerprint"), entry.key.fingerprint());
        object.insert(QStringLiteral("publicKey"), QString::fromLatin1(entry.key.pem()));
        keys.push_back(std::move(object));
    }
    JsonArray pins;
    for (const Pin &pin : m_pins) {
        JsonObject object;
        object.insert(QStringLiteral("fingerprint"), pin.fingerprint);
        object.insert(QStringLiteral("name"), pin.name);
        pins.push_back(std::move(object));
    }
    JsonObject root;
    root.insert(QStringLiteral("keys"), std::move(keys));
    root.insert(QStringLiteral("certificates"), std::move(pins));
    return JsonCodec::stringify(std::move(root)) + '\n';
}

Result<TrustList> TrustList::fromJson(QByteArrayView json, const QString &origin)
{
    auto parsed = JsonCodec::parse(json);
    if (!parsed)
        return Error{QStringLiteral("%1: not JSON: %2").arg(origin, parsed.errorMessage())};
    if (!parsed->isObject())
        return Error{QStringLiteral("%1: expected an object with \"keys\"").arg(origin)};
    TrustList list;
    const JsonValue keys = parsed->toObject().value(u"keys");
    if (keys.isArray()) {
        int index = 0;
        for (const JsonValue &item : keys.toArray()) {
            ++index;
            const JsonObject object = item.isObject() ? item.toObject() : JsonObject();
            auto key = PublicKey::fromPem(object.value(u"publicKey").toString().toLatin1());
            if (!key)
                return Error{QStringLiteral("%1: key %2: %3")
                                     .arg(origin)
                                     .arg(index)
                                     .arg(key.errorMessage())};
            const QString id = list.add(key.value(), object.value(u"name").toString());
            const JsonValue statedId = object.value(u"id");
            if (statedId.isString() && statedId.toString() != id)
                return Error{QStringLiteral("%1: key %2 claims id %3 but its key gives %4")
                                     .arg(origin)
                                     .arg(index)
                                     .arg(statedId.toString(), id)};
        }
    }
    const JsonValue pins = parsed->toObject().value(u"certificates");
    if (pins.isArray()) {
        for (const JsonValue &item : pins.toArray()) {
            if (!item.isObject() || !item.toObject().value(u"fingerprint").isString())
                return Error{
                        QStringLiteral("%1: a certificate entry has no fingerprint").arg(origin)};
            list.pinCertificate(item.toObject().value(u"fingerprint").toString(),
                                item.toObject().value(u"name").toString());
        }
    }
    return list;
}

Result<TrustList> TrustList::load(const QString &path)
{
    if (!QFile::exists(path))
        return TrustList();
    auto bytes = PrivateFile::read(path);
    if (!bytes)
        return bytes.error();
    return fromJson(bytes.value(), path);
}

Result<void> TrustList::save(const QString &path) const
{
    return PrivateFile::write(path, toJson(), PrivateFile::kWorldReadable);
}

} // namespace sb
