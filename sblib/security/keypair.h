// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"

namespace sb {

// A private key with its public half: signs our own updates.
class KeyPair
{
public:
    KeyPair() = default;
    static Result<KeyPair> generate(PublicKey::Algorithm algorithm, int rsaBits = 2048);
    // Reads PKCS#8 ("BEGIN PRIVATE KEY" / "BEGIN ENCRYPTED PRIVATE KEY") or
    // PKCS#1 ("BEGIN RSA PRIVATE KEY", what `ssh-keygen -m PEM` writes).
    static Result<KeyPair> fromPem(QByteArrayView pem, const QByteArray &passphrase = {});

    bool isNull() const { return m_publicKey.isNull(); }
    const PublicKey &publicKey() const { return m_publicKey; }
    QString sourceId() const { return m_publicKey.sourceId(); }

    // PKCS#8 PEM, encrypted with AES-256-CBC under passphrase unless it is empty.
    QByteArray privateKeyPem(const QByteArray &passphrase = {}) const;
    // Base64 signature: RSA-SHA1 or Ed25519 by key type.
    Result<QString> sign(QByteArrayView data) const;

private:
    // Takes ownership of key, which holds a private key.
    static Result<KeyPair> adopt(EVP_PKEY *key);

    std::shared_ptr<EVP_PKEY> m_key;
    PublicKey m_publicKey;
};

} // namespace sb
