// SPDX-License-Identifier: MIT
#pragma once

#include "keypair.h"
#include "refusedsignatures.h"
#include "result.h"
#include "trustlist.h"
#include "update.h"

#include <memory>

namespace sb {

class Scuttlebutt;

// Signed updates, as npm scuttlebutt's security.js does them: a signature over
// JSON.stringify of the update without it (the 5.x text; the 4.x text is
// accepted too, since it states the same change), checked against the key the
// trust list binds to the update's source.
namespace UpdateSigning {

// The replica takes the id derived from key, signs its own updates with it,
// and applies a remote update only when it verifies against trust. The
// updates whose signature fails are remembered (RefusedSignatures), so that
// one offered again at every sync is not checked again.
void install(Scuttlebutt *replica, const KeyPair &key, std::shared_ptr<const TrustList> trust);
// Verifying only, as install() does, for a replica that signs nothing.
void installVerifier(Scuttlebutt *replica, std::shared_ptr<const TrustList> trust);

// Fails with why update does not verify. With refused, a bad signature is
// remembered there, and one remembered is refused unchecked.
Result<void> check(const Update &update, const TrustList &trust,
                   RefusedSignatures *refused = nullptr);

QString sign(const Update &update, const KeyPair &key);

} // namespace UpdateSigning
} // namespace sb
