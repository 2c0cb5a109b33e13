// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

// Keys read and written without OpenSSL 3.0's decoders and encoders where a
// direct call does the same. Creating a decoder gathers every provider's
// decoders on each call (about 290 us a key, against 3 us for a raw Ed25519
// key), which made reading a trust list of many keys slow. Only two things are
// done here: the PEM block is split out as OpenSSL's own PEM decoder does it
// (so text it cannot split is refused at once, as the decoder would refuse
// it), and Ed25519 keys, whose DER is a fixed header and 32 bytes, are taken
// from it. Everything else, RSA above all, still goes to OpenSSL's decoders.
namespace sb::KeyPem {

inline constexpr qsizetype kEd25519KeyBytes = 32;

struct Block
{
    QByteArray label;   // "PUBLIC KEY", "PRIVATE KEY", "RSA PUBLIC KEY", ...
    QByteArray headers; // RFC 1421 headers such as "Proc-Type: 4,ENCRYPTED"
    QByteArray der;
};

// The first PEM block of `text`, read by PEM_read_bio as the "PEM" input of
// OpenSSL's decoders reads it, or nullopt when there is none.
std::optional<Block> firstBlock(QByteArrayView text);

// The raw Ed25519 key of a block without headers: an SPKI "PUBLIC KEY" or an
// unencrypted PKCS#8 v1 "PRIVATE KEY" in the one DER form OpenSSL and node
// write. Empty for every other block.
QByteArray ed25519PublicKey(const Block &block);
QByteArray ed25519PrivateKey(const Block &block);

// The DER SubjectPublicKeyInfo of a raw Ed25519 public key, and its PEM text
// exactly as OpenSSL's PEM_write_bio_PUBKEY writes it.
QByteArray ed25519PublicKeyInfo(QByteArrayView rawKey);
QByteArray ed25519PublicKeyPem(QByteArrayView rawKey);

} // namespace sb::KeyPem
