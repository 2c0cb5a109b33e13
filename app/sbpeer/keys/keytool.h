// SPDX-License-Identifier: MIT
#pragma once

#include "keycommand.h"
#include "keystore.h"

// Carries out one key, trust or TLS command at once (no event loop needed):
// results on stdout, each error as one "sbpeer: " line on stderr naming the
// key or file and the reason. run() returns the exit status.
class KeyTool
{
public:
    explicit KeyTool(const KeyCommand &command);

    int run();

private:
    int generate();
    int importKey();
    int exportKey();
    int listKeys();
    int removeKey();
    int trustKey();
    int untrust();
    int listTrust();
    int pinCertificate();
    int makeTlsCertificate();

    int saveKey(const QString &name, const sb::KeyPair &key);
    QString trustListPath() const;

    KeyCommand m_command;
    sb::KeyStore m_store;
};
