// SPDX-License-Identifier: MIT
#include "keycommand.h"

#include "keystore.h"

using namespace sb;

namespace {
struct ActionSpec
{
    QString words; // "key import"
    KeyCommand::Action action;
    QStringList operandNames;
    QStringList options; // beyond --key-dir
};

const QList<ActionSpec> &actionSpecs()
{
    static const QList<ActionSpec> specs = {
            {QStringLiteral("keygen"),
             KeyCommand::Action::Generate,
             {QStringLiteral("NAME")},
             {QStringLiteral("--type"), QStringLiteral("--bits"),
              QStringLiteral("--passphrase-file")}},
            {QStringLiteral("key import"),
             KeyCommand::Action::Import,
             {QStringLiteral("NAME"), QStringLiteral("PRIVATE.pem")},
             {QStringLiteral("--passphrase-file")}},
            {QStringLiteral("key export"),
             KeyCommand::Action::Export,
             {QStringLiteral("NAME")},
             {QStringLiteral("--public"), QStringLiteral("--private"),
              QStringLiteral("--passphrase-file")}},
            {QStringLiteral("key list"), KeyCommand::Action::List, {}, {}},
            {QStringLiteral("key remove"),
             KeyCommand::Action::Remove,
             {QStringLiteral("NAME")},
             {}},
            {QStringLiteral("trust add"),
             KeyCommand::Action::TrustAdd,
             {QStringLiteral("PUBLIC.pem")},
             {QStringLiteral("--name"), QStringLiteral("--trust")}},
            {QStringLiteral("trust remove"),
             KeyCommand::Action::TrustRemove,
             {QStringLiteral("ID|NAME|FINGERPRINT")},
             {QStringLiteral("--trust")}},
            {QStringLiteral("trust list"),
             KeyCommand::Action::TrustList,
             {},
             {QStringLiteral("--trust")}},
            {QStringLiteral("trust pin-cert"),
             KeyCommand::Action::PinCertificate,
             {QStringLiteral("FINGERPRINT")},
             {QStringLiteral("--name"), QStringLiteral("--trust")}},
            {QStringLiteral("tls-cert"),
             KeyCommand::Action::TlsCertificate,
             {QStringLiteral("NAME")},
             {}},
    };
    return specs;
}

bool takesValue(const QString &option)
{
    return option == u"--key-dir" || option == u"--trust" || option == u"--passphrase-file"
            || option == u"--name" || option == u"--type" || option == u"--bits";
}
} // namespace

bool KeyCommand::handles(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return false;
    const QString &first = arguments.first();
    return first == u"keygen" || first == u"key" || first == u"trust" || first == u"tls-cert";
}

QString KeyCommand::usage()
{
    return QStringLiteral(
                   "keys and trust (each takes --key-dir DIR, default %1;\n"
                   "the trust commands take --trust FILE, default KEYDIR/trust.json):\n"
                   "  sbpeer keygen NAME [--type ed25519|rsa] [--bits N] [--passphrase-file F]\n"
                   "                        make a key pair in the key store (ed25519 by default;\n"
                   "                        rsa: 2048 bits or more, as npm security.js signs) and\n"
                   "                        print its source id and fingerprint\n"
                   "  sbpeer key import NAME PRIVATE.pem [--passphrase-file F]\n"
                   "                        copy a PEM private key (PKCS#8, or PKCS#1 as "
                   "`ssh-keygen\n"
                   "                        -m PEM` writes) into the store; the passphrase "
                   "unlocks\n"
                   "                        PRIVATE.pem and locks the stored copy\n"
                   "  sbpeer key export NAME [--public|--private] [--passphrase-file F]\n"
                   "                        print the public key (default; the exact PEM text its "
                   "id\n"
                   "                        is derived from, for peers to trust) or the private "
                   "key,\n"
                   "                        unencrypted PKCS#8\n"
                   "  sbpeer key list       name, algorithm, source id and fingerprint of each "
                   "key\n"
                   "  sbpeer key remove NAME\n"
                   "  sbpeer trust add PUBLIC.pem [--name N]\n"
                   "                        trust a public key (a PEM file, or a key of the "
                   "store):\n"
                   "                        updates signed by it are accepted from its source id\n"
                   "  sbpeer trust remove ID|NAME|FINGERPRINT\n"
                   "  sbpeer trust list     'key ID ALGORITHM FINGERPRINT [NAME]' and\n"
                   "                        'cert FINGERPRINT [NAME]' lines\n"
                   "  sbpeer trust pin-cert FINGERPRINT|CERT.pem [--name N]\n"
                   "                        accept TLS peers presenting this certificate "
                   "(SHA-256)\n"
                   "  sbpeer tls-cert NAME  make a self-signed TLS identity, KEYDIR/NAME.crt and\n"
                   "                        NAME.tlskey, and print its fingerprint\n"
                   "  --passphrase-file F   the first line of F is the passphrase; F = -: the "
                   "first\n"
                   "                        line of stdin. Passphrases are never taken as "
                   "arguments.\n"
                   "\n"
                   "exit status: 0 success, 1 failure (connection, peer error, timeout, a bad "
                   "key,\n"
                   "file or passphrase), 2 bad usage\n")
            .arg(KeyStore::defaultDirectory());
}

