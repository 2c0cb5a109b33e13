// SPDX-License-Identifier: MIT
#include "tlsidentity.h"

#include "privatefile_p.h"

#include <QFile>
#include <QRandomGenerator>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace sb {

namespace {
QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray text(data, qsizetype(length));
    BIO_free(bio);
    return text;
}
} // namespace

Result<TlsIdentity> TlsIdentity::generate(const QString &commonName)
{
    EVP_PKEY *key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    if (!key)
        return Error{QStringLiteral("cannot generate a TLS key")};
    X509 *certificate = X509_new();
    X509_set_version(certificate, 2);
    unsigned char serial[16];
    for (unsigned char &byte : serial)
        byte = static_cast<unsigned char>(QRandomGenerator::system()->bounded(256));
    serial[0] &= 0x7f;
    BIGNUM *number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(certificate));
    BN_free(number);
    X509_gmtime_adj(X509_getm_notBefore(certificate), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate), 10L * 365 * 24 * 3600);
    X509_set_pubkey(certificate, key);
    X509_NAME *name = X509_get_subject_name(certificate);
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()),
                               int(cn.size()), -1, 0);
    X509_set_issuer_name(certificate, name);
    const bool signedOk = X509_sign(certificate, key, EVP_sha256()) > 0;

    BIO *certificateBio = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(certificateBio, certificate);
    BIO *keyBio = BIO_new(BIO_s_mem());
    PEM_write_bio_PKCS8PrivateKey(keyBio, key, nullptr, nullptr, 0, nullptr, nullptr);
    X509_free(certificate);
    EVP_PKEY_free(key);
    const QByteArray certificatePem = bioText(certificateBio);
    const QByteArray keyPem = bioText(keyBio);
    if (!signedOk)
        return Error{QStringLiteral("cannot sign the TLS certificate")};

    const QSslCertificate readCertificate(certificatePem, QSsl::Pem);
    const QSslKey readKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (readCertificate.isNull() || readKey.isNull())
        return Error{QStringLiteral("Qt's TLS backend cannot read the generated certificate")};
    return TlsIdentity(readCertificate, readKey);
}

Result<TlsIdentity> TlsIdentity::load(const QString &certificatePath, const QString &keyPath)
{
    auto certificatePem = PrivateFile::read(certificatePath);
    if (!certificatePem)
        return certificatePem.error();
    auto keyPem = PrivateFile::read(keyPath);
    if (!keyPem)
        return keyPem.error();
    const QSslCertificate certificate(certificatePem.value(), QSsl::Pem);
    if (certificate.isNull())
        return Error{QStringLiteral("%1: not a PEM certificate").arg(certificatePath)};
    QSslKey key;
    for (QSsl::KeyAlgorithm algorithm : {QSsl::Ec, QSsl::Rsa}) {
        key = QSslKey(keyPem.value(), algorithm, QSsl::Pem);
        if (!key.isNull())
            break;
    }
    if (key.isNull())
        return Error{QStringLiteral("%1: not a PEM EC or RSA private key").arg(keyPath)};
    return TlsIdentity(certificate, key);
}

TlsIdentity::TlsIdentity(const QSslCertificate &certificate, const QSslKey &key)
    : m_parts(std::make_shared<const Parts>(Parts{certificate, key}))
{ }

QSslCertificate TlsIdentity::certificate() const
{
    return m_parts ? m_parts->certificate : QSslCertificate();
}

QSslKey TlsIdentity::key() const
{
    return m_parts ? m_parts->key : QSslKey();
}

Result<void> TlsIdentity::save(const QString &certificatePath, const QString &keyPath) const
{
    const auto keyWritten = PrivateFile::write(keyPath, key().toPem(), PrivateFile::kOwnerOnly);
    if (!keyWritten)
        return keyWritten;
    return PrivateFile::write(certificatePath, certificate().toPem(), PrivateFile::kWorldReadable);
}

QString TlsIdentity::fingerprintOf(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':')).toUpper();
}

QSslConfiguration TlsIdentity::sslConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificate(certificate());
    configuration.setPrivateKey(key());
    configuration.setPeerVerifyMode(QSslSocket::QueryPeer);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

} // namespace sb
