// SPDX-License-Identifier: MIT
#include "keycommand.h"

#include "commandline.h"
#include "keystore.h"

#include <QCommandLineParser>
#include <QHash>

#include <functional>
#include <optional>

using namespace sb;
using namespace Qt::StringLiterals;

namespace {
// One key, trust or TLS command: the words that name it, what it needs and
// which options of the table below it takes.
struct ActionSpec
{
    QString words; // "key import"
    KeyCommand::Action action;
    QStringList operandNames; // as "NAME needs ..." names them
    QString operandsShown;    // as --help shows them, when they differ from operandNames
    QStringList options;      // names from the option table, beyond those every command takes
    QString help;
};

const QList<ActionSpec> &actionSpecs()
{
    using A = KeyCommand::Action;
    static const QList<ActionSpec> specs = {
            {u"keygen"_s,
             A::Generate,
             {u"NAME"_s},
             {},
             {u"type"_s, u"bits"_s, u"passphrase-file"_s},
             u"make a key pair in the key store (ed25519 by default; rsa: 2048 bits or more, as "
             "npm security.js signs) and print its source id and fingerprint"_s},
            {u"key import"_s,
             A::Import,
             {u"NAME"_s, u"PRIVATE.pem"_s},
             {},
             {u"passphrase-file"_s},
             u"copy a PEM private key (PKCS#8, or PKCS#1 as `ssh-keygen -m PEM` writes) into the "
             "store; the passphrase unlocks PRIVATE.pem and locks the stored copy"_s},
            {u"key export"_s,
             A::Export,
             {u"NAME"_s},
             {},
             {u"public"_s, u"private"_s, u"passphrase-file"_s},
             u"print the public key (default; the exact PEM text its id is derived from, for "
             "peers to trust) or the private key, unencrypted PKCS#8"_s},
            {u"key list"_s,
             A::List,
             {},
             {},
             {},
             u"name, algorithm, source id and fingerprint of each key"_s},
            {u"key remove"_s, A::Remove, {u"NAME"_s}, {}, {}, u"remove a key from the store"_s},
            {u"trust add"_s,
             A::TrustAdd,
             {u"PUBLIC.pem"_s},
             {},
             {u"name"_s, u"trust"_s},
             u"trust a public key (a PEM file, or a key of the store): updates signed by it are "
             "accepted from its source id"_s},
            {u"trust remove"_s,
             A::TrustRemove,
             {u"ID|NAME|FINGERPRINT"_s},
             {},
             {u"trust"_s},
             u"stop trusting a key or a certificate"_s},
            {u"trust list"_s,
             A::TrustList,
             {},
             {},
             {u"trust"_s},
             u"'key ID ALGORITHM FINGERPRINT [NAME]' for each trusted key, 'cert FINGERPRINT "
             "[NAME]' for each pinned certificate"_s},
            {u"trust pin-cert"_s,
             A::PinCertificate,
             {u"FINGERPRINT"_s},
             u"FINGERPRINT|CERT.pem"_s,
             {u"name"_s, u"trust"_s},
             u"accept TLS peers presenting this certificate (SHA-256)"_s},
            {u"tls-cert"_s,
             A::TlsCertificate,
             {u"NAME"_s},
             {},
             {},
             u"make a self-signed TLS identity, KEYDIR/NAME.crt and NAME.tlskey, and print its "
             "fingerprint"_s},
    };
    return specs;
}

const ActionSpec *findAction(const QString &words)
{
    for (const ActionSpec &spec : actionSpecs()) {
        if (spec.words == words)
            return &spec;
    }
    return nullptr;
}

// What a setter sees: the command so far, and for the checks after the
// options, which were given.
struct ParseState
{
    KeyCommand &command;
    QStringList given; // names of the options given
};

// One option of the key commands: --help, the tests and the parser all read
// this table, so they cannot disagree.
struct KeyOption
{
    QString name;
    QString valueName; // empty: a flag
    bool everyCommand; // else only the commands whose ActionSpec names it
    QString excludes;  // an option it cannot be given with, shown as [--this|--that]
    QString help;
    std::function<std::optional<Error>(ParseState &, const QString &)> set;
};

const QList<KeyOption> &keyOptions()
{
    static const QList<KeyOption> options = {
            {u"key-dir"_s,
             u"DIR"_s,
             true,
             {},
             u"the key store KEYDIR (default below)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 state.command.keyDirectory = value;
                 return std::nullopt;
             }},
            {u"trust"_s,
             u"FILE"_s,
             false,
             {},
             u"the trust list (default KEYDIR/trust.json)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 state.command.trustFile = value;
                 return std::nullopt;
             }},
            {u"passphrase-file"_s,
             u"F"_s,
             false,
             {},
             u"the first line of F is the passphrase; F = -: the first line of stdin. "
             "Passphrases are never taken as arguments."_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 state.command.passphraseFile = value;
                 return std::nullopt;
             }},
            {u"name"_s,
             u"N"_s,
             false,
             {},
             u"the name the key or certificate is listed under"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 state.command.label = value;
                 return std::nullopt;
             }},
            {u"type"_s,
             u"ed25519|rsa"_s,
             false,
             {},
             u"the key's algorithm (default ed25519)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 if (value == u"ed25519")
                     state.command.algorithm = PublicKey::Algorithm::Ed25519;
                 else if (value == u"rsa")
                     state.command.algorithm = PublicKey::Algorithm::Rsa;
                 else
                     return Error{QStringLiteral("--type must be ed25519 or rsa, not \"%1\"")
                                          .arg(value)};
                 return std::nullopt;
             }},
            {u"bits"_s,
             u"N"_s,
             false,
             {},
             u"the size of an rsa key (default 2048, the least allowed)"_s,
             [](ParseState &state, const QString &value) -> std::optional<Error> {
                 bool ok = false;
                 state.command.rsaBits = value.toInt(&ok);
                 if (!ok || state.command.rsaBits <= 0)
                     return Error{QStringLiteral("--bits must be a number of bits, not \"%1\"")
                                          .arg(value)};
                 return std::nullopt;
             }},
            // The default, given only to say so.
            {u"public"_s,
             {},
             false,
             u"private"_s,
             u"print the public key (the default)"_s,
             [](ParseState &, const QString &) -> std::optional<Error> { return std::nullopt; }},
            {u"private"_s,
             {},
             false,
             {},
             u"print the private key instead, unencrypted PKCS#8"_s,
             [](ParseState &state, const QString &) -> std::optional<Error> {
                 state.command.exportPrivate = true;
                 return std::nullopt;
             }},
    };
    return options;
}

