// SPDX-License-Identifier: MIT
#include "hostport.h"

namespace sb {

Result<std::pair<QString, QString>> HostPort::split(const QString &text)
{
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u"]:");
        if (close < 0)
            return Error{QStringLiteral("\"%1\" is not [HOST]:PORT").arg(text)};
        return std::pair(text.mid(1, close - 1), text.mid(close + 2));
    }
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return Error{QStringLiteral("\"%1\" is not HOST:PORT").arg(text)};
    return std::pair(text.left(colon), text.mid(colon + 1));
}

Result<quint16> HostPort::parsePort(const QString &text, ZeroPort zero)
{
    const QString trimmed = text.trimmed();
    const uint lowest = zero == ZeroPort::Allowed ? 0 : 1;
    if (trimmed.isEmpty())
        return Error{
                QStringLiteral("the port is empty: enter a number from %1 to 65535").arg(lowest)};
    bool ok = false;
    const uint port = trimmed.toUInt(&ok);
    if (!ok || port > 65535 || port < lowest)
        return Error{QStringLiteral("the port \"%1\" is not a number from %2 to 65535")
                             .arg(trimmed)
                             .arg(lowest)};
    return quint16(port);
}

Result<HostPort> HostPort::parse(const QString &text, ZeroPort zero)
{
    auto parts = split(text);
    if (!parts)
        return parts.error();
    auto port = parsePort(parts->second, zero);
    if (!port)
        return Error{QStringLiteral("\"%1\": %2").arg(text, port.errorMessage())};
    if (parts->first.isEmpty())
        return Error{QStringLiteral("\"%1\" has no host").arg(text)};
    return HostPort{parts->first, port.value()};
}

} // namespace sb
