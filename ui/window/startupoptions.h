// SPDX-License-Identifier: MIT
#pragma once

#include "peerspec.h"
#include "result.h"

#include <QHostAddress>
#include <QList>
#include <QStringList>

#include <optional>

// The command line of the scuttlescope executable, checked and typed, so that
// scripts can start it already listening and dialing.
struct StartupOptions
{
    struct Listen
    {
        QHostAddress address;
        quint16 port = 0; // 0: any free port
    };

    std::optional<Listen> listen;
    QList<PeerSpec> connect; // --connect HOST:PORT, repeatable, in order
    // Replica files and traces to open, as a file manager passes them: the
    // first in this window, each further one in a window of its own.
    QStringList files;
    bool showHelp = false;
    bool showVersion = false;

    // Parses arguments, the program name first as in QCoreApplication::arguments().
    static sb::Result<StartupOptions> parse(const QStringList &arguments);
    // --listen PORT (all interfaces) or --listen HOST:PORT.
    static sb::Result<Listen> parseListen(const QString &text);
    static QString helpText();
    // Whether fileName is a trace (.sbtrace, or a file that begins like one)
    // rather than a replica file.
    static bool isTrace(const QString &fileName);
};
