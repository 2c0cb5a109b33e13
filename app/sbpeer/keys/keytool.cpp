// SPDX-License-Identifier: MIT
#include "keytool.h"

#include "keyaccess.h"
#include "passphrase.h"
#include "tlsidentity.h"
#include "trustlist.h"

#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>

#include <cstdio>

using namespace sb;

namespace {
void print(const QString &line)
{
    std::fputs(qPrintable(line + u'\n'), stdout);
}

int failure(const QString &message)
{
    std::fputs(qPrintable(QStringLiteral("sbpeer: %1\n").arg(message)), stderr);
    return 1;
}

int failure(const Error &error)
{
    return failure(error.message);
}

std::optional<Error> checkName(const QString &name, const QString &what)
{
    if (KeyStore::isValidName(name))
        return std::nullopt;
    return Error{
            QStringLiteral("\"%1\" is not a usable %2 name: up to 64 letters, digits, '.', '_' "
                           "or '-', not starting with '.'")
                    .arg(name, what)};
}

void printKey(const QString &name, const PublicKey &key)
{
    print(QStringLiteral("name %1").arg(name));
    print(QStringLiteral("algorithm %1").arg(key.algorithmName()));
    print(QStringLiteral("id %1").arg(key.sourceId()));
    print(QStringLiteral("fingerprint %1").arg(key.fingerprint()));
}

// "ab:cd..." or 64 hex digits, or a PEM certificate file: the fingerprint as
// TlsIdentity writes it (colon-separated upper-case pairs).
Result<QString> certificateFingerprint(const QString &text)
{
    if (const std::optional<QString> fingerprint = TrustList::certificateFingerprint(text))
        return *fingerprint;
    if (!QFileInfo(text).isFile())
        return Error{QStringLiteral("\"%1\" is neither a SHA-256 certificate fingerprint (64 hex "
                                    "digits, colons between pairs optional) nor a certificate file")
                             .arg(text)};
    QFile file(text);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: cannot read: %2").arg(text, file.errorString())};
    const QSslCertificate certificate(file.readAll(), QSsl::Pem);
    if (certificate.isNull())
        return Error{QStringLiteral("%1: not a PEM certificate").arg(text)};
    return TlsIdentity::fingerprintOf(certificate);
}
} // namespace

KeyTool::KeyTool(const KeyCommand &command)
    : m_command(command),
      m_store(command.keyDirectory.isEmpty() ? KeyStore::defaultDirectory() : command.keyDirectory)
{ }

int KeyTool::run()
{
    switch (m_command.action) {
    case KeyCommand::Action::Generate:
        return generate();
    case KeyCommand::Action::Import:
        return importKey();
    case KeyCommand::Action::Export:
        return exportKey();
    case KeyCommand::Action::List:
        return listKeys();
    case KeyCommand::Action::Remove:
        return removeKey();
    case KeyCommand::Action::TrustAdd:
        return trustKey();
    case KeyCommand::Action::TrustRemove:
        return untrust();
    case KeyCommand::Action::TrustList:
        return listTrust();
    case KeyCommand::Action::PinCertificate:
        return pinCertificate();
    case KeyCommand::Action::TlsCertificate:
        return makeTlsCertificate();
    }
    return 1;
}

QString KeyTool::trustListPath() const
{
    return KeyAccess::trustListPath(m_store, m_command.trustFile);
}

int KeyTool::saveKey(const QString &name, const KeyPair &key)
{
    QByteArray passphrase;
    if (!m_command.passphraseFile.isEmpty()) {
        auto read = Passphrase::read(m_command.passphraseFile,
                                     QStringLiteral("passphrase for the new key %1").arg(name));
        if (!read)
            return failure(read.error());
        passphrase = std::move(read).value();
    }
    const auto saved = m_store.save(name, key, passphrase);
    Passphrase::wipe(passphrase);
    if (!saved)
        return failure(saved.error());
    printKey(name, key.publicKey());
    return 0;
}

