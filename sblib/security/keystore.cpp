// SPDX-License-Identifier: MIT
#include "keystore.h"

#include "privatefile_p.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>

namespace sb {

KeyStore::KeyStore(const QString &directory) : m_directory(directory) { }

QString KeyStore::defaultDirectory()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation)
            + QStringLiteral("/scuttlescope/keys");
}

QString KeyStore::trustListPath() const
{
    return m_directory + QStringLiteral("/trust.json");
}

bool KeyStore::isValidName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_.-]{1,64}$"));
    return pattern.match(name).hasMatch() && !name.startsWith(u'.');
}

QString KeyStore::privatePath(const QString &name) const
{
    return m_directory + u'/' + name + QStringLiteral(".key");
}

QString KeyStore::publicPath(const QString &name) const
{
    return m_directory + u'/' + name + QStringLiteral(".pub");
}

QStringList KeyStore::names() const
{
    QStringList result;
    const QStringList files
            = QDir(m_directory).entryList({QStringLiteral("*.key")}, QDir::Files, QDir::Name);
    for (const QString &file : files)
        result.append(file.chopped(4));
    return result;
}

bool KeyStore::contains(const QString &name) const
{
    return QFile::exists(privatePath(name));
}

Result<void> KeyStore::save(const QString &name, const KeyPair &key,
                            const QByteArray &passphrase) const
{
    if (!isValidName(name))
        return Error{QStringLiteral("\"%1\" is not a usable key name (letters, digits, . _ -)")
                             .arg(name)};
    if (!QDir().mkpath(m_directory))
        return Error{QStringLiteral("%1: cannot create the key directory").arg(m_directory)};
    QFile::setPermissions(m_directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    const auto privateWritten = PrivateFile::write(privatePath(name), key.privateKeyPem(passphrase),
                                                   PrivateFile::kOwnerOnly);
    if (!privateWritten)
        return privateWritten;
    return PrivateFile::write(publicPath(name), key.publicKey().pem(), PrivateFile::kWorldReadable);
}

Result<KeyPair> KeyStore::load(const QString &nameOrPath, const QByteArray &passphrase) const
{
    const QString path = isValidName(nameOrPath) && contains(nameOrPath) ? privatePath(nameOrPath)
                                                                         : nameOrPath;
    auto bytes = PrivateFile::read(path);
    if (!bytes)
        return bytes.error();
    auto key = KeyPair::fromPem(bytes.value(), passphrase);
    if (!key)
        return Error{QStringLiteral("%1: %2").arg(path, key.errorMessage())};
    return key;
}

Result<PublicKey> KeyStore::loadPublic(const QString &nameOrPath) const
{
    const QString path = isValidName(nameOrPath) && QFile::exists(publicPath(nameOrPath))
            ? publicPath(nameOrPath)
            : nameOrPath;
    auto bytes = PrivateFile::read(path);
    if (!bytes)
        return bytes.error();
    auto key = PublicKey::fromPem(bytes.value());
    if (!key)
        return Error{QStringLiteral("%1: %2").arg(path, key.errorMessage())};
    return key;
}

bool KeyStore::remove(const QString &name) const
{
    const bool removed = QFile::remove(privatePath(name));
    QFile::remove(publicPath(name));
    return removed;
}

} // namespace sb