Result<KeyCommand> KeyCommand::parse(const QStringList &arguments)
{
    KeyCommand command;
    const bool twoWords = arguments.first() == u"key" || arguments.first() == u"trust";
    if (twoWords && arguments.size() < 2)
        return Error{QStringLiteral("%1 needs a subcommand").arg(arguments.first())};
    const QString words = twoWords ? arguments.at(0) + u' ' + arguments.at(1) : arguments.at(0);
    const ActionSpec *spec = nullptr;
    for (const ActionSpec &candidate : actionSpecs()) {
        if (candidate.words == words)
            spec = &candidate;
    }
    if (!spec)
        return Error{QStringLiteral("unknown command \"%1\"").arg(words)};
    command.action = spec->action;

    bool typeGiven = false;
    bool bitsGiven = false;
    bool publicGiven = false;
    for (qsizetype i = twoWords ? 2 : 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (!argument.startsWith(u"--")) {
            command.operands.append(argument);
            continue;
        }
        if (argument != u"--key-dir" && !spec->options.contains(argument)) {
            return Error{takesValue(argument) || argument == u"--public" || argument == u"--private"
                                 ? QStringLiteral("%1 is not an option of %2").arg(argument, words)
                                 : QStringLiteral("unknown option \"%1\"").arg(argument)};
        }
        QString value;
        if (takesValue(argument)) {
            if (i + 1 >= arguments.size() || arguments.at(i + 1).isEmpty())
                return Error{QStringLiteral("%1 needs a value").arg(argument)};
            value = arguments.at(++i);
        }
        if (argument == u"--key-dir") {
            command.keyDirectory = value;
        } else if (argument == u"--trust") {
            command.trustFile = value;
        } else if (argument == u"--passphrase-file") {
            command.passphraseFile = value;
        } else if (argument == u"--name") {
            command.label = value;
        } else if (argument == u"--type") {
            if (value == u"ed25519")
                command.algorithm = PublicKey::Algorithm::Ed25519;
            else if (value == u"rsa")
                command.algorithm = PublicKey::Algorithm::Rsa;
            else
                return Error{
                        QStringLiteral("--type must be ed25519 or rsa, not \"%1\"").arg(value)};
            typeGiven = true;
        } else if (argument == u"--bits") {
            bool ok = false;
            command.rsaBits = value.toInt(&ok);
            if (!ok || command.rsaBits <= 0)
                return Error{
                        QStringLiteral("--bits must be a number of bits, not \"%1\"").arg(value)};
            bitsGiven = true;
        } else if (argument == u"--public") {
            publicGiven = true;
        } else if (argument == u"--private") {
            command.exportPrivate = true;
        }
    }
    if (bitsGiven && !(typeGiven && command.algorithm == PublicKey::Algorithm::Rsa))
        return Error{QStringLiteral("--bits is for --type rsa")};
    if (publicGiven && command.exportPrivate)
        return Error{QStringLiteral("key export takes --public or --private, not both")};
    if (command.operands.size() != spec->operandNames.size()) {
        if (command.operands.size() > spec->operandNames.size())
            return Error{QStringLiteral("unexpected argument \"%1\" for %2")
                                 .arg(command.operands.at(spec->operandNames.size()), words)};
        return Error{QStringLiteral("%1 needs %2").arg(words, spec->operandNames.join(u' '))};
    }
    return command;
}
