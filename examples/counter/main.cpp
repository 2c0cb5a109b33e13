// SPDX-License-Identifier: MIT
// sbcounter: the Counter example type, replicated with any scuttlebutt peer.
//
//   sbcounter [--id ID] [--add N] [--file PATH] [HOST:PORT]
//
// Adds N (if given) to this replica's count, kept in PATH when given, syncs
// with the peer at HOST:PORT when given, and prints the counter's value.
// Exit status 0, or 2 with a message on stderr.

#include "counter.h"
#include "dialer.h"
#include "hostport.h"
#include "replicafile.h"
#include "replicatypes.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <memory>

namespace {

void finish(int status, const QString &message = {})
{
    if (!message.isEmpty())
        std::fprintf(stderr, "sbcounter: %s\n", qPrintable(message));
    QCoreApplication::exit(status);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QStringLiteral("A grow-only counter replicated over scuttlebutt"));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("id"), QStringLiteral("Replica id."), QStringLiteral("ID")});
    parser.addOption({QStringLiteral("add"), QStringLiteral("Add N to this replica's count."),
                      QStringLiteral("N")});
    parser.addOption({QStringLiteral("file"), QStringLiteral("Keep the counter in this file."),
                      QStringLiteral("PATH")});
    parser.addPositionalArgument(QStringLiteral("peer"), QStringLiteral("HOST:PORT to sync with."));
    parser.process(app);

    // The one step that makes sblib's files and tools know the type.
    sb::ReplicaTypes::add({QString(Counter::kTypeName), QStringLiteral("grow-only counter"),
                           [](const QString &id) { return std::make_unique<Counter>(id); }});

    std::optional<sb::HostPort> peer;
    if (!parser.positionalArguments().isEmpty()) {
        auto parsed = sb::HostPort::parse(parser.positionalArguments().constFirst());
        if (!parsed) {
            std::fprintf(stderr, "sbcounter: %s\n", qPrintable(parsed.errorMessage()));
            return 2;
        }
        peer = *parsed;
    }
    bool addOk = true;
    const qint64 amount = parser.isSet(QStringLiteral("add"))
            ? parser.value(QStringLiteral("add")).toLongLong(&addOk)
            : 0;
    if (!addOk) {
        std::fprintf(stderr, "sbcounter: --add takes a whole number\n");
        return 2;
    }

    std::unique_ptr<Counter> memory;
    std::unique_ptr<sb::ReplicaFile> file;
    std::unique_ptr<sb::Dialer> dialer;
    Counter *counter = nullptr;

    const auto done = [&] {
        std::printf("%lld\n", static_cast<long long>(counter->value()));
        if (file) {
            QObject::connect(file.get(), &sb::ReplicaFile::closed, &app, [] { finish(0); });
            file->close();
        } else {
            finish(0);
        }
    };
    const auto start = [&] {
        if (amount != 0) {
            if (auto added = counter->add(amount); !added)
                return finish(2, added.errorMessage());
        }
        if (!peer)
            return done();
        sb::StreamOptions options;
        options.tail = false;
        dialer = std::make_unique<sb::Dialer>(counter, peer->host, peer->port, options);
        QObject::connect(dialer.get(), &sb::Dialer::streamCreated, &app, [&](sb::Stream *stream) {
            QObject::connect(stream, &sb::Stream::synced, &app, done);
        });
        QObject::connect(dialer.get(), &sb::Dialer::errorOccurred, &app,
                         [](const QString &message) { finish(2, message); });
        dialer->open();
    };

    if (parser.isSet(QStringLiteral("file"))) {
        sb::ReplicaFileOptions options;
        options.type = Counter::kTypeName;
        options.id = parser.value(QStringLiteral("id"));
        file = std::make_unique<sb::ReplicaFile>(parser.value(QStringLiteral("file")), options);
        QObject::connect(file.get(), &sb::ReplicaFile::failed, &app,
                         [](const sb::ReplicaFileError &error) { finish(2, error.message()); });
        QObject::connect(file.get(), &sb::ReplicaFile::loaded, &app, [&] {
            counter = static_cast<Counter *>(file->replica());
            start();
        });
        file->open();
    } else {
        memory = std::make_unique<Counter>(parser.value(QStringLiteral("id")));
        counter = memory.get();
        start();
    }
    return app.exec();
}
