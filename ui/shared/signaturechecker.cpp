// SPDX-License-Identifier: MIT
#include "signaturechecker.h"

#include "trustlist.h"
#include "update.h"
#include "updatesigning.h"

#include <QCoreApplication>

using namespace sb;

SignatureChecker::SignatureChecker(std::shared_ptr<const TrustList> trust,
                                   const QString &ownKeyName, const PublicKey &ownKey)
    : m_trust(std::move(trust))
{
    if (!ownKey.isNull()) {
        auto own = std::make_shared<TrustList>();
        own->add(ownKey, ownKeyName);
        m_own = std::move(own);
    }
}

SignatureChecker::Check SignatureChecker::check(const Update &update) const
{
    if (!update.isSigned())
        return {};
    const TrustList *list = m_own && m_own->find(update.source()) ? m_own.get() : m_trust.get();
    const TrustList::Entry *entry = list ? list->find(update.source()) : nullptr;
    if (!entry)
        return {State::UnknownSigner, {}};
    if (!UpdateSigning::check(update, *list))
        return {State::BadSignature, entry->name};
    return {State::Verified, entry->name};
}

QString SignatureChecker::nameOf(const QString &source) const
{
    for (const auto &list : {m_own, m_trust}) {
        if (!list)
            continue;
        if (const TrustList::Entry *entry = list->find(source))
            return entry->name;
    }
    return {};
}

bool SignatureChecker::knows(const QString &source) const
{
    return (m_own && m_own->find(source)) || (m_trust && m_trust->find(source));
}

QString SignatureChecker::stateName(State state)
{
    switch (state) {
    case State::Unsigned:
        return QCoreApplication::translate("SignatureChecker", "unsigned");
    case State::Verified:
        return QCoreApplication::translate("SignatureChecker", "verified");
    case State::UnknownSigner:
        return QCoreApplication::translate("SignatureChecker", "signed, unknown key");
    case State::BadSignature:
        return QCoreApplication::translate("SignatureChecker", "bad signature");
    }
    return {};
}

QString SignatureChecker::label(const Check &check)
{
    switch (check.state) {
    case State::Unsigned:
        return {};
    case State::Verified:
        return check.signer.isEmpty() ? QCoreApplication::translate("SignatureChecker", "verified")
                                      : check.signer;
    case State::UnknownSigner:
        return QCoreApplication::translate("SignatureChecker", "unknown key");
    case State::BadSignature:
        return QCoreApplication::translate("SignatureChecker", "bad signature");
    }
    return {};
}

QString SignatureChecker::explain(const Check &check, const QString &source)
{
    switch (check.state) {
    case State::Unsigned:
        return QCoreApplication::translate("SignatureChecker", "Unsigned");
    case State::Verified:
        return QCoreApplication::translate("SignatureChecker",
                                           "Signed by key \"%1\"; the signature verifies")
                .arg(check.signer);
    case State::UnknownSigner:
        return QCoreApplication::translate(
                       "SignatureChecker",
                       "Signed, but no trusted key is bound to %1: add its public key "
                       "in the Key Manager to check it")
                .arg(source);
    case State::BadSignature:
        return QCoreApplication::translate("SignatureChecker",
                                           "The signature does not verify against key \"%1\"")
                .arg(check.signer);
    }
    return {};
}
