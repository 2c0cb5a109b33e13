// SPDX-License-Identifier: MIT
#include "updatesigning.h"

#include "dialect.h"
#include "scuttlebutt.h"

namespace sb::UpdateSigning {

namespace {
Error badSignature(const Update &update)
{
    return Error{QStringLiteral("bad signature from %1").arg(update.source())};
}
} // namespace

QString sign(const Update &update, const KeyPair &key)
{
    const auto signature = key.sign(Dialect::v5().signedText(update));
    return signature ? signature.value() : QString();
}

Result<void> check(const Update &update, const TrustList &trust, RefusedSignatures *refused)
{
    const TrustList::Entry *entry = trust.find(update.source());
    if (!entry)
        return Error{QStringLiteral("no trusted key for source %1").arg(update.source())};
    if (!update.isSigned())
        return Error{QStringLiteral("unsigned update from %1").arg(update.source())};
    const QByteArray signedText = Dialect::v5().signedText(update);
    const quint64 digest = refused ? refused->digest(signedText, update.signature()) : 0;
    if (refused && refused->contains(digest))
        return badSignature(update);
    const QByteArray signature = QByteArray::fromBase64(update.signature().toLatin1());
    if (entry->key.verify(signedText, signature)
        || entry->key.verify(Dialect::v4().signedText(update), signature))
        return {};
    if (refused)
        refused->insert(digest);
    return badSignature(update);
}

void install(Scuttlebutt *replica, const KeyPair &key, std::shared_ptr<const TrustList> trust)
{
    replica->setId(key.sourceId());
    replica->setSigner([key](const Update &update) { return sign(update, key); });
    // Our own updates come back from peers and from our file: they verify
    // against our own key, whatever the trust list holds.
    auto self = std::make_shared<TrustList>();
    self->add(key.publicKey());
    auto refused = std::make_shared<RefusedSignatures>();
    replica->setVerifier([self, trust, refused](const Update &update) {
        return check(update, self->find(update.source()) ? *self : *trust, refused.get());
    });
}

void installVerifier(Scuttlebutt *replica, std::shared_ptr<const TrustList> trust)
{
    auto refused = std::make_shared<RefusedSignatures>();
    replica->setVerifier([trust, refused](const Update &update) {
        return check(update, *trust, refused.get());
    });
}

} // namespace sb::UpdateSigning
