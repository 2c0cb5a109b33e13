// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace sb {

// A public key that verifies signed updates: Ed25519 (our default) or RSA with
// SHA-1 (what npm scuttlebutt's security.js uses). It keeps the PEM text it was
// read from, because security.js derives a node's id from that exact text.
class PublicKey
{
public:
    enum class Algorithm { Ed25519, Rsa };

    PublicKey() = default;
    // Reads "BEGIN PUBLIC KEY" (SPKI) or "BEGIN RSA PUBLIC KEY" (PKCS#1, what
    // `ssh-keygen -e -m PEM` writes). RSA keys under 2048 bits are refused.
    static Result<PublicKey> fromPem(QByteArrayView pem);

    bool isNull() const { return !m_key; }
    Algorithm algorithm() const { return m_algorithm; }
    QString algorithmName() const;
    int bits() const;
    const QByteArray &pem() const { return m_pem; }

    // The source id bound to this key. RSA: base64 of SHA-1 over the PEM text,
    // as security.js computes it. Ed25519: "ed25519:" and base64url (no padding)
    // of SHA-256 over the raw 32-byte key: a stronger hash, and a prefix that can
    // never collide with an RSA id.
    QString sourceId() const;
    // SHA-256 of the DER public key, as colon-separated hex pairs, for people to compare.
    QString fingerprint() const;

    // RSA: PKCS#1 v1.5 with SHA-1; Ed25519: pure Ed25519.
    bool verify(QByteArrayView data, QByteArrayView signature) const;

    EVP_PKEY *handle() const { return m_key.get(); }

private:
    friend class KeyPair;
    static Result<PublicKey> fromHandle(std::shared_ptr<EVP_PKEY> key, QByteArray pem);

    std::shared_ptr<EVP_PKEY> m_key;
    QByteArray m_pem;
    Algorithm m_algorithm = Algorithm::Ed25519;
};

} // namespace sb
