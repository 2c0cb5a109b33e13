// SPDX-License-Identifier: MIT
#include "peersecurity.h"

#include "dialer.h"
#include "keyaccess.h"
#include "keystore.h"
#include "peercommand.h"
#include "scuttlebutt.h"
#include "server.h"
#include "updatesigning.h"

#include <QFileInfo>

using namespace sb;

Result<PeerSecurity> PeerSecurity::load(const PeerCommand &command)
{
    PeerSecurity security;
    const KeyStore store(command.keyDirectory.isEmpty() ? KeyStore::defaultDirectory()
                                                        : command.keyDirectory);
    if (!command.key.isEmpty()) {
        auto key = KeyAccess::loadKeyPair(store, command.key, command.passphraseFile);
        if (!key)
            return Error{QStringLiteral("--key %1: %2").arg(command.key, key.errorMessage())};
        security.m_key = std::move(key).value();
    }
    security.m_verify = command.verify;
    if (!security.verifies() && command.tls.isEmpty())
        return security;

    const QString trustPath = KeyAccess::trustListPath(store, command.trustFile);
    auto trust = KeyAccess::loadTrustList(trustPath, !command.trustFile.isEmpty());
    if (!trust)
        return Error{QStringLiteral("trust list: %1").arg(trust.errorMessage())};
    auto list = std::make_shared<TrustList>(std::move(trust).value());
    // Our own updates come back to us from peers (after a restart without
    // --file, say): they verify against our own key.
    if (security.signs())
        list->add(security.m_key.publicKey(), QStringLiteral("own key"));
    security.m_trust = list;

    if (!command.tls.isEmpty()) {
        if (!KeyStore::isValidName(command.tls))
            return Error{QStringLiteral("--tls \"%1\" is not a TLS identity name (made by sbpeer "
                                        "tls-cert NAME)")
                                 .arg(command.tls)};
        const QString base = store.directory() + u'/' + command.tls;
        const QString certificatePath = base + QStringLiteral(".crt");
        if (!QFileInfo::exists(certificatePath))
            return Error{
                    QStringLiteral("--tls %1: no TLS identity of that name in %2 (make one with "
                                   "sbpeer tls-cert %1)")
                            .arg(command.tls, store.directory())};
        auto identity = TlsIdentity::load(certificatePath, base + QStringLiteral(".tlskey"));
        if (!identity)
            return Error{QStringLiteral("--tls %1: %2").arg(command.tls, identity.errorMessage())};
        if (list->pins().isEmpty())
            return Error{
                    QStringLiteral(
                            "--tls %1: the trust list %2 pins no certificates, so every peer "
                            "would be refused; pin theirs with sbpeer trust pin-cert FINGERPRINT")
                            .arg(command.tls, trustPath)};
        security.m_tls = std::move(identity).value();
    }
    return security;
}

void PeerSecurity::install(Scuttlebutt *replica) const
{
    if (signs()) {
        UpdateSigning::install(replica, m_key, m_trust);
    } else if (m_verify) {
        UpdateSigning::installVerifier(replica, m_trust);
    }
}

void PeerSecurity::secure(Server *server) const
{
    if (usesTls())
        server->enableTls(m_tls, m_trust);
}

void PeerSecurity::secure(Dialer *dialer) const
{
    if (usesTls())
        dialer->enableTls(m_tls, m_trust);
}
