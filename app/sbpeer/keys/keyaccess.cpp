// SPDX-License-Identifier: MIT
#include "keyaccess.h"

#include "passphrase.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

using namespace sb;

namespace KeyAccess {

namespace {
Result<QByteArray> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(path, file.errorString())};
    return file.readAll();
}

QString storedPath(const KeyStore &store, const QString &name, const QString &suffix)
{
    return store.directory() + u'/' + name + suffix;
}

bool isPrivateKeyPem(const QByteArray &pem)
{
    return pem.contains("PRIVATE KEY-----");
}
} // namespace

QString trustListPath(const KeyStore &store, const QString &trustFile)
{
    return trustFile.isEmpty() ? store.trustListPath() : trustFile;
}

Error unknownKey(const KeyStore &store, const QString &name)
{
    return Error{QStringLiteral("no key named \"%1\" in %2 (sbpeer key list shows them)")
                         .arg(name, store.directory())};
}

Result<KeyPair> loadKeyPair(const KeyStore &store, const QString &nameOrPath,
                            const QString &passphraseFile)
{
    QString path;
    if (KeyStore::isValidName(nameOrPath) && store.contains(nameOrPath))
        path = storedPath(store, nameOrPath, QStringLiteral(".key"));
    else if (QFileInfo(nameOrPath).isFile())
        path = nameOrPath;
    else if (!nameOrPath.contains(u'/') && KeyStore::isValidName(nameOrPath))
        return Error{
                QStringLiteral("no key of that name in %1, nor a file").arg(store.directory())};
    else
        return Error{QStringLiteral("no such file")};

    // Read even for a key that needs none: with "-", the line must not be
    // left on stdin for --stdin to take as a command (and echo back).
    QByteArray passphrase;
    if (!passphraseFile.isEmpty()) {
        auto read = Passphrase::read(passphraseFile, QStringLiteral("passphrase for %1").arg(path));
        if (!read)
            return read.error();
        passphrase = std::move(read).value();
    }
    auto key = readKeyPair(path, passphrase, !passphraseFile.isEmpty());
    Passphrase::wipe(passphrase);
    return key;
}

Result<KeyPair> readKeyPair(const QString &path, const QByteArray &passphrase, bool passphraseGiven)
{
    auto pem = readFile(path);
    if (!pem)
        return pem.error();
    if (!isPrivateKeyPem(pem.value())) {
        if (pem->contains("PUBLIC KEY-----"))
            return Error{QStringLiteral("%1: holds a public key; a private key is needed here")
                                 .arg(path)};
        return Error{QStringLiteral("%1: not a PEM private key").arg(path)};
    }
    if (pem->contains("-----BEGIN OPENSSH PRIVATE KEY-----"))
        return Error{QStringLiteral("%1: OpenSSH-format private key: convert it with "
                                    "`ssh-keygen -p -m PEM -f %1`")
                             .arg(path)};
    if (pem->contains("ENCRYPTED") && !passphraseGiven)
        return Error{QStringLiteral("%1: the private key is encrypted; give its passphrase with "
                                    "--passphrase-file FILE (- reads it from stdin)")
                             .arg(path)};
    auto key = KeyPair::fromPem(pem.value(), passphrase);
    if (!key)
        return Error{QStringLiteral("%1: %2").arg(path, key.errorMessage())};
    return key;
}

Result<PublicKey> loadPublicKey(const KeyStore &store, const QString &pathOrName)
{
    QString path = pathOrName;
    if (!QFileInfo(pathOrName).isFile() && KeyStore::isValidName(pathOrName)
        && !pathOrName.contains(u'/')) {
        path = storedPath(store, pathOrName, QStringLiteral(".pub"));
        if (!QFileInfo(path).isFile())
            return Error{QStringLiteral("%1: no such file, nor a key of that name in %2")
                                 .arg(pathOrName, store.directory())};
    }
    auto pem = readFile(path);
    if (!pem)
        return pem.error();
    if (isPrivateKeyPem(pem.value()))
        return Error{QStringLiteral("%1: holds a private key; trust takes the public one "
                                    "(sbpeer key export NAME, or ssh-keygen -e -m PEM -f KEY.pub)")
                             .arg(path)};
    auto key = PublicKey::fromPem(pem.value());
    if (!key)
        return Error{QStringLiteral("%1: %2").arg(path, key.errorMessage())};
    return key;
}

Result<TrustList> loadTrustList(const QString &path, bool mustExist)
{
    if (mustExist && !QFileInfo::exists(path))
        return Error{QStringLiteral("%1: no such trust list").arg(path)};
    return TrustList::load(path);
}

std::optional<Error> makeFolder(const QString &folder)
{
    if (QFileInfo(folder).isDir())
        return std::nullopt;
    if (!QDir().mkpath(folder))
        return Error{QStringLiteral("%1: cannot create the folder").arg(folder)};
    QFile::setPermissions(folder, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return std::nullopt;
}

std::optional<Error> saveTrustList(const TrustList &trust, const QString &path)
{
    if (auto error = makeFolder(QFileInfo(path).absolutePath()))
        return error;
    if (const auto saved = trust.save(path); !saved)
        return saved.error();
    return std::nullopt;
}

} // namespace KeyAccess