const KeyOption *findOption(const QString &name)
{
    for (const KeyOption &option : keyOptions()) {
        if (option.name == name)
            return &option;
    }
    return nullptr;
}

bool takes(const ActionSpec &spec, const KeyOption &option)
{
    return option.everyCommand || spec.options.contains(option.name);
}

Error notAnOptionOf(const ActionSpec &spec, const KeyOption &option)
{
    return Error{QStringLiteral("--%1 is not an option of %2").arg(option.name, spec.words)};
}

// "--x" or "-x" as the user wrote it, without any "=value".
void addOptions(QCommandLineParser &parser)
{
    // -x is --x, never the letters -x as short options: the table has no short names.
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Every option of the table, so that one a command does not take is
    // refused by name ("is not an option of"), not as unknown.
    for (const KeyOption &option : keyOptions()) {
        QCommandLineOption parserOption(option.name);
        if (!option.valueName.isEmpty())
            parserOption.setValueName(option.valueName);
        parser.addOption(parserOption);
    }
}

// The refusals QCommandLineParser words its own way, in sbpeer's words: an
// unknown option (a passphrase given as an argument is one, and only its name
// is repeated) or a flag given "=value". The other failure, a value missing
// after the last option, is left to applyOptions, which then reads it as empty
// after the options before it.
std::optional<Error> parserRefusal(const ActionSpec &spec, const QCommandLineParser &parser,
                                   const QStringList &arguments)
{
    if (const QString unknown = CommandLine::firstUnknownOption(parser, arguments);
        !unknown.isEmpty())
        return Error{QStringLiteral("unknown option \"%1\"").arg(unknown)};
    const QString flag = CommandLine::firstFlagGivenAValue(arguments, [](const QString &name) {
        const KeyOption *option = findOption(name);
        return option && option->valueName.isEmpty();
    });
    if (!flag.isEmpty()) {
        const KeyOption &option = *findOption(CommandLine::optionName(flag));
        if (!takes(spec, option))
            return notAnOptionOf(spec, option);
        return Error{QStringLiteral("--%1 takes no value").arg(option.name)};
    }
    return std::nullopt;
}

// Runs the setters of the options found, in the order given.
std::optional<Error> applyOptions(ParseState &state, const ActionSpec &spec,
                                  const QCommandLineParser &parser)
{
    QHash<const KeyOption *, qsizetype> seen; // values taken of each option so far
    for (const QString &name : parser.optionNames()) {
        const KeyOption *option = findOption(name);
        if (!takes(spec, *option))
            return notAnOptionOf(spec, *option);
        QString value;
        if (!option->valueName.isEmpty()) {
            value = parser.values(option->name).value(seen[option]++);
            // Empty names no file, key or number: as if no value were given.
            if (value.isEmpty())
                return Error{QStringLiteral("--%1 needs a value").arg(option->name)};
        }
        if (auto error = option->set(state, value))
            return error;
        state.given.append(option->name);
    }
    return std::nullopt;
}

