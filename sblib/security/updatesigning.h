#pragma once

#include "keypair.h"
#include "trustlist.h"
#include "update.h"

#include <memory>
#include <optional>

namespace sb {

class Scuttlebutt;

// Signed updates, as npm scuttlebutt's security.js does them: a signature over
// JSON.stringify of the update without it (the 5.x text; the 4.x text is
// accepted too, since it states the same change), checked against the key the
// trust list binds to the update's source.
namespace UpdateSigning {

// The replica takes the id derived from key, signs its own updates with it,
// and applies a remote update only when it verifies against trust.
void install(Scuttlebutt *replica, const KeyPair &key, std::shared_ptr<const TrustList> trust);

// Why update does not verify, or nothing when it does.
std::optional<QString> check(const Update &update, const TrustList &trust);

QString sign(const Update &update, const KeyPair &key);

} // namespace UpdateSigning
} // namespace sb
