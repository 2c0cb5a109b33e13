// SPDX-License-Identifier: MIT
// The signature path on arbitrary update lines, against a fixed trust list
// (an Ed25519 and an RSA key of keys/, test data only). For any line that
// reads as an update (5.x or 4.x, by the scanner or the full parser):
//  - UpdateSigning::check gives the same answer every time, and the same with
//    the cache of refused signatures (first call and repeated) as without;
//  - an update that verifies names a trusted source, carries a signature, and
//    a replica that verifies takes it (Applied or OldData), while one that
//    does not verify is never applied and moves no clock;
//  - the same change signed by the Ed25519 key verifies, written as a 5.x line
//    and read back too, and no longer verifies once its value is changed.
#include "dialect.h"
#include "fuzzsupport.h"
#include "jsoncodec.h"
#include "keypair.h"
#include "model.h"
#include "refusedsignatures.h"
#include "streamoptions.h"
#include "trustlist.h"
#include "updatescanner_p.h"
#include "updatesigning.h"

#include <QFile>

#include <cstddef>
#include <cstdint>
#include <memory>

using namespace sb;

namespace {

QByteArray readKeyFile(const char *name)
{
    QFile file(QStringLiteral(FUZZ_KEYS_DIR "/") + QLatin1StringView(name));
    FUZZ_CHECK(file.open(QIODevice::ReadOnly),
               QStringLiteral("%1: %2").arg(file.fileName(), file.errorString()));
    return file.readAll();
}

struct Keys
{
    KeyPair ed25519;
    std::shared_ptr<TrustList> trust = std::make_shared<TrustList>();
};

const Keys &keys()
{
    static const Keys fixed = [] {
        Keys k;
        auto ed = KeyPair::fromPem(readKeyFile("ed25519.key"));
        FUZZ_CHECK(ed.ok(), ed.errorMessage());
        k.ed25519 = ed.value();
        k.trust->add(k.ed25519.publicKey(), QStringLiteral("ed"));
        auto rsa = PublicKey::fromPem(readKeyFile("rsa.pub"));
        FUZZ_CHECK(rsa.ok(), rsa.errorMessage());
        k.trust->add(rsa.value(), QStringLiteral("rsa"));
        return k;
    }();
    return fixed;
}

QString describe(const Update &update)
{
    QByteArray line;
    Dialect::v5().appendUpdate(line, update);
    return FuzzSupport::excerpt(line);
}

// What check() answered, in words.
QString verdict(const Result<void> &checked)
{
    return checked ? QStringLiteral("verified") : checked.errorMessage();
}

std::optional<Update> readUpdate(QByteArrayView line)
{
    for (const Dialect *dialect : {&Dialect::v5(), &Dialect::v4()}) {
        if (auto update = dialect->scan(line, StreamOptions::kDefaultMaxDepth))
            return update;
    }
    const auto parsed = JsonCodec::parse(line, {StreamOptions::kDefaultMaxDepth});
    if (!parsed || !parsed->isArray())
        return std::nullopt;
    const Dialect *dialect = Dialect::detect(parsed->toArray());
    if (!dialect)
        return std::nullopt;
    auto update = dialect->decode(parsed->toArray());
    if (!update)
        return std::nullopt;
    return update.value();
}

// What a verifying replica does with update, checking it against verified.
void checkReplica(const Update &update, bool verified)
{
    Model replica(QStringLiteral("LOCAL"));
    replica.setMaxClockSkew(0);
    UpdateSigning::installVerifier(&replica, keys().trust);
    if (!replica.validate(update))
        return; // refused before any signature is looked at
    const Scuttlebutt::Outcome outcome = replica.receive(update);
    if (verified) {
        FUZZ_CHECK(outcome == Scuttlebutt::Outcome::Applied
                           || outcome == Scuttlebutt::Outcome::NotApplied,
                   QStringLiteral("verified, yet not taken (%1): %2")
                           .arg(int(outcome))
                           .arg(describe(update)));
    } else {
        FUZZ_CHECK(
                outcome == Scuttlebutt::Outcome::Unverified,
                QStringLiteral("not verified, yet %1: %2").arg(int(outcome)).arg(describe(update)));
        FUZZ_CHECK(
                replica.clock().sources().isEmpty() && replica.updateCount() == 0,
                QStringLiteral("an unverified update moved something: %1").arg(describe(update)));
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::ensureApplication();
    keys();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView line(reinterpret_cast<const char *>(data), qsizetype(size));
    if (line.endsWith('\n'))
        line.chop(1);
    const std::optional<Update> update = readUpdate(line);
    if (!update)
        return 0;
    const TrustList &trust = *keys().trust;

    const Result<void> plain = UpdateSigning::check(*update, trust);
    RefusedSignatures refused;
    const Result<void> first = UpdateSigning::check(*update, trust, &refused);
    const Result<void> again = UpdateSigning::check(*update, trust, &refused);
    FUZZ_CHECK(plain.ok() == first.ok() && first.ok() == again.ok(),
               QStringLiteral("check() changed its mind (%1 / %2 / %3): %4")
                       .arg(verdict(plain), verdict(first), verdict(again), describe(*update)));
    const bool verified = plain.ok();
    if (verified)
        FUZZ_CHECK(trust.find(update->source()) && update->isSigned(),
                   QStringLiteral("verified without a trusted key or signature: %1")
                           .arg(describe(*update)));
    else
        FUZZ_CHECK(!plain.errorMessage().isEmpty(), describe(*update));
    checkReplica(*update, verified);

    // The same change, signed by a key we trust.
    const Update change(update->key(), update->value(), update->timestamp(),
                        keys().ed25519.sourceId());
    if (!Update::checkKey(change.key()))
        return 0;
    const Update resigned = change.withSignature(UpdateSigning::sign(change, keys().ed25519));
    FUZZ_CHECK(UpdateSigning::check(resigned, trust).ok(),
               QStringLiteral("our own signature does not verify: %1").arg(describe(resigned)));
    QByteArray written;
    Dialect::v5().appendUpdate(written, resigned);
    written.chop(1);
    const std::optional<Update> reread = readUpdate(written);
    FUZZ_CHECK(reread && UpdateSigning::check(*reread, trust).ok(),
               QStringLiteral("signed, written and read back, it does not verify: %1")
                       .arg(FuzzSupport::excerpt(written)));
    checkReplica(*reread, true);

    // Another value under the same signature.
    const QByteArray otherValue = resigned.value() == "0" ? QByteArray("1") : QByteArray("0");
    const Update forged(resigned.key(), otherValue, resigned.timestamp(), resigned.source(),
                        resigned.signature());
    FUZZ_CHECK(!UpdateSigning::check(forged, trust).ok(),
               QStringLiteral("a changed value verifies: %1").arg(describe(forged)));
    return 0;
}
