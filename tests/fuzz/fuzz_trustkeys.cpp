// SPDX-License-Identifier: MIT
// The readers of keys and trust on arbitrary bytes: the trust list
// (TrustList::fromJson), public keys (PublicKey::fromPem), private keys
// (KeyPair::fromPem, without and with a passphrase) and the key store, which
// reads them from files (KeyStore::load, loadPublic). Each refuses what it
// cannot read with a message, and never crashes; and what it reads holds:
//  - a trust list binds each key to the id derived from it, and written out
//    (toJson) reads back the same keys, names and pins;
//  - a public key read back from its own PEM text is the same key (fingerprint, id);
//  - what sblib reads without OpenSSL's decoders, OpenSSL reads the same: a
//    text without a PEM block is refused by the decoder as well, and an
//    Ed25519 key taken from its block is the key the decoder reads;
//  - a private key's public half verifies what the private key signs (Ed25519;
//    an RSA key is not made to sign, which would cost a millisecond a run);
//  - the key store reads the same key from a file as from the bytes.
#include "fuzzsupport.h"
#include "keypair.h"
#include "keypem_p.h"
#include "keystore.h"
#include "trustlist.h"

#include <QDir>
#include <QFile>

#include <openssl/decoder.h>
#include <openssl/evp.h>

#include <cstddef>
#include <cstdint>

using namespace sb;

namespace {

void writeFile(const QString &fileName, QByteArrayView bytes)
{
    QFile file(fileName);
    FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate), file.errorString());
    FUZZ_CHECK(file.write(bytes.data(), bytes.size()) == bytes.size(), file.errorString());
}

void checkTrustList(QByteArrayView input)
{
    const auto list = TrustList::fromJson(input, QStringLiteral("trust.json"));
    if (!list) {
        FUZZ_CHECK(list.errorMessage().startsWith(u"trust.json"),
                   QStringLiteral("%1: %2").arg(list.errorMessage(), FuzzSupport::excerpt(input)));
        return;
    }
    for (const TrustList::Entry &entry : list->entries()) {
        FUZZ_CHECK(entry.sourceId == entry.key.sourceId() && list->find(entry.sourceId),
                   QStringLiteral("%1 is bound to %2: %3")
                           .arg(entry.key.sourceId(), entry.sourceId, FuzzSupport::excerpt(input)));
    }
    const QByteArray written = list->toJson();
    const auto reread = TrustList::fromJson(written, QStringLiteral("written"));
    FUZZ_CHECK(reread.ok(),
               QStringLiteral("its own text is refused: %1\n  text: %2\n  input: %3")
                       .arg(reread.errorMessage(), FuzzSupport::excerpt(written),
                            FuzzSupport::excerpt(input)));
    FUZZ_CHECK(reread->size() == list->size() && reread->pins().size() == list->pins().size(),
               QStringLiteral("reads back otherwise: %1").arg(FuzzSupport::excerpt(input)));
    for (const TrustList::Entry &entry : list->entries()) {
        const TrustList::Entry *again = reread->find(entry.sourceId);
        FUZZ_CHECK(again && again->name == entry.name
                           && again->key.fingerprint() == entry.key.fingerprint(),
                   QStringLiteral("%1 reads back otherwise: %2")
                           .arg(entry.sourceId, FuzzSupport::excerpt(input)));
    }
    for (const TrustList::Pin &pin : list->pins())
        FUZZ_CHECK(reread->isPinned(pin.fingerprint),
                   QStringLiteral("pin %1 lost: %2")
                           .arg(pin.fingerprint, FuzzSupport::excerpt(input)));
}

// The key OpenSSL's own PEM decoder reads from `pem`: its raw bytes if it is
// an Ed25519 key, "other" if it is another key, and empty if it reads none.
QByteArray keyAsOpenSslReadsIt(QByteArrayView pem, bool isPrivate)
{
    EVP_PKEY *key = nullptr;
    OSSL_DECODER_CTX *decoder = OSSL_DECODER_CTX_new_for_pkey(
            &key, "PEM", nullptr, nullptr, isPrivate ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY,
            nullptr, nullptr);
    const auto *data = reinterpret_cast<const unsigned char *>(pem.data());
    size_t length = size_t(pem.size());
    OSSL_DECODER_from_data(decoder, &data, &length);
    OSSL_DECODER_CTX_free(decoder);
    if (!key)
        return {};
    QByteArray raw(KeyPem::kEd25519KeyBytes, Qt::Uninitialized);
    length = size_t(raw.size());
    auto *bytes = reinterpret_cast<unsigned char *>(raw.data());
    const bool isEd25519 = EVP_PKEY_is_a(key, "ED25519")
            && (isPrivate ? EVP_PKEY_get_raw_private_key(key, bytes, &length)
                          : EVP_PKEY_get_raw_public_key(key, bytes, &length))
                    == 1;
    EVP_PKEY_free(key);
    return isEd25519 ? raw.first(qsizetype(length)) : QByteArrayLiteral("other");
}

