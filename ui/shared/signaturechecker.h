// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"

#include <QString>

#include <memory>

namespace sb {
class TrustList;
class Update;
} // namespace sb

// Reads an update's signature the way the session's verifier would: against
// the key the trust list binds to its source, or our own signing key for our
// own id. Views use it to show who signed what; it is cheap to copy.
class SignatureChecker
{
public:
    enum class State {
        Unsigned,
        Verified,      // a valid signature by the key bound to its source
        UnknownSigner, // signed, but no trusted key for its source
        BadSignature,  // a trusted key for its source, and the signature fails
    };
    struct Check
    {
        State state = State::Unsigned;
        QString signer; // the name the key is trusted under
    };

    SignatureChecker() = default;
    SignatureChecker(std::shared_ptr<const sb::TrustList> trust, const QString &ownKeyName,
                     const sb::PublicKey &ownKey);

    Check check(const sb::Update &update) const;
    // The name of the key bound to source (our own key's name for our id), or
    // empty when no key is.
    QString nameOf(const QString &source) const;
    bool knows(const QString &source) const;

    static QString stateName(State state);
    // For a table cell: the signer's name, "unknown key", "bad signature",
    // or nothing for an unsigned update.
    static QString label(const Check &check);
    // A sentence on what check means for an update from source.
    static QString explain(const Check &check, const QString &source);

private:
    std::shared_ptr<const sb::TrustList> m_trust;
    std::shared_ptr<const sb::TrustList> m_own;
};