int KeyTool::generate()
{
    const QString name = m_command.operands.at(0);
    if (const auto error = checkName(name, QStringLiteral("key")))
        return failure(*error);
    if (m_store.contains(name))
        return failure(QStringLiteral("key \"%1\" already exists in %2; choose another name or "
                                      "remove it first (sbpeer key remove %1)")
                               .arg(name, m_store.directory()));
    if (m_command.algorithm == PublicKey::Algorithm::Rsa && m_command.rsaBits > 16384)
        return failure(
                QStringLiteral("keygen %1: RSA keys of more than 16384 bits are not made here, "
                               "not %2")
                        .arg(name)
                        .arg(m_command.rsaBits));
    auto key = KeyPair::generate(m_command.algorithm, m_command.rsaBits);
    if (!key)
        return failure(QStringLiteral("keygen %1: %2").arg(name, key.errorMessage()));
    return saveKey(name, key.value());
}

int KeyTool::importKey()
{
    const QString name = m_command.operands.at(0);
    const QString path = m_command.operands.at(1);
    if (const auto error = checkName(name, QStringLiteral("key")))
        return failure(*error);
    if (m_store.contains(name))
        return failure(QStringLiteral("key \"%1\" already exists in %2; choose another name or "
                                      "remove it first (sbpeer key remove %1)")
                               .arg(name, m_store.directory()));
    if (!QFileInfo(path).isFile())
        return failure(QStringLiteral("%1: no such file").arg(path));
    // The passphrase opens the file and then locks the stored copy: read once.
    QByteArray passphrase;
    if (!m_command.passphraseFile.isEmpty()) {
        auto read = Passphrase::read(m_command.passphraseFile,
                                     QStringLiteral("passphrase for %1").arg(path));
        if (!read)
            return failure(read.error());
        passphrase = std::move(read).value();
    }
    auto key = KeyAccess::readKeyPair(path, passphrase, !passphrase.isEmpty());
    const Result<void> saved
            = key ? m_store.save(name, key.value(), passphrase) : Result<void>(key.error());
    Passphrase::wipe(passphrase);
    if (!saved)
        return failure(saved.error());
    printKey(name, key->publicKey());
    return 0;
}

int KeyTool::exportKey()
{
    const QString name = m_command.operands.at(0);
    if (const auto error = checkName(name, QStringLiteral("key")))
        return failure(*error);
    if (!m_store.contains(name))
        return failure(KeyAccess::unknownKey(m_store, name));
    QByteArray pem;
    if (m_command.exportPrivate) {
        auto key = KeyAccess::loadKeyPair(m_store, name, m_command.passphraseFile);
        if (!key)
            return failure(key.error());
        pem = key->privateKeyPem();
    } else {
        auto key = m_store.loadPublic(name);
        if (!key)
            return failure(key.error());
        pem = key->pem();
    }
    std::fwrite(pem.constData(), 1, size_t(pem.size()), stdout);
    return 0;
}

int KeyTool::listKeys()
{
    const QStringList names = m_store.names();
    if (names.isEmpty()) {
        std::fputs(qPrintable(QStringLiteral("sbpeer: no keys in %1\n").arg(m_store.directory())),
                   stderr);
        return 0;
    }
    int status = 0;
    for (const QString &name : names) {
        auto key = m_store.loadPublic(name);
        if (!key) {
            status = failure(QStringLiteral("key \"%1\": %2").arg(name, key.errorMessage()));
            continue;
        }
        print(QStringLiteral("%1 %2 %3 %4")
                      .arg(name, key->algorithmName(), key->sourceId(), key->fingerprint()));
    }
    return status;
}

int KeyTool::removeKey()
{
    const QString name = m_command.operands.at(0);
    if (const auto error = checkName(name, QStringLiteral("key")))
        return failure(*error);
    if (!m_store.contains(name))
        return failure(KeyAccess::unknownKey(m_store, name));
    if (!m_store.remove(name))
        return failure(QStringLiteral("%1/%2.key: cannot remove").arg(m_store.directory(), name));
    print(QStringLiteral("removed %1").arg(name));
    return 0;
}

