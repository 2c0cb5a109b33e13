// SPDX-License-Identifier: MIT
#include "sbpeerprocess.h"

#include <QElapsedTimer>
#include <QTest>

namespace SbpeerProcess {

Finished run(const QStringList &arguments, const QByteArray &input,
             const std::function<void(QProcess &)> &prepare)
{
    QProcess process;
    if (prepare)
        prepare(process);
    QElapsedTimer clock;
    clock.start();
    process.start(QStringLiteral(SBPEER_PATH), arguments);
    Finished result;
    if (!process.waitForStarted(10000))
        return result;
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        return result;
    }
    result.elapsedMs = clock.elapsed();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray waitForLine(QProcess &process, QByteArray &buffer, const QByteArray &prefix)
{
    QByteArray found;
    if (!process.waitForStarted())
        return found;
    (void)QTest::qWaitFor(
            [&] {
                buffer += process.readAllStandardOutput();
                for (const QByteArray &line : buffer.split('\n')) {
                    if (line.startsWith(prefix) && buffer.contains(line + '\n')) {
                        found = line;
                        return true;
                    }
                }
                return process.state() == QProcess::NotRunning;
            },
            20000);
    return found;
}

QString startServing(QProcess &server, const QStringList &arguments)
{
    server.start(QStringLiteral(SBPEER_PATH), QStringList{QStringLiteral("serve")} + arguments);
    QByteArray out;
    const QByteArray listening = waitForLine(server, out, "listening ");
    return QString::fromUtf8(listening.mid(qsizetype(sizeof("listening ")) - 1));
}

} // namespace SbpeerProcess