// What no single option can check: how the options go together and the operands.
std::optional<Error> checkCombination(const ParseState &state, const ActionSpec &spec)
{
    const KeyCommand &command = state.command;
    const bool rsaChosen
            = state.given.contains(u"type") && command.algorithm == PublicKey::Algorithm::Rsa;
    if (state.given.contains(u"bits") && !rsaChosen)
        return Error{QStringLiteral("--bits is for --type rsa")};
    for (const KeyOption &option : keyOptions()) {
        if (state.given.contains(option.name) && state.given.contains(option.excludes))
            return Error{QStringLiteral("%1 takes --%2 or --%3, not both")
                                 .arg(spec.words, option.name, option.excludes)};
    }
    const qsizetype wanted = spec.operandNames.size();
    if (command.operands.size() > wanted)
        return Error{QStringLiteral("unexpected argument \"%1\" for %2")
                             .arg(command.operands.at(wanted), spec.words)};
    if (command.operands.size() < wanted)
        return Error{QStringLiteral("%1 needs %2").arg(spec.words, spec.operandNames.join(u' '))};
    return std::nullopt;
}

// "--bits N" or "--public"
QString optionSynopsis(const KeyOption &option)
{
    return option.valueName.isEmpty() ? u"--"_s + option.name
                                      : u"--"_s + option.name + u' ' + option.valueName;
}

// "  sbpeer keygen NAME [--type ed25519|rsa] ...": the options every command
// takes are left to the options list.
QString commandSynopsis(const ActionSpec &spec)
{
    QString out = u"  sbpeer "_s + spec.words;
    const QString operands
            = spec.operandsShown.isEmpty() ? spec.operandNames.join(u' ') : spec.operandsShown;
    if (!operands.isEmpty())
        out += u' ' + operands;
    QStringList shown;
    for (const QString &name : spec.options) {
        if (shown.contains(name))
            continue;
        const KeyOption &option = *findOption(name);
        QString alternatives = optionSynopsis(option);
        if (spec.options.contains(option.excludes)) {
            alternatives += u'|' + optionSynopsis(*findOption(option.excludes));
            shown.append(option.excludes);
        }
        out += u" ["_s + alternatives + u']';
    }
    return out;
}

QString everyCommandNote()
{
    QStringList names;
    for (const KeyOption &option : keyOptions()) {
        if (option.everyCommand)
            names.append(u"--"_s + option.name);
    }
    return QStringLiteral("Every command above takes %1; KEYDIR is %2 by default.")
            .arg(names.join(u", "_s), KeyStore::defaultDirectory());
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
    QString out = u"keys and trust:\n"_s;
    for (const ActionSpec &spec : actionSpecs())
        out += CommandLine::helpEntry(commandSynopsis(spec), spec.help);
    out += u"\nkey and trust options:\n"_s;
    for (const KeyOption &option : keyOptions())
        out += CommandLine::helpEntry(u"  "_s + optionSynopsis(option), option.help);
    for (const QString &line : CommandLine::wrappedWords(everyCommandNote(), 78))
        out += u"  "_s + line + u'\n';
    return out
            + u"\nexit status: 0 success, 1 failure (connection, peer error, timeout, a bad key,\n"
              "file or passphrase), 2 bad usage\n"_s;
}

QList<KeyCommand::OptionDoc> KeyCommand::optionDocs()
{
    QList<OptionDoc> docs;
    for (const KeyOption &option : keyOptions()) {
        QStringList commands;
        for (const ActionSpec &spec : actionSpecs()) {
            if (takes(spec, option))
                commands.append(spec.words);
        }
        docs.append({option.name, option.valueName, commands});
    }
    return docs;
}

QStringList KeyCommand::commandNames()
{
    QStringList names;
    for (const ActionSpec &spec : actionSpecs())
        names.append(spec.words);
    return names;
}

Result<KeyCommand> KeyCommand::parse(const QStringList &arguments)
{
    const bool twoWords = arguments.first() == u"key" || arguments.first() == u"trust";
    if (twoWords && arguments.size() < 2)
        return Error{QStringLiteral("%1 needs a subcommand").arg(arguments.first())};
    const QString words = twoWords ? arguments.at(0) + u' ' + arguments.at(1) : arguments.at(0);
    const ActionSpec *spec = findAction(words);
    if (!spec)
        return Error{QStringLiteral("unknown command \"%1\"").arg(words)};

    KeyCommand command;
    command.action = spec->action;
    const QStringList rest = arguments.mid(twoWords ? 2 : 1);
    QCommandLineParser parser;
    addOptions(parser);
    // parse() wants the program name first; QCommandLineParser's own messages
    // are replaced by sbpeer's, which tests and scripts rely on.
    const bool parsed = parser.parse(QStringList{u"sbpeer"_s} + rest);
    if (!parsed) {
        if (auto refusal = parserRefusal(*spec, parser, rest))
            return *refusal;
    }
    ParseState state{command, {}};
    if (auto error = applyOptions(state, *spec, parser))
        return *error;
    if (!parsed) // not reached: applyOptions refuses the missing value
        return Error{parser.errorText()};
    command.operands = parser.positionalArguments();
    if (auto error = checkCombination(state, *spec))
        return *error;
    return command;
}
