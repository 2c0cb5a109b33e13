// SPDX-License-Identifier: MIT
#include "sbpeercli.h"

#include "sbpeerprocess.h"

#include <QFile>
#include <QProcess>

namespace SbpeerCli {

namespace {
QStringList lines(const QByteArray &bytes)
{
    QStringList result = QString::fromUtf8(bytes).split(u'\n');
    result.removeAll(QString());
    return result;
}
} // namespace

Outcome run(const QString &home, const QStringList &arguments, const QByteArray &input,
            const QString &workingDirectory)
{
    const SbpeerProcess::Finished finished = SbpeerProcess::run(
            arguments, input, [&](QProcess &process) {
                QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                environment.insert(QStringLiteral("HOME"), home + QStringLiteral("/home"));
                environment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
                process.setProcessEnvironment(environment);
                process.setWorkingDirectory(workingDirectory.isEmpty() ? home : workingDirectory);
            });
    Outcome outcome;
    outcome.exitCode = finished.exitCode;
    outcome.out = finished.out;
    outcome.outLines = lines(finished.out);
    outcome.errLines = lines(finished.err);
    return outcome;
}

QStringList words(const QString &text, const QStringList &values)
{
    QStringList result = text.split(u' ', Qt::SkipEmptyParts);
    for (QString &word : result) {
        if (word.startsWith(u'%'))
            word = values.value(word.mid(1).toInt() - 1);
    }
    return result;
}

QHash<QString, QString> fields(const QStringList &lines)
{
    QHash<QString, QString> result;
    for (const QString &line : lines)
        result.insert(line.section(u' ', 0, 0), line.section(u' ', 1));
    return result;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QString sshKeygen(const QString &file, int bits)
{
    QProcess process;
    process.start(QStringLiteral(SSH_KEYGEN),
                  words(QStringLiteral("-q -t rsa -b %1 -m PEM -N %2 -f %3"),
                        {QString::number(bits), QString(), file}));
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return QStringLiteral("ssh-keygen -b %1 failed: %2")
                .arg(bits)
                .arg(QString::fromUtf8(process.readAllStandardError()));
    process.start(QStringLiteral(SSH_KEYGEN),
                  words(QStringLiteral("-e -m PEM -f %1"), {file + QStringLiteral(".pub")}));
    if (!process.waitForFinished(60000) || process.exitCode() != 0)
        return QStringLiteral("ssh-keygen -e failed");
    if (!writeFile(file + QStringLiteral(".pem"), process.readAllStandardOutput()))
        return QStringLiteral("%1.pem: cannot write").arg(file);
    return {};
}

} // namespace SbpeerCli