int KeyTool::trustKey()
{
    const QString path = trustListPath();
    auto trust = KeyAccess::loadTrustList(path, false);
    if (!trust)
        return failure(trust.error());
    auto key = KeyAccess::loadPublicKey(m_store, m_command.operands.at(0));
    if (!key)
        return failure(key.error());
    const QString id = key->sourceId();
    if (!m_command.label.isEmpty()) {
        for (const TrustList::Entry &entry : trust->entries()) {
            if (entry.name == m_command.label && entry.sourceId != id)
                return failure(
                        QStringLiteral("%1: the name \"%2\" is already given to %3; choose another")
                                .arg(path, m_command.label, entry.sourceId));
        }
    }
    TrustList list = std::move(trust).value();
    QString label = m_command.label;
    if (label.isEmpty()) {
        if (const TrustList::Entry *known = list.find(id))
            label = known->name;
    }
    list.add(key.value(), label);
    if (const auto error = KeyAccess::saveTrustList(list, path))
        return failure(*error);
    print(QStringLiteral("id %1").arg(id));
    print(QStringLiteral("fingerprint %1").arg(key->fingerprint()));
    return 0;
}

int KeyTool::untrust()
{
    const QString path = trustListPath();
    auto trust = KeyAccess::loadTrustList(path, true);
    if (!trust)
        return failure(trust.error());
    const QString what = m_command.operands.at(0);
    TrustList list = std::move(trust).value();
    if (!list.remove(what))
        return failure(QStringLiteral("%1: no trusted key or pinned certificate matches \"%2\" "
                                      "(by id, name or fingerprint)")
                               .arg(path, what));
    if (const auto error = KeyAccess::saveTrustList(list, path))
        return failure(*error);
    print(QStringLiteral("removed %1").arg(what));
    return 0;
}

int KeyTool::listTrust()
{
    const QString path = trustListPath();
    auto trust = KeyAccess::loadTrustList(path, false);
    if (!trust)
        return failure(trust.error());
    for (const TrustList::Entry &entry : trust->entries()) {
        print(QStringLiteral("key %1 %2 %3 %4")
                      .arg(entry.sourceId, entry.key.algorithmName(), entry.key.fingerprint(),
                           entry.name)
                      .trimmed());
    }
    for (const TrustList::Pin &pin : trust->pins())
        print(QStringLiteral("cert %1 %2").arg(pin.fingerprint, pin.name).trimmed());
    if (trust->size() == 0 && trust->pins().isEmpty())
        std::fputs(qPrintable(QStringLiteral("sbpeer: %1 trusts no keys and pins no certificates\n")
                                      .arg(path)),
                   stderr);
    return 0;
}

int KeyTool::pinCertificate()
{
    const QString path = trustListPath();
    auto trust = KeyAccess::loadTrustList(path, false);
    if (!trust)
        return failure(trust.error());
    auto fingerprint = certificateFingerprint(m_command.operands.at(0));
    if (!fingerprint)
        return failure(fingerprint.error());
    TrustList list = std::move(trust).value();
    if (list.isPinned(fingerprint.value()) && !m_command.label.isEmpty())
        list.remove(fingerprint.value()); // pinned again under the new name
    list.pinCertificate(fingerprint.value(), m_command.label);
    if (const auto error = KeyAccess::saveTrustList(list, path))
        return failure(*error);
    print(QStringLiteral("pinned %1").arg(fingerprint.value()));
    return 0;
}

int KeyTool::makeTlsCertificate()
{
    const QString name = m_command.operands.at(0);
    if (const auto error = checkName(name, QStringLiteral("TLS identity")))
        return failure(*error);
    const QString certificatePath = m_store.directory() + u'/' + name + QStringLiteral(".crt");
    const QString keyPath = m_store.directory() + u'/' + name + QStringLiteral(".tlskey");
    if (QFileInfo::exists(certificatePath) || QFileInfo::exists(keyPath))
        return failure(
                QStringLiteral("%1: a TLS identity \"%2\" already exists; peers may have pinned "
                               "it, so it is not replaced (choose another name)")
                        .arg(certificatePath, name));
    if (const auto error = KeyAccess::makeFolder(m_store.directory()))
        return failure(*error);
    auto identity = TlsIdentity::generate(name);
    if (!identity)
        return failure(QStringLiteral("tls-cert %1: %2").arg(name, identity.errorMessage()));
    if (const auto saved = identity->save(certificatePath, keyPath); !saved)
        return failure(saved.error());
    print(QStringLiteral("fingerprint %1").arg(identity->fingerprint()));
    print(QStringLiteral("certificate %1").arg(certificatePath));
    return 0;
}
