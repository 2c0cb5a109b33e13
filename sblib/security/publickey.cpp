// SPDX-License-Identifier: MIT
#include "publickey.h"

#include "keypem_p.h"

#include <QCryptographicHash>

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace sb {

namespace {
std::shared_ptr<EVP_PKEY> decodePublicKey(QByteArrayView pem)
{
    const std::optional<KeyPem::Block> block = KeyPem::firstBlock(pem);
    if (!block)
        return {};
    if (const QByteArray raw = KeyPem::ed25519PublicKey(*block); !raw.isEmpty()) {
        return std::shared_ptr<EVP_PKEY>(
                EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr,
                                               reinterpret_cast<const unsigned char *>(raw.data()),
                                               size_t(raw.size())),
                EVP_PKEY_free);
    }
    EVP_PKEY *key = nullptr;
    OSSL_DECODER_CTX *decoder = OSSL_DECODER_CTX_new_for_pkey(
            &key, "PEM", nullptr, nullptr, EVP_PKEY_PUBLIC_KEY, nullptr, nullptr);
    if (!decoder)
        return {};
    const auto *data = reinterpret_cast<const unsigned char *>(pem.data());
    size_t length = size_t(pem.size());
    OSSL_DECODER_from_data(decoder, &data, &length);
    OSSL_DECODER_CTX_free(decoder);
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

QByteArray rawEd25519Key(EVP_PKEY *key)
{
    QByteArray raw(KeyPem::kEd25519KeyBytes, Qt::Uninitialized);
    size_t length = size_t(raw.size());
    EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char *>(raw.data()), &length);
    raw.truncate(qsizetype(length));
    return raw;
}
} // namespace

Result<PublicKey> PublicKey::fromPem(QByteArrayView pem)
{
    auto key = decodePublicKey(pem);
    if (!key)
        return Error{QStringLiteral(
                "not a PEM public key (expected BEGIN PUBLIC KEY or BEGIN RSA PUBLIC KEY)")};
    return fromHandle(std::move(key), pem.toByteArray());
}

Result<PublicKey> PublicKey::fromHandle(std::shared_ptr<EVP_PKEY> key, QByteArray pem)
{
    PublicKey publicKey;
    if (EVP_PKEY_is_a(key.get(), "ED25519")) {
        publicKey.m_algorithm = Algorithm::Ed25519;
    } else if (EVP_PKEY_is_a(key.get(), "RSA")) {
        publicKey.m_algorithm = Algorithm::Rsa;
        if (EVP_PKEY_get_bits(key.get()) < 2048)
            return Error{
                    QStringLiteral("RSA key of %1 bits refused: 2048 bits or more are required")
                            .arg(EVP_PKEY_get_bits(key.get()))};
    } else {
        return Error{QStringLiteral("unsupported key type %1 (Ed25519 or RSA expected)")
                             .arg(QString::fromLatin1(EVP_PKEY_get0_type_name(key.get())))};
    }
    if (pem.isEmpty() && publicKey.m_algorithm == Algorithm::Ed25519) {
        pem = KeyPem::ed25519PublicKeyPem(rawEd25519Key(key.get()));
    } else if (pem.isEmpty()) {
        BIO *bio = BIO_new(BIO_s_mem());
        PEM_write_bio_PUBKEY(bio, key.get());
        char *data = nullptr;
        const long length = BIO_get_mem_data(bio, &data);
        pem = QByteArray(data, qsizetype(length));
        BIO_free(bio);
    }
    publicKey.m_key = std::move(key);
    publicKey.m_pem = std::move(pem);
    return publicKey;
}

QString PublicKey::algorithmName() const
{
    return m_algorithm == Algorithm::Rsa ? QStringLiteral("RSA-%1").arg(bits())
                                         : QStringLiteral("Ed25519");
}

int PublicKey::bits() const
{
    return m_key ? EVP_PKEY_get_bits(m_key.get()) : 0;
}

QString PublicKey::sourceId() const
{
    if (!m_key)
        return {};
    if (m_algorithm == Algorithm::Rsa)
        return QString::fromLatin1(
                QCryptographicHash::hash(m_pem, QCryptographicHash::Sha1).toBase64());
    const QByteArray hash
            = QCryptographicHash::hash(rawEd25519Key(m_key.get()), QCryptographicHash::Sha256);
    return QStringLiteral("ed25519:")
            + QString::fromLatin1(
                    hash.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString PublicKey::fingerprint() const
{
    if (!m_key)
        return {};
    QByteArray der;
    if (m_algorithm == Algorithm::Ed25519) {
        der = KeyPem::ed25519PublicKeyInfo(rawEd25519Key(m_key.get()));
    } else {
        unsigned char *encoded = nullptr;
        const int length = i2d_PUBKEY(m_key.get(), &encoded);
        if (length <= 0)
            return {};
        der = QByteArray(reinterpret_cast<const char *>(encoded), length);
        OPENSSL_free(encoded);
    }
    const QByteArray hash = QCryptographicHash::hash(der, QCryptographicHash::Sha256);
    return QString::fromLatin1(hash.toHex(':')).toUpper();
}

bool PublicKey::verify(QByteArrayView data, QByteArrayView signature) const
{
    if (!m_key)
        return false;
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    const EVP_MD *digest = m_algorithm == Algorithm::Rsa ? EVP_sha1() : nullptr;
    bool verified = EVP_DigestVerifyInit(context, nullptr, digest, nullptr, m_key.get()) == 1
            && EVP_DigestVerify(context, reinterpret_cast<const unsigned char *>(signature.data()),
                                size_t(signature.size()),
                                reinterpret_cast<const unsigned char *>(data.data()),
                                size_t(data.size()))
                    == 1;
    EVP_MD_CTX_free(context);
    return verified;
}

} // namespace sb
