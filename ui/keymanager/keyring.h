// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"
#include "keystore.h"
#include "result.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QList>
#include <QObject>

#include <memory>
#include <optional>

// Our own key pairs (an sb::KeyStore) and the keys and TLS certificates we
// trust (the trust list file beside them), for the Key Manager and the
// session. Every edit is saved at once. The trust list object is shared with
// the session's verifier and changes in place, so a key trusted now verifies
// the next update. Passphrases pass through and are never kept.
class KeyRing : public QObject
{
    Q_OBJECT

public:
    struct OwnKey
    {
        QString name;
        QString algorithm; // "Ed25519", "RSA 2048"
        QString sourceId;
        QString fingerprint;
        bool encrypted = false; // needs a passphrase to sign
        QString error;          // why its public half could not be read
    };

    explicit KeyRing(const QString &directory = sb::KeyStore::defaultDirectory(),
                     QObject *parent = nullptr);

    QString directory() const { return m_store.directory(); }
    QString trustListPath() const { return m_store.trustListPath(); }
    // Reads the keys and the trust list again.
    void reload();

    const QList<OwnKey> &ownKeys() const { return m_ownKeys; }
    std::optional<OwnKey> ownKey(const QString &name) const;
    // Our key whose source id is sourceId.
    std::optional<OwnKey> ownKeyWithId(const QString &sourceId) const;
    bool contains(const QString &name) const { return m_store.contains(name); }
    std::optional<sb::Error> addKey(const QString &name, const sb::KeyPair &key,
                                    const QByteArray &passphrase = {});
    sb::Result<sb::KeyPair> loadKey(const QString &name, const QByteArray &passphrase = {}) const;
    std::optional<sb::Error> removeKey(const QString &name);
    std::optional<sb::Error> exportPublicKey(const QString &name, const QString &fileName) const;

    std::shared_ptr<const sb::TrustList> trustList() const { return m_trust; }
    QList<sb::TrustList::Entry> trustedKeys() const;
    QList<sb::TrustList::Pin> pins() const { return m_trust->pins(); }
    // Why the trust list file could not be read; it is then left alone.
    QString trustListError() const { return m_trustError; }
    // Trusts key under the source id derived from it.
    std::optional<sb::Error> trust(const sb::PublicKey &key, const QString &name);
    std::optional<sb::Error> untrust(const QString &sourceId);
    // Accepts the TLS peer whose certificate has this SHA-256 fingerprint.
    std::optional<sb::Error> pinCertificate(const QString &fingerprint, const QString &name);

    // Our TLS identities: NAME.crt and NAME.tlskey in the key directory, as
    // `sbpeer tls-cert NAME` makes them, so the app and sbpeer share them.
    QStringList tlsIdentities() const;
    sb::Result<sb::TlsIdentity> tlsIdentity(const QString &name) const;
    // Makes a new self-signed identity; an existing one is never replaced
    // (peers may have pinned it).
    sb::Result<sb::TlsIdentity> makeTlsIdentity(const QString &name);

signals:
    void ownKeysChanged();
    void trustChanged();

private:
    void readOwnKeys();
    std::optional<sb::Error> saveTrust(const sb::TrustList &updated);
    // The key directory, made when missing, readable by its owner only.
    std::optional<sb::Error> makeDirectory() const;

    sb::KeyStore m_store;
    QList<OwnKey> m_ownKeys;
    std::shared_ptr<sb::TrustList> m_trust;
    QString m_trustError;
};
