// SPDX-License-Identifier: MIT
#include "documentmanager.h"
#include "keyring.h"
#include "mainwindow.h"
#include "replicasession.h"
#include "startupoptions.h"

#include <QApplication>
#include <QProcess>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication::setOrganizationName(QStringLiteral("Scuttlescope"));
    QApplication::setApplicationName(QStringLiteral("scuttlescope"));
    QApplication::setApplicationVersion(QStringLiteral(SCUTTLESCOPE_VERSION));

    // Options first: --help, --version and mistakes need no display.
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const auto options = StartupOptions::parse(arguments);
    if (!options) {
        std::fprintf(stderr, "scuttlescope: %s\nTry 'scuttlescope --help'.\n",
                     qPrintable(options.errorMessage()));
        return 2;
    }
    if (options->showHelp) {
        std::fputs(qPrintable(StartupOptions::helpText()), stdout);
        return 0;
    }
    if (options->showVersion) {
        std::printf("scuttlescope %s\n", SCUTTLESCOPE_VERSION);
        return 0;
    }

    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("Scuttlescope"));
    ReplicaSession session;
    KeyRing keyRing;
    session.setTrustList(keyRing.trustList());
    QObject::connect(&keyRing, &KeyRing::trustChanged, &session,
                     &ReplicaSession::notifyTrustChanged);
    DocumentManager documents(&session);
    MainWindow window(&session, &documents, &keyRing);
    window.show();

    // Peers wait for the default replica: it loads while the window shows.
    QObject::connect(
            &session, &ReplicaSession::replicaChanged, &app,
            [&session, startup = options.value()]() mutable {
                if (startup.listen) {
                    const auto listen = *std::exchange(startup.listen, std::nullopt);
                    if (auto error = session.listen(listen.address, listen.port)) {
                        std::fprintf(stderr, "scuttlescope: %s\n", qPrintable(*error));
                        QCoreApplication::exit(1);
                        return;
                    }
                    // Scripts that asked for port 0 learn the port here.
                    std::printf("listening %s\n", qPrintable(session.listenAddress()));
                    std::fflush(stdout);
                }
                for (const PeerSpec &spec : std::exchange(startup.connect, {}))
                    session.connectToPeer(spec);
            },
            Qt::QueuedConnection);
    if (options->files.isEmpty()) {
        documents.openDefault();
    } else {
        // One replica per window: each further file gets a window (and a
        // process) of its own, as a second launch from a file manager does.
        window.openDocument(options->files.constFirst());
        for (const QString &file : options->files.mid(1))
            QProcess::startDetached(QCoreApplication::applicationFilePath(), {file});
    }
    return app.exec();
}
