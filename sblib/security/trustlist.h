// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"
#include "result.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace sb {

// The keys we trust, each bound to the source id derived from it, and the TLS
// certificate fingerprints of peers we accept. Saved as a small JSON file.
class TrustList
{
public:
    struct Entry
    {
        QString sourceId;
        QString name;
        PublicKey key;
    };
    struct Pin
    {
        QString fingerprint; // SHA-256 of the certificate, colon-separated hex
        QString name;
    };

    // Trusts key under the id derived from it; returns that id.
    QString add(const PublicKey &key, const QString &name = {});
    // Removes by source id, name or key fingerprint; returns whether it did.
    bool remove(const QString &idNameOrFingerprint);
    const Entry *find(const QString &sourceId) const;
    QList<Entry> entries() const;
    qsizetype size() const { return m_entries.size(); }

    // The one form pins are kept and compared in: 32 upper-case hex pairs
    // joined by colons, as TlsIdentity::fingerprintOf() writes a SHA-256
    // digest; read from 64 hex digits of either case, with a colon between
    // every pair or none. nullopt for any other text.
    static std::optional<QString> certificateFingerprint(QStringView text);
    // Pins a certificate by its fingerprint; false, with nothing pinned, for
    // text that certificateFingerprint() does not read.
    bool pinCertificate(const QString &fingerprint, const QString &name = {});
    bool isPinned(const QString &fingerprint) const;
    QList<Pin> pins() const { return m_pins; }

    QByteArray toJson() const;
    // origin names the file in messages.
    static Result<TrustList> fromJson(QByteArrayView json, const QString &origin);
    static Result<TrustList> load(const QString &path);
    // Written atomically; a failure names the file.
    Result<void> save(const QString &path) const;

private:
    QHash<QString, Entry> m_entries;
    QList<Pin> m_pins;
};

} // namespace sb
