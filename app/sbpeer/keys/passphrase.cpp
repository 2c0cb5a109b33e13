// SPDX-License-Identifier: MIT
#include "passphrase.h"

#include <QFile>

#include <cstdio>

#include <termios.h>
#include <unistd.h>

using namespace sb;

namespace Passphrase {

namespace {
constexpr qsizetype kMaxLength = 4096;

// One byte at a time, so that nothing after the first line is taken from
// stdin: `sbpeer connect --stdin --passphrase-file -` reads commands after it.
QByteArray readStdinLine()
{
    QByteArray line;
    char byte = 0;
    while (line.size() <= kMaxLength && ::read(STDIN_FILENO, &byte, 1) == 1 && byte != '\n')
        line.append(byte);
    return line;
}

QByteArray readTerminalLine(const QString &prompt)
{
    std::fprintf(stderr, "%s: ", qPrintable(prompt));
    std::fflush(stderr);
    termios saved{};
    const bool echoOff = ::tcgetattr(STDIN_FILENO, &saved) == 0;
    if (echoOff) {
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
    QByteArray line = readStdinLine();
    if (echoOff)
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
    return line;
}
} // namespace

Result<QByteArray> read(const QString &path, const QString &prompt)
{
    QByteArray line;
    QString origin = path;
    if (path == u"-") {
        origin = QStringLiteral("standard input");
        line = ::isatty(STDIN_FILENO) ? readTerminalLine(prompt) : readStdinLine();
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("%1: cannot read the passphrase: %2")
                                 .arg(path, file.errorString())};
        line = file.readLine(kMaxLength + 2);
        if (line.endsWith('\n'))
            line.chop(1);
    }
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > kMaxLength) {
        wipe(line);
        return Error{QStringLiteral("%1: the passphrase is longer than %2 bytes")
                             .arg(origin)
                             .arg(kMaxLength)};
    }
    if (line.isEmpty())
        return Error{QStringLiteral("%1: no passphrase on its first line").arg(origin)};
    return line;
}

void wipe(QByteArray &passphrase)
{
    if (!passphrase.isEmpty())
        passphrase.fill('\0');
    passphrase.clear();
}

} // namespace Passphrase
