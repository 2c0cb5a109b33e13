// SPDX-License-Identifier: MIT
#pragma once

#include "peercommand.h"
#include "result.h"

#include <QStringList>

// The sbpeer command line with its "--config FILE" read: the file's options
// (ConfigFile) stand where --config stood, so an option given after it wins over
// the file's and one given before it is overridden by the file (repeatable
// options such as --set add up). PeerCommand then parses the whole as one
// command line. When it refuses an option that came from the file, the message
// names the file and the line.
class ConfiguredCommand
{
public:
    // Without --config, the same as PeerCommand::parse(arguments).
    static sb::Result<PeerCommand> parse(const QStringList &arguments);
    // --config is among arguments: errors are then reported without the usage
    // text, one line for the journal.
    static bool usesConfig(const QStringList &arguments);
    static QString usage();
};
