// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <functional>

class QCommandLineParser;

// What sbpeer's three option tables (serve/sync/connect, the key commands and
// diff) share: reading QCommandLineParser's refusals in sbpeer's words, and
// laying out --help within 80 columns.
namespace CommandLine {

// The option an argument names: "--bits=256" and "-bits" name "bits".
QString optionName(const QString &argument);
// The first argument naming an option the parser did not know, as given but
// without its value ("--passphrase=secret" gives "--passphrase", so that a
// secret is never echoed); empty when every option was known.
QString firstUnknownOption(const QCommandLineParser &parser, const QStringList &arguments);
// The first "--name=value" whose name isFlag says takes no value; empty when none.
QString firstFlagGivenAValue(const QStringList &arguments,
                             const std::function<bool(const QString &name)> &isFlag);

// text's words in lines of at most width characters.
QStringList wrappedWords(const QString &text, qsizetype width);
// A paragraph indented by indent, within 80 columns.
QString paragraph(const QString &text, qsizetype indent);
// A --help entry within 80 columns: the heading, and the help beside it from
// column 24, or below it when the heading is too long to leave room.
QString helpEntry(const QString &heading, const QString &help);

} // namespace CommandLine
