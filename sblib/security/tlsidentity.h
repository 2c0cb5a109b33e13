// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

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

    bool isNull() const { return m_certificate.isNull(); }
    const QSslCertificate &certificate() const { return m_certificate; }
    const QSslKey &key() const { return m_key; }
    QString fingerprint() const { return fingerprintOf(m_certificate); }
    static QString fingerprintOf(const QSslCertificate &certificate);

    // Presents our certificate and asks the peer for its own, accepting a
    // self-signed one: the pin check after the handshake decides.
    QSslConfiguration sslConfiguration() const;

private:
    QSslCertificate m_certificate;
    QSslKey m_key;
};

} // namespace sb
