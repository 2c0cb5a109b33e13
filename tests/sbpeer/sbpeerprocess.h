// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <functional>

// Runs the sbpeer binary (SBPEER_PATH) as a script would: to its end, or
// serving until the test is done with it. Shared by the tests of sbpeer's
// commands so that each reads as what it checks.
namespace SbpeerProcess {

struct Finished
{
    int exitCode = -1; // -1: did not start, crashed or hung
    QByteArray out;
    QByteArray err;
    qint64 elapsedMs = 0;
};

// Runs `sbpeer ARGUMENTS` with input on stdin to its end (killed after 60 s).
// prepare, when given, sets the process up before it starts (environment,
// working directory, a child-process modifier).
Finished run(const QStringList &arguments, const QByteArray &input = {},
             const std::function<void(QProcess &)> &prepare = {});

// Waits until the process prints a whole line that starts with prefix and
// returns it; empty when it ends or 20 s pass first. buffer keeps all output.
QByteArray waitForLine(QProcess &process, QByteArray &buffer, const QByteArray &prefix);

// Starts `sbpeer serve ARGUMENTS` and waits for "listening HOST:PORT";
// returns HOST:PORT, or empty when it did not listen.
QString startServing(QProcess &server, const QStringList &arguments);

} // namespace SbpeerProcess
