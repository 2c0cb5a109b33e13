// SPDX-License-Identifier: MIT
#pragma once

#include "publickey.h"
#include "result.h"

#include <QList>
#include <QString>
#include <QStringList>

// What an sbpeer key, trust or TLS command asked for (keygen, key, trust,
// tls-cert), checked and typed. KeyTool carries it out.
struct KeyCommand
{
    enum class Action {
        Generate,
        Import,
        Export,
        List,
        Remove,
        TrustAdd,
        TrustRemove,
        TrustList,
        PinCertificate,
        TlsCertificate,
    };

    Action action = Action::List;
    QStringList operands;   // NAME, PRIVATE.pem, ID|NAME|FINGERPRINT... as the action takes them
    QString keyDirectory;   // --key-dir; empty: KeyStore::defaultDirectory()
    QString trustFile;      // --trust; empty: the key store's trust.json
    QString passphraseFile; // --passphrase-file
    QString label;          // --name
    sb::PublicKey::Algorithm algorithm = sb::PublicKey::Algorithm::Ed25519;
    int rsaBits = 2048;
    bool exportPrivate = false;

    // Whether arguments (without the program name) start a key command.
    static bool handles(const QStringList &arguments);
    // The keys and trust part of --help, made from the same tables of commands
    // and options the parser reads.
    static QString usage();
    // One option of the key commands as --help shows it: its name without
    // dashes, the name of its value (empty: a flag) and the commands that take
    // it ("keygen", "key import", ...).
    struct OptionDoc
    {
        QString name;
        QString valueName;
        QStringList commands;
    };
    // The option table, in the order --help lists it.
    static QList<OptionDoc> optionDocs();
    // "keygen", "key import", ...: every command, in the order --help lists them.
    static QStringList commandNames();
    // Parses arguments (without the program name; handles() must be true).
    // Errors explain themselves.
    static sb::Result<KeyCommand> parse(const QStringList &arguments);
};
