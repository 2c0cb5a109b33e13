// SPDX-License-Identifier: MIT
#include "startupoptions.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

using namespace sb;

namespace {
struct Parser
{
    QCommandLineParser parser;
    QCommandLineOption listen{
            QStringList{QStringLiteral("listen")},
            QCoreApplication::translate("StartupOptions",
                                        "Accept peers on PORT (all interfaces) or HOST:PORT; "
                                        "0 picks a free port."),
            QStringLiteral("[HOST:]PORT")};
    QCommandLineOption connect{
            QStringList{QStringLiteral("connect")},
            QCoreApplication::translate("StartupOptions",
                                        "Dial the peer at HOST:PORT and keep replicating "
                                        "with it (repeatable)."),
            QStringLiteral("HOST:PORT")};
    QCommandLineOption help{QStringList{QStringLiteral("h"), QStringLiteral("help")},
                            QCoreApplication::translate("StartupOptions", "Show this help.")};
    QCommandLineOption version{QStringList{QStringLiteral("version")},
                               QCoreApplication::translate("StartupOptions", "Show the version.")};

    Parser()
    {
        parser.setApplicationDescription(QCoreApplication::translate(
                "StartupOptions",
                "Inspect and edit scuttlebutt replicas, connect to peers and "
                "watch them sync."));
        parser.addOptions({listen, connect, help, version});
        parser.addPositionalArgument(
                QStringLiteral("FILE"),
                QCoreApplication::translate(
                        "StartupOptions",
                        "Replica files (.sbreplica) or traces (.sbtrace) to open; each "
                        "file after the first opens in a window of its own."),
                QStringLiteral("[FILE...]"));
    }
};
} // namespace

Result<StartupOptions::Listen> StartupOptions::parseListen(const QString &text)
{
    Listen listen;
    listen.address = QHostAddress(QHostAddress::Any);
    QString portText = text;
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon >= 0) {
        QString host = text.left(colon);
        if (host.startsWith(u'[') && host.endsWith(u']'))
            host = host.mid(1, host.size() - 2);
        if (host == u"localhost")
            listen.address = QHostAddress(QHostAddress::LocalHost);
        else if (!host.isEmpty() && host != u"*")
            listen.address = QHostAddress(host);
        if (listen.address.isNull())
            return Error{QCoreApplication::translate("StartupOptions",
                                                     "--listen: \"%1\" is not an IP address")
                                 .arg(host)};
        portText = text.mid(colon + 1);
    }
    auto port = PeerSpec::parsePort(portText, true);
    if (!port)
        return Error{QStringLiteral("--listen: %1").arg(port.errorMessage())};
    listen.port = port.value();
    return listen;
}

Result<StartupOptions> StartupOptions::parse(const QStringList &arguments)
{
    Parser p;
    if (!p.parser.parse(arguments))
        return Error{p.parser.errorText()};
    StartupOptions options;
    for (const QString &file : p.parser.positionalArguments()) {
        const QFileInfo info(file);
        if (!info.exists())
            return Error{
                    QCoreApplication::translate("StartupOptions", "%1: no such file").arg(file)};
        if (info.isDir())
            return Error{QCoreApplication::translate("StartupOptions",
                                                     "%1: a directory, not a replica file or trace")
                                 .arg(file)};
        options.files.append(info.absoluteFilePath());
    }
    options.showHelp = p.parser.isSet(p.help);
    options.showVersion = p.parser.isSet(p.version);
    const QStringList listens = p.parser.values(p.listen);
    if (listens.size() > 1)
        return Error{
                QCoreApplication::translate("StartupOptions", "--listen given more than once")};
    if (!listens.isEmpty()) {
        auto listen = parseListen(listens.constFirst());
        if (!listen)
            return listen.error();
        options.listen = listen.value();
    }
    for (const QString &address : p.parser.values(p.connect)) {
        auto spec = PeerSpec::fromAddress(address);
        if (!spec)
            return Error{QStringLiteral("--connect %1").arg(spec.errorMessage())};
        options.connect.append(spec.value());
    }
    return options;
}

bool StartupOptions::isTrace(const QString &fileName)
{
    if (fileName.endsWith(QLatin1String(".sbtrace"), Qt::CaseInsensitive))
        return true;
    QFile file(fileName);
    return file.open(QIODevice::ReadOnly) && file.peek(11) == "{\"sbtrace\":";
}

QString StartupOptions::helpText()
{
    QString text = Parser().parser.helpText();
    // Without a QCoreApplication yet, Qt cannot name the executable itself.
    text.replace(QStringLiteral("<executable_name>"), QStringLiteral("scuttlescope"));
    return text;
}
