// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QString>

#include <utility>

namespace sb {

// A peer's address as people write it: HOST:PORT, or [HOST]:PORT for an IPv6
// address. sbpeer's arguments, the app's --connect and its Connect and Listen
// dialogs all read addresses and ports here. Errors are clauses that name what
// was given ("the port \"x\" is not a number from 1 to 65535").
struct HostPort
{
    // Port 0 asks the system for any free port: only for listening.
    enum class ZeroPort { Refused, Allowed };

    QString host;
    quint16 port = 0;

    static Result<HostPort> parse(const QString &text, ZeroPort zero = ZeroPort::Refused);
    // text cut at its last colon (after "]" for [HOST]:PORT), unchecked.
    static Result<std::pair<QString, QString>> split(const QString &text);
    static Result<quint16> parsePort(const QString &text, ZeroPort zero = ZeroPort::Refused);
};

} // namespace sb
