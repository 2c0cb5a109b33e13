// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"
#include "keystore.h"
#include "result.h"
#include "trustlist.h"

#include <QString>

// How sbpeer finds what its security options name: keys by name in the key
// store or by path, passphrases from --passphrase-file, the trust list at
// --trust or in the key store. Every error names the key or file and says why.
namespace KeyAccess {

// --trust FILE, else the key store's trust.json.
QString trustListPath(const sb::KeyStore &store, const QString &trustFile);

// The private key NAME in store, or the PEM file at a path. passphraseFile is
// empty when none was given; an encrypted key then is an error saying so. When
// nothing of that name or path is found, the error does not repeat nameOrPath.
sb::Result<sb::KeyPair> loadKeyPair(const sb::KeyStore &store, const QString &nameOrPath,
                                    const QString &passphraseFile);

// The private key in the PEM file at path. passphraseGiven tells an encrypted
// key without a passphrase (an error saying what to do) from a wrong one.
sb::Result<sb::KeyPair> readKeyPair(const QString &path, const QByteArray &passphrase,
                                    bool passphraseGiven);

// The public key in a PEM file, or of the key NAME in store.
sb::Result<sb::PublicKey> loadPublicKey(const sb::KeyStore &store, const QString &pathOrName);

// A missing file is an empty list unless mustExist.
sb::Result<sb::TrustList> loadTrustList(const QString &path, bool mustExist);
// Creates folder when missing, readable by its owner only, as KeyStore does.
std::optional<sb::Error> makeFolder(const QString &folder);
// Creates the folder the list goes in when it is missing.
std::optional<sb::Error> saveTrustList(const sb::TrustList &trust, const QString &path);

// "no key named NAME in DIR": what an unknown name is told.
sb::Error unknownKey(const sb::KeyStore &store, const QString &name);

} // namespace KeyAccess
