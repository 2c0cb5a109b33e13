// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"
#include "result.h"

#include <QString>
#include <QStringList>

namespace sb {

// Our own key pairs, one NAME.key (private, PKCS#8) and NAME.pub (public PEM)
// per key in one directory. A private key without a passphrase is written with
// mode 0600 from the start; with one, it is encrypted (AES-256-CBC).
class KeyStore
{
public:
    explicit KeyStore(const QString &directory = defaultDirectory());

    // The user's data directory for Scuttlescope, subfolder "keys".
    static QString defaultDirectory();
    QString directory() const { return m_directory; }
    QString trustListPath() const;

    QStringList names() const;
    bool contains(const QString &name) const;
    Result<void> save(const QString &name, const KeyPair &key,
                      const QByteArray &passphrase = {}) const;
    // nameOrPath: a name in the store or the path of a PEM file.
    Result<KeyPair> load(const QString &nameOrPath, const QByteArray &passphrase = {}) const;
    Result<PublicKey> loadPublic(const QString &nameOrPath) const;
    bool remove(const QString &name) const;

    static bool isValidName(const QString &name);

private:
    QString privatePath(const QString &name) const;
    QString publicPath(const QString &name) const;

    QString m_directory;
};

} // namespace sb
