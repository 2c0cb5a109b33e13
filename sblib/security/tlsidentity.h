// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

#include <memory>

namespace sb {

// A peer's TLS identity: a self-signed certificate on an EC P-256 key. Peers
// authenticate each other by pinning the certificate's SHA-256 fingerprint in
// their trust lists, not through certificate authorities.
class TlsIdentity
{
public:
    TlsIdentity() = default;
    static Result<TlsIdentity> generate(const QString &commonName);
    static Result<TlsIdentity> load(const QString &certificatePath, const QString &keyPath);
    // Writes both files, the key with mode 0600.
    Result<void> save(const QString &certificatePath, const QString &keyPath) const;

    bool isNull() const { return !m_parts; }
    // Null for a null identity (both are implicitly shared: copies are cheap).
    QSslCertificate certificate() const;
    QSslKey key() const;
    QString fingerprint() const { return fingerprintOf(certificate()); }
    static QString fingerprintOf(const QSslCertificate &certificate);

    // Presents our certificate and asks the peer for its own, accepting a
    // self-signed one: the pin check after the handshake decides.
    QSslConfiguration sslConfiguration() const;

private:
    struct Parts
    {
        QSslCertificate certificate;
        QSslKey key;
    };
    TlsIdentity(const QSslCertificate &certificate, const QSslKey &key);

    // Null until made or loaded: even an empty QSslCertificate loads Qt's TLS
    // backend and initialises OpenSSL (about 10 ms), which every plain-TCP
    // peer holding a TlsIdentity it never uses would pay.
    std::shared_ptr<const Parts> m_parts;
};

} // namespace sb