void checkKeysReadWithoutDecoders(QByteArrayView input)
{
    const std::optional<KeyPem::Block> block = KeyPem::firstBlock(input);
    if (!block) {
        // One decoder call per text refused, enough to hold the claim.
        FUZZ_CHECK(keyAsOpenSslReadsIt(input, false).isEmpty(),
                   QStringLiteral("OpenSSL reads a key where sblib finds no PEM block: %1")
                           .arg(FuzzSupport::excerpt(input)));
        return;
    }
    for (const bool isPrivate : {false, true}) {
        const QByteArray raw
                = isPrivate ? KeyPem::ed25519PrivateKey(*block) : KeyPem::ed25519PublicKey(*block);
        if (raw.isEmpty())
            continue;
        FUZZ_CHECK(raw == keyAsOpenSslReadsIt(input, isPrivate),
                   QStringLiteral("OpenSSL reads another %1 key: %2")
                           .arg(isPrivate ? u"private" : u"public", FuzzSupport::excerpt(input)));
    }
}

void checkPublicKey(QByteArrayView input)
{
    const auto key = PublicKey::fromPem(input);
    if (!key) {
        FUZZ_CHECK(!key.errorMessage().isEmpty(), FuzzSupport::excerpt(input));
        return;
    }
    FUZZ_CHECK(!key->isNull() && !key->sourceId().isEmpty() && key->fingerprint().count(u':') == 31,
               FuzzSupport::excerpt(input));
    const auto again = PublicKey::fromPem(key->pem());
    FUZZ_CHECK(again.ok() && again->fingerprint() == key->fingerprint()
                       && again->sourceId() == key->sourceId(),
               QStringLiteral("its own PEM reads otherwise: %1").arg(FuzzSupport::excerpt(input)));
    FUZZ_CHECK(!key->verify("text", {}),
               QStringLiteral("an empty signature verifies: %1").arg(FuzzSupport::excerpt(input)));
}

std::optional<KeyPair> checkPrivateKey(QByteArrayView input, const QByteArray &passphrase)
{
    const auto key = KeyPair::fromPem(input, passphrase);
    if (!key) {
        FUZZ_CHECK(!key.errorMessage().isEmpty(), FuzzSupport::excerpt(input));
        return std::nullopt;
    }
    FUZZ_CHECK(!key->isNull() && key->sourceId() == key->publicKey().sourceId(),
               FuzzSupport::excerpt(input));
    if (key->publicKey().algorithm() == PublicKey::Algorithm::Ed25519) {
        const auto signature = key->sign("signed text");
        FUZZ_CHECK(signature.ok()
                           && key->publicKey().verify(
                                   "signed text", QByteArray::fromBase64(signature->toLatin1())),
                   QStringLiteral("signs what its public key does not verify: %1")
                           .arg(FuzzSupport::excerpt(input)));
    }
    return key.value();
}

void checkKeyStore(QByteArrayView input, const std::optional<KeyPair> &fromBytes)
{
    static const QString directory = [] {
        const QString path = FuzzSupport::scratchDirectory() + QStringLiteral("/keys");
        QDir().mkpath(path);
        QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        return path;
    }();
    writeFile(directory + QStringLiteral("/fuzz.key"), input);
    QFile::setPermissions(directory + QStringLiteral("/fuzz.key"),
                          QFile::ReadOwner | QFile::WriteOwner);
    writeFile(directory + QStringLiteral("/fuzz.pub"), input);
    const KeyStore store(directory);
    const auto key = store.load(QStringLiteral("fuzz"));
    FUZZ_CHECK(
            key.ok() == fromBytes.has_value()
                    && (!key
                        || key->publicKey().fingerprint() == fromBytes->publicKey().fingerprint()),
            QStringLiteral("the key store reads otherwise (%1): %2")
                    .arg(key ? QStringLiteral("a key") : key.errorMessage(),
                         FuzzSupport::excerpt(input)));
    const auto publicKey = store.loadPublic(QStringLiteral("fuzz"));
    FUZZ_CHECK(publicKey.ok() || !publicKey.errorMessage().isEmpty(), FuzzSupport::excerpt(input));
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkTrustList(input);
    // OpenSSL's PEM decoders take 100 us to set up, and refuse at once what
    // has no PEM header: only what has one is offered to them.
    if (!input.contains("-----BEGIN "))
        return 0;
    checkKeysReadWithoutDecoders(input);
    checkPublicKey(input);
    const std::optional<KeyPair> key = checkPrivateKey(input, {});
    if (input.contains("ENCRYPTED"))
        checkPrivateKey(input, QByteArrayLiteral("fuzz"));
    checkKeyStore(input, key);
    return 0;
}
