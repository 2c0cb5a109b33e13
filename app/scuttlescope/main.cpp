#include "appsettings.h"
#include "mainwindow.h"
#include "replicasession.h"
#include "startupoptions.h"

#include <QApplication>

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
    session.newReplica(sb::Scuttlebutt::Kind::Model, AppSettings::replicaId());
    MainWindow window(&session);
    window.show();

    if (options->listen) {
        if (auto error = session.listen(options->listen->address, options->listen->port)) {
            std::fprintf(stderr, "scuttlescope: %s\n", qPrintable(*error));
            return 1;
        }
        // Scripts that asked for port 0 learn the port here.
        std::printf("listening %s\n", qPrintable(session.listenAddress()));
        std::fflush(stdout);
    }
    for (const PeerSpec &spec : options->connect)
        session.connectToPeer(spec);
    return app.exec();
}
