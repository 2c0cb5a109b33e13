// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"
#include "result.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QString>

#include <memory>

struct PeerCommand;

namespace sb {
class Dialer;
class Scuttlebutt;
class Server;
} // namespace sb

// What serve, sync and connect were asked to secure, loaded before any
// networking: the signing key (--key), the trust list that remote updates are
// verified against (our own public key added), and the TLS identity whose
// peers must be pinned in that list (--tls).
class PeerSecurity
{
public:
    // Everything named on the command line, or the first thing that cannot be read.
    static sb::Result<PeerSecurity> load(const PeerCommand &command);

    bool signs() const { return !m_key.isNull(); }
    bool verifies() const { return m_verify || signs(); }
    bool usesTls() const { return !m_tls.isNull(); }
    // The replica id the key binds us to (signs() only).
    QString sourceId() const { return m_key.sourceId(); }
    // Our TLS certificate's fingerprint, which peers pin (usesTls() only).
    QString tlsFingerprint() const { return m_tls.fingerprint(); }

    // Signing and verification for a replica before anything reaches it.
    void install(sb::Scuttlebutt *replica) const;
    void secure(sb::Server *server) const;
    void secure(sb::Dialer *dialer) const;

private:
    sb::KeyPair m_key;
    bool m_verify = false;
    std::shared_ptr<const sb::TrustList> m_trust;
    sb::TlsIdentity m_tls;
};
