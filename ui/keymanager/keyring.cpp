// SPDX-License-Identifier: MIT
#include "keyring.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

using namespace sb;

namespace {
QString algorithmText(const PublicKey &key)
{
    if (key.algorithm() == PublicKey::Algorithm::Rsa)
        return QStringLiteral("RSA %1").arg(key.bits());
    return key.algorithmName();
}
} // namespace

KeyRing::KeyRing(const QString &directory, QObject *parent)
    : QObject(parent), m_store(directory), m_trust(std::make_shared<TrustList>())
{
    reload();
}

void KeyRing::reload()
{
    readOwnKeys();
    auto trust = TrustList::load(trustListPath());
    m_trustError = trust ? QString() : trust.errorMessage();
    *m_trust = trust ? std::move(trust).value() : TrustList();
    emit ownKeysChanged();
    emit trustChanged();
}

void KeyRing::readOwnKeys()
{
    m_ownKeys.clear();
    for (const QString &name : m_store.names()) {
        OwnKey key;
        key.name = name;
        QFile file(m_store.directory() + u'/' + name + QStringLiteral(".key"));
        if (file.open(QIODevice::ReadOnly))
            key.encrypted = file.read(64).contains("ENCRYPTED");
        if (auto publicKey = m_store.loadPublic(name)) {
            key.algorithm = algorithmText(publicKey.value());
            key.sourceId = publicKey->sourceId();
            key.fingerprint = publicKey->fingerprint();
        } else {
            key.error = publicKey.errorMessage();
        }
        m_ownKeys.append(key);
    }
}

std::optional<KeyRing::OwnKey> KeyRing::ownKey(const QString &name) const
{
    for (const OwnKey &key : m_ownKeys) {
        if (key.name == name)
            return key;
    }
    return std::nullopt;
}

std::optional<KeyRing::OwnKey> KeyRing::ownKeyWithId(const QString &sourceId) const
{
    for (const OwnKey &key : m_ownKeys) {
        if (!key.sourceId.isEmpty() && key.sourceId == sourceId)
            return key;
    }
    return std::nullopt;
}

std::optional<Error> KeyRing::addKey(const QString &name, const KeyPair &key,
                                     const QByteArray &passphrase)
{
    if (!KeyStore::isValidName(name))
        return Error{tr("\"%1\" is not a usable key name: use letters, digits, "
                        "\".\", \"_\" and \"-\", not starting with \".\"")
                             .arg(name)};
    if (m_store.contains(name))
        return Error{
                tr("There is a key named \"%1\" already in %2").arg(name, m_store.directory())};
    if (const auto saved = m_store.save(name, key, passphrase); !saved)
        return saved.error();
    readOwnKeys();
    emit ownKeysChanged();
    return std::nullopt;
}

Result<KeyPair> KeyRing::loadKey(const QString &name, const QByteArray &passphrase) const
{
    if (!m_store.contains(name))
        return Error{tr("No key named \"%1\" in %2").arg(name, m_store.directory())};
    return m_store.load(name, passphrase);
}

std::optional<Error> KeyRing::removeKey(const QString &name)
{
    if (!m_store.remove(name))
        return Error{tr("Cannot remove key \"%1\" from %2").arg(name, m_store.directory())};
    readOwnKeys();
    emit ownKeysChanged();
    return std::nullopt;
}

std::optional<Error> KeyRing::exportPublicKey(const QString &name, const QString &fileName) const
{
    auto key = m_store.loadPublic(name);
    if (!key)
        return key.error();
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return Error{tr("%1: cannot write: %2").arg(fileName, file.errorString())};
    file.write(key->pem());
    if (!file.commit())
        return Error{tr("%1: cannot write: %2").arg(fileName, file.errorString())};
    return std::nullopt;
}

QList<TrustList::Entry> KeyRing::trustedKeys() const
{
    QList<TrustList::Entry> entries = m_trust->entries();
    std::sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) {
        return a.name.compare(b.name, Qt::CaseInsensitive) < 0;
    });
    return entries;
}

std::optional<Error> KeyRing::trust(const PublicKey &key, const QString &name)
{
    TrustList updated = *m_trust;
    updated.add(key, name);
    return saveTrust(updated);
}

std::optional<Error> KeyRing::untrust(const QString &sourceId)
{
    TrustList updated = *m_trust;
    if (!updated.remove(sourceId))
        return Error{tr("No trusted key has the id %1").arg(sourceId)};
    return saveTrust(updated);
}

std::optional<Error> KeyRing::pinCertificate(const QString &fingerprint, const QString &name)
{
    TrustList updated = *m_trust;
    if (!updated.pinCertificate(fingerprint, name))
        return Error{tr("\"%1\" is not a SHA-256 certificate fingerprint").arg(fingerprint)};
    return saveTrust(updated);
}

QStringList KeyRing::tlsIdentities() const
{
    const QDir directory(m_store.directory());
    QStringList names;
    for (const QString &certificate : directory.entryList({QStringLiteral("*.crt")}, QDir::Files)) {
        const QString name = certificate.chopped(4);
        if (directory.exists(name + QStringLiteral(".tlskey")))
            names.append(name);
    }
    return names;
}

Result<TlsIdentity> KeyRing::tlsIdentity(const QString &name) const
{
    const QString base = m_store.directory() + u'/' + name;
    auto identity
            = TlsIdentity::load(base + QStringLiteral(".crt"), base + QStringLiteral(".tlskey"));
    if (!identity)
        return Error{tr("TLS identity \"%1\": %2").arg(name, identity.errorMessage())};
    return identity;
}

Result<TlsIdentity> KeyRing::makeTlsIdentity(const QString &name)
{
    if (!KeyStore::isValidName(name))
        return Error{tr("\"%1\" is not a usable name for a TLS identity").arg(name)};
    const QString base = m_store.directory() + u'/' + name;
    if (QFile::exists(base + QStringLiteral(".crt"))
        || QFile::exists(base + QStringLiteral(".tlskey")))
        return Error{tr("A TLS identity \"%1\" exists already").arg(name)};
    if (auto error = makeDirectory())
        return *error;
    auto identity = TlsIdentity::generate(name);
    if (!identity)
        return identity.error();
    if (const auto saved
        = identity->save(base + QStringLiteral(".crt"), base + QStringLiteral(".tlskey"));
        !saved)
        return saved.error();
    return identity;
}

std::optional<Error> KeyRing::makeDirectory() const
{
    if (!QDir().mkpath(m_store.directory()))
        return Error{tr("%1: cannot create the key directory").arg(m_store.directory())};
    QFile::setPermissions(m_store.directory(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return std::nullopt;
}

std::optional<Error> KeyRing::saveTrust(const TrustList &updated)
{
    // A list we could not read is not overwritten with what little we know.
    if (!m_trustError.isEmpty())
        return Error{tr("%1; fix or move that file first").arg(m_trustError)};
    if (auto error = makeDirectory())
        return *error;
    if (const auto saved = updated.save(trustListPath()); !saved)
        return saved.error();
    *m_trust = updated;
    emit trustChanged();
    return std::nullopt;
}
