// SPDX-License-Identifier: MIT
#include "keypair.h"

#include "keypem_p.h"

#include <openssl/bio.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

namespace sb {

namespace {
QString openSslError()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (!code)
        return QStringLiteral("unknown OpenSSL error");
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

Error unreadablePrivateKey(QByteArrayView pem)
{
    if (pem.contains("OPENSSH PRIVATE KEY"))
        return Error{QStringLiteral(
                "OpenSSH-format private key: convert it with `ssh-keygen -p -m PEM -f FILE`")};
    if (pem.contains("ENCRYPTED"))
        return Error{QStringLiteral("cannot decrypt the private key: wrong passphrase?")};
    return Error{QStringLiteral("not a PEM private key")};
}
} // namespace

Result<KeyPair> KeyPair::adopt(EVP_PKEY *key)
{
    KeyPair pair;
    pair.m_key.reset(key, EVP_PKEY_free);
    auto publicKey = PublicKey::fromHandle(pair.m_key, {});
    if (!publicKey)
        return publicKey.error();
    pair.m_publicKey = publicKey.value();
    return pair;
}

Result<KeyPair> KeyPair::generate(PublicKey::Algorithm algorithm, int rsaBits)
{
    if (algorithm == PublicKey::Algorithm::Rsa && rsaBits < 2048)
        return Error{QStringLiteral("RSA keys need 2048 bits or more, not %1").arg(rsaBits)};
    EVP_PKEY *key = algorithm == PublicKey::Algorithm::Rsa
            ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(rsaBits))
            : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
    if (!key)
        return Error{QStringLiteral("key generation failed: %1").arg(openSslError())};
    return adopt(key);
}

Result<KeyPair> KeyPair::fromPem(QByteArrayView pem, const QByteArray &passphrase)
{
    const std::optional<KeyPem::Block> block = KeyPem::firstBlock(pem);
    if (!block)
        return unreadablePrivateKey(pem);
    if (const QByteArray raw = KeyPem::ed25519PrivateKey(*block); !raw.isEmpty()) {
        if (EVP_PKEY *key = EVP_PKEY_new_raw_private_key_ex(
                    nullptr, "ED25519", nullptr,
                    reinterpret_cast<const unsigned char *>(raw.data()), size_t(raw.size())))
            return adopt(key);
    }
    EVP_PKEY *key = nullptr;
    OSSL_DECODER_CTX *decoder = OSSL_DECODER_CTX_new_for_pkey(&key, "PEM", nullptr, nullptr,
                                                              EVP_PKEY_KEYPAIR, nullptr, nullptr);
    if (!decoder)
        return Error{QStringLiteral("cannot read keys: %1").arg(openSslError())};
    if (!passphrase.isEmpty())
        OSSL_DECODER_CTX_set_passphrase(
                decoder, reinterpret_cast<const unsigned char *>(passphrase.constData()),
                size_t(passphrase.size()));
    const auto *data = reinterpret_cast<const unsigned char *>(pem.data());
    size_t length = size_t(pem.size());
    const bool decoded = OSSL_DECODER_from_data(decoder, &data, &length) == 1;
    OSSL_DECODER_CTX_free(decoder);
    ERR_clear_error();
    if (!decoded || !key)
        return unreadablePrivateKey(pem);
    return adopt(key);
}

QByteArray KeyPair::privateKeyPem(const QByteArray &passphrase) const
{
    if (!m_key)
        return {};
    BIO *bio = BIO_new(BIO_s_mem());
    if (passphrase.isEmpty())
        PEM_write_bio_PKCS8PrivateKey(bio, m_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    else
        PEM_write_bio_PKCS8PrivateKey(bio, m_key.get(), EVP_aes_256_cbc(), passphrase.constData(),
                                      int(passphrase.size()), nullptr, nullptr);
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, qsizetype(length));
    BIO_free(bio);
    return pem;
}

Result<QString> KeyPair::sign(QByteArrayView data) const
{
    if (!m_key)
        return Error{QStringLiteral("no private key")};
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    const EVP_MD *digest
            = m_publicKey.algorithm() == PublicKey::Algorithm::Rsa ? EVP_sha1() : nullptr;
    size_t length = 0;
    QByteArray signature;
    bool signedOk = EVP_DigestSignInit(context, nullptr, digest, nullptr, m_key.get()) == 1
            && EVP_DigestSign(context, nullptr, &length,
                              reinterpret_cast<const unsigned char *>(data.data()),
                              size_t(data.size()))
                    == 1;
    if (signedOk) {
        signature.resize(qsizetype(length));
        signedOk = EVP_DigestSign(context, reinterpret_cast<unsigned char *>(signature.data()),
                                  &length, reinterpret_cast<const unsigned char *>(data.data()),
                                  size_t(data.size()))
                == 1;
        signature.resize(qsizetype(length));
    }
    EVP_MD_CTX_free(context);
    if (!signedOk)
        return Error{QStringLiteral("signing failed: %1").arg(openSslError())};
    return QString::fromLatin1(signature.toBase64());
}

} // namespace sb
