// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

// A settings file of sbpeer (serve --config FILE; the systemd unit's
// /etc/sbpeer/NAME.conf). Each line "name = value" stands for the command-line
// option "--name value" and a line "name" alone for the flag "--name"; blank
// lines and lines starting with # are skipped. The file is turned into options
// rather than settings of its own, so that every option sbpeer has, now or
// later, can be set in it and is checked by the same parser with the same
// messages (ConfiguredCommand). Syntax errors name the file and the line.
class ConfigFile
{
public:
    struct Line
    {
        int number = 0;
        QStringList arguments; // {"--name", "value"} or {"--name"}
    };

    // Reads path; an error names the file and, for a bad line, the line.
    static sb::Result<ConfigFile> read(const QString &path);
    // The same for text already read; path is only for messages.
    static sb::Result<ConfigFile> parse(const QByteArray &text, const QString &path);

    QString path() const { return m_path; }
    const QList<Line> &lines() const { return m_lines; }
    // The options of the first count lines (all lines when count is -1), in order.
    QStringList arguments(qsizetype count = -1) const;
    // "PATH:NUMBER", for messages about a line.
    QString where(const Line &line) const;

private:
    QString m_path;
    QList<Line> m_lines;
};
