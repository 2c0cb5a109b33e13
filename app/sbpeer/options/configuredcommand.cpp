// SPDX-License-Identifier: MIT
#include "configuredcommand.h"

#include "configfile.h"

using namespace sb;

namespace {
const QString kConfigOption = QStringLiteral("--config");
} // namespace

QString ConfiguredCommand::usage()
{
    return QStringLiteral(
            "config file:\n"
            "  --config FILE         serve, sync, connect: read options from FILE, a line\n"
            "                        'name = value' for each --name value, 'name' alone for a\n"
            "                        flag, # comments; they stand where --config stands, so\n"
            "                        later options win (sbpeer@NAME.service reads\n"
            "                        /etc/sbpeer/NAME.conf). A bad line is an error naming\n"
            "                        the file and line, and sbpeer does not start\n"
            "\n");
}

bool ConfiguredCommand::usesConfig(const QStringList &arguments)
{
    return arguments.contains(kConfigOption);
}

Result<PeerCommand> ConfiguredCommand::parse(const QStringList &arguments)
{
    const qsizetype at = arguments.indexOf(kConfigOption);
    if (at < 0)
        return PeerCommand::parse(arguments);
    if (at == 0)
        return Error{
                QStringLiteral("--config comes after the command: sbpeer serve --config FILE")};
    if (at + 1 >= arguments.size() || arguments.at(at + 1).isEmpty())
        return Error{QStringLiteral("--config needs a file")};
    if (arguments.indexOf(kConfigOption, at + 2) >= 0)
        return Error{QStringLiteral("--config is given twice; one config file at a time")};

    const auto config = ConfigFile::read(arguments.at(at + 1));
    if (!config)
        return config.error();
    const QStringList before = arguments.mid(0, at);
    const QStringList after = arguments.mid(at + 2);
    auto withLines = [&](qsizetype count) {
        return PeerCommand::parse(before + config->arguments(count) + after);
    };

    auto command = withLines(-1);
    if (command)
        return command;
    // Which line brought the error: the first that, with the lines before it and
    // the rest of the command line, makes the parser say the same. One that the
    // command line alone makes too is not the file's.
    const QString message = command.errorMessage();
    if (PeerCommand::parse(before + after).errorMessage() == message)
        return command;
    const QList<ConfigFile::Line> &lines = config->lines();
    for (qsizetype count = 1; count <= lines.size(); ++count) {
        if (withLines(count).errorMessage() != message)
            continue;
        const ConfigFile::Line &line = lines.at(count - 1);
        QString hint;
        if (line.arguments.size() == 2 && message.startsWith(QStringLiteral("unexpected argument")))
            hint = QStringLiteral(" (if %1 is a flag, write it alone on its line: \"%1\")")
                           .arg(line.arguments.first().mid(2));
        return Error{QStringLiteral("%1: %2%3").arg(config->where(line), message, hint)};
    }
    return Error{QStringLiteral("%1: %2").arg(config->path(), message)};
}
