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
    // Key and certificate fingerprints are both SHA-256 in the same form.
    const std::optional<QString> fingerprint = certificateFingerprint(idNameOrFingerprint);
    m_entries.removeIf([&](const auto &item) {
        const Entry &entry = item.value();
        return entry.sourceId == idNameOrFingerprint || entry.name == idNameOrFingerprint
                || (fingerprint && entry.key.fingerprint() == *fingerprint);
    });
    m_pins.removeIf([&](const Pin &pin) {
        return pin.name == idNameOrFingerprint || (fingerprint && pin.fingerprint == *fingerprint);
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

std::optional<QString> TrustList::certificateFingerprint(QStringView text)
{
    constexpr qsizetype kPairs = 32;
    const bool withColons = text.size() == kPairs * 3 - 1;
    if (!withColons && text.size() != kPairs * 2)
        return std::nullopt;
    const auto isHexDigit = [](QChar c) {
        return (c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
    };
    QString fingerprint;
    fingerprint.reserve(kPairs * 3 - 1);
    for (qsizetype pair = 0; pair < kPairs; ++pair) {
        const qsizetype at = pair * (withColons ? 3 : 2);
        if (!isHexDigit(text[at]) || !isHexDigit(text[at + 1])
            || (withColons && pair > 0 && text[at - 1] != u':'))
            return std::nullopt;
        if (pair > 0)
            fingerprint += u':';
        fingerprint += text[at].toUpper();
        fingerprint += text[at + 1].toUpper();
    }
    return fingerprint;
}

bool TrustList::pinCertificate(const QString &fingerprint, const QString &name)
{
    const std::optional<QString> canonical = certificateFingerprint(fingerprint);
    if (!canonical)
        return false;
    if (!isPinned(*canonical))
        m_pins.append(Pin{*canonical, name});
    return true;
}

bool TrustList::isPinned(const QString &fingerprint) const
{
    const std::optional<QString> canonical = certificateFingerprint(fingerprint);
    return canonical && std::any_of(m_pins.cbegin(), m_pins.cend(), [&](const Pin &pin) {
               return pin.fingerprint == *canonical;
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
        int index = 0;
        for (const JsonValue &item : pins.toArray()) {
            ++index;
            if (!item.isObject() || !item.toObject().value(u"fingerprint").isString())
                return Error{
                        QStringLiteral("%1: a certificate entry has no fingerprint").arg(origin)};
            const QString fingerprint = item.toObject().value(u"fingerprint").toString();
            if (!list.pinCertificate(fingerprint, item.toObject().value(u"name").toString()))
                return Error{QStringLiteral("%1: certificate %2: \"%3\" is not a SHA-256 "
                                            "fingerprint (64 hex digits, colons between pairs "
                                            "optional)")
                                     .arg(origin)
                                     .arg(index)
                                     .arg(fingerprint.size() > 100 ? fingerprint.first(100) + u'…'
                                                                   : fingerprint)};
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
