// SPDX-License-Identifier: MIT
// A program of another project built against the installed sblib: a model and
// its JSON text (sbjson), a signature (OpenSSL), a listening server (Qt Network).
#include <sblib/keypair.h>
#include <sblib/model.h>
#include <sblib/server.h>

#include <QCoreApplication>
#include <QHostAddress>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);

    sb::Model model(QStringLiteral("consumer"));
    const auto set = model.set(QStringLiteral("greeting"), sb::JsonValue(QStringLiteral("hello")));
    if (!set) {
        std::fprintf(stderr, "sblib-consumer: not set: %s\n", qPrintable(set.errorMessage()));
        return 1;
    }

    const auto key = sb::KeyPair::generate(sb::PublicKey::Algorithm::Ed25519);
    if (!key) {
        std::fprintf(stderr, "sblib-consumer: no key: %s\n", qPrintable(key.errorMessage()));
        return 1;
    }
    const auto signature = key.value().sign(model.toJsonText());
    if (!signature) {
        std::fprintf(stderr, "sblib-consumer: no signature: %s\n",
                     qPrintable(signature.errorMessage()));
        return 1;
    }

    sb::Server server(&model, sb::StreamOptions());
    if (!server.listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        std::fprintf(stderr, "sblib-consumer: cannot listen: %s\n",
                     qPrintable(server.errorString()));
        return 1;
    }

    std::printf("%s signed listening\n", model.toJsonText().constData());
    return 0;
}
