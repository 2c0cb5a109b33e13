// SPDX-License-Identifier: MIT
#include "keypem_p.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>

namespace sb::KeyPem {

namespace {

// SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING (33 bytes, 0 unused bits) }
constexpr QByteArrayView kPublicKeyHeader("\x30\x2a\x30\x05\x06\x03\x2b\x65\x70\x03\x21\x00", 12);
// SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32 bytes) } }
constexpr QByteArrayView
        kPrivateKeyHeader("\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20", 16);

QByteArray rawKey(const Block &block, QByteArrayView label, QByteArrayView derHeader)
{
    if (block.label != label || !block.headers.isEmpty()
        || block.der.size() != derHeader.size() + kEd25519KeyBytes
        || !block.der.startsWith(derHeader))
        return {};
    return block.der.sliced(derHeader.size());
}

} // namespace

std::optional<Block> firstBlock(QByteArrayView text)
{
    BIO *bio = BIO_new_mem_buf(text.data(), int(qMin(text.size(), qsizetype(INT_MAX))));
    if (!bio)
        return std::nullopt;
    char *label = nullptr;
    char *headers = nullptr;
    unsigned char *der = nullptr;
    long derLength = 0;
    // A text without a block is an answer here, not an error for whoever
    // reads OpenSSL's error queue next.
    ERR_set_mark();
    const bool read = PEM_read_bio(bio, &label, &headers, &der, &derLength) > 0;
    ERR_pop_to_mark();
    BIO_free(bio);
    std::optional<Block> block;
    if (read) {
        block = Block{QByteArray(label), QByteArray(headers),
                      QByteArray(reinterpret_cast<const char *>(der), qsizetype(derLength))};
    }
    OPENSSL_free(label);
    OPENSSL_free(headers);
    OPENSSL_free(der);
    return block;
}

QByteArray ed25519PublicKey(const Block &block)
{
    return rawKey(block, "PUBLIC KEY", kPublicKeyHeader);
}

QByteArray ed25519PrivateKey(const Block &block)
{
    return rawKey(block, "PRIVATE KEY", kPrivateKeyHeader);
}

QByteArray ed25519PublicKeyInfo(QByteArrayView rawKey)
{
    Q_ASSERT(rawKey.size() == kEd25519KeyBytes);
    QByteArray info = kPublicKeyHeader.toByteArray();
    info.append(rawKey);
    return info;
}

QByteArray ed25519PublicKeyPem(QByteArrayView rawKey)
{
    QByteArray pem("-----BEGIN PUBLIC KEY-----\n");
    pem.append(ed25519PublicKeyInfo(rawKey).toBase64());
    pem.append("\n-----END PUBLIC KEY-----\n");
    return pem;
}

} // namespace sb::KeyPem
