// SPDX-License-Identifier: MIT
#include "configuredcommand.h"
#include "difftool.h"
#include "keycommand.h"
#include "keytool.h"
#include "peerapp.h"
#include "peercommand.h"
#include "replaytool.h"
#include "servicenotifier.h"
#include "unixsignalwatcher.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>

namespace {
QString usage()
{
    return PeerCommand::usage() + ConfiguredCommand::usage() + KeyCommand::usage();
}

int usageError(const QString &message)
{
    std::fprintf(stderr, "sbpeer: %s\n\n%s", qPrintable(message), qPrintable(usage()));
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sbpeer"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SCUTTLESCOPE_VERSION));

    const QStringList arguments = app.arguments().mid(1);
    if (arguments.contains(QStringLiteral("--help")) || arguments.contains(QStringLiteral("-h"))) {
        std::fputs(qPrintable(usage()), stdout);
        return 0;
    }
    if (arguments.contains(QStringLiteral("--version"))) {
        std::printf("sbpeer %s\n", SCUTTLESCOPE_VERSION);
        return 0;
    }
    if (DiffTool::handles(arguments))
        return DiffTool::run(arguments);
    if (ReplayTool::handles(arguments))
        return ReplayTool::run(arguments);
    if (KeyCommand::handles(arguments)) {
        const auto command = KeyCommand::parse(arguments);
        if (!command)
            return usageError(command.errorMessage());
        return KeyTool(command.value()).run();
    }
    const auto command = ConfiguredCommand::parse(arguments);
    if (!command) {
        if (!ConfiguredCommand::usesConfig(arguments))
            return usageError(command.errorMessage());
        std::fprintf(stderr, "sbpeer: %s\n", qPrintable(command.errorMessage()));
        return 2;
    }

    // A file size limit (ulimit -f) then shows as a write error instead of killing us.
    std::signal(SIGXFSZ, SIG_IGN);
    UnixSignalWatcher signalWatcher;
    PeerApp peer(command.value());
    ServiceNotifier serviceNotifier;
    QObject::connect(&peer, &PeerApp::listening, &serviceNotifier,
                     &ServiceNotifier::notifyListening);
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &serviceNotifier,
                     &ServiceNotifier::notifyStopping);
    QObject::connect(&signalWatcher, &UnixSignalWatcher::signalReceived, &peer, &PeerApp::shutdown);
    QObject::connect(&peer, &PeerApp::finished, &app, &QCoreApplication::exit,
                     Qt::QueuedConnection);
    peer.start();
    return app.exec();
}
