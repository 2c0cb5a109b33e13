// SPDX-License-Identifier: MIT
#include "commandline.h"

#include <QCommandLineParser>

namespace CommandLine {

QString optionName(const QString &argument)
{
    const qsizetype dashes = argument.startsWith(u"--") ? 2 : 1;
    return argument.mid(dashes).section(u'=', 0, 0);
}

QString firstUnknownOption(const QCommandLineParser &parser, const QStringList &arguments)
{
    const QStringList unknown = parser.unknownOptionNames();
    for (const QString &argument : arguments) {
        if (argument.startsWith(u'-') && unknown.contains(optionName(argument)))
            return argument.section(u'=', 0, 0);
    }
    return {};
}

QString firstFlagGivenAValue(const QStringList &arguments,
                             const std::function<bool(const QString &name)> &isFlag)
{
    for (const QString &argument : arguments) {
        if (argument.startsWith(u'-') && argument.contains(u'=') && isFlag(optionName(argument)))
            return argument;
    }
    return {};
}

QStringList wrappedWords(const QString &text, qsizetype width)
{
    QStringList lines;
    QString line;
    for (const QString &word : text.split(u' ', Qt::SkipEmptyParts)) {
        if (!line.isEmpty() && line.size() + 1 + word.size() > width) {
            lines.append(line);
            line.clear();
        }
        line += (line.isEmpty() ? QString() : QStringLiteral(" ")) + word;
    }
    if (!line.isEmpty())
        lines.append(line);
    return lines;
}

QString paragraph(const QString &text, qsizetype indent)
{
    QString out;
    for (const QString &line : wrappedWords(text, 80 - indent))
        out += QString(indent, u' ') + line + u'\n';
    return out;
}

QString helpEntry(const QString &heading, const QString &help)
{
    constexpr qsizetype kHelpColumn = 24;
    const QStringList lines = wrappedWords(help, 80 - kHelpColumn);
    QString out;
    qsizetype first = 0;
    if (heading.size() < kHelpColumn - 1 && !lines.isEmpty()) {
        out = heading.leftJustified(kHelpColumn) + lines.first() + u'\n';
        first = 1;
    } else {
        out = heading + u'\n';
    }
    for (qsizetype i = first; i < lines.size(); ++i)
        out += QString(kHelpColumn, u' ') + lines.at(i) + u'\n';
    return out;
}

} // namespace CommandLine
