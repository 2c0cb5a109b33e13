// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>
#include <QStringList>

// Runs the sbpeer binary as a user would, for the tests of its key, trust and
// TLS commands. HOME and XDG_DATA_HOME point into the test's own folder, so
// the default key store is never the user's.
namespace SbpeerCli {

struct Outcome
{
    int exitCode = -1; // -1: did not start, crashed or hung
    QByteArray out;
    QStringList outLines;
    QStringList errLines;
};

Outcome run(const QString &home, const QStringList &arguments, const QByteArray &input = {},
            const QString &workingDirectory = {});

// "trust add %1 --name x" as arguments, each "%N" word replaced by values[N-1]
// whole, so that paths may hold spaces.
QStringList words(const QString &text, const QStringList &values = {});

// "FIELD value" lines, as keygen, key import and trust add print them.
QHash<QString, QString> fields(const QStringList &lines);

QByteArray readAll(const QString &path);
bool writeFile(const QString &path, const QByteArray &bytes);

// FILE and FILE.pub from `ssh-keygen -t rsa -b BITS -m PEM`, and FILE.pem from
// `ssh-keygen -e -m PEM`: the original README's keys. Returns an error or nothing.
QString sshKeygen(const QString &file, int bits);

} // namespace SbpeerCli
