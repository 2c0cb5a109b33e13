// SPDX-License-Identifier: MIT
#include "peerspec.h"

#include "format.h"
#include "hostport.h"
#include "jsoncodec.h"

#include <QCoreApplication>

using namespace sb;

namespace {
const QString kHost = QStringLiteral("host");
const QString kPort = QStringLiteral("port");
const QString kDialect = QStringLiteral("dialect");
const QString kMeta = QStringLiteral("meta");
const QString kName = QStringLiteral("name");
const QString kTlsIdentity = QStringLiteral("tlsIdentity");
} // namespace

QString PeerSpec::address() const
{
    return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                               : QStringLiteral("%1:%2").arg(host).arg(port);
}

QString PeerSpec::label() const
{
    return name.isEmpty() ? address() : name;
}

StreamOptions PeerSpec::streamOptions() const
{
    StreamOptions options;
    options.dialect = dialect;
    options.meta = meta;
    options.name = name.isEmpty() ? QString() : QStringLiteral("%1 (%2)").arg(name, address());
    return options;
}

QVariantMap PeerSpec::toVariant() const
{
    QVariantMap map;
    map.insert(kHost, host);
    map.insert(kPort, port);
    map.insert(kDialect, Dialect::choiceName(dialect));
    if (!meta.isUndefined())
        map.insert(kMeta, QString::fromUtf8(JsonCodec::stringify(meta)));
    if (!name.isEmpty())
        map.insert(kName, name);
    if (usesTls())
        map.insert(kTlsIdentity, tlsIdentity);
    return map;
}

std::optional<PeerSpec> PeerSpec::fromVariant(const QVariantMap &map)
{
    auto dialect = Dialect::parseChoice(map.value(kDialect).toString());
    auto spec = fromInput(map.value(kHost).toString(), map.value(kPort).toString(),
                          dialect ? dialect.value() : Dialect::Choice::Auto,
                          map.value(kMeta).toString(), map.value(kName).toString());
    if (!spec)
        return std::nullopt;
    spec.value().tlsIdentity = map.value(kTlsIdentity).toString();
    return spec.value();
}

Result<quint16> PeerSpec::parsePort(const QString &text, bool allowZero)
{
    auto port = HostPort::parsePort(
            text, allowZero ? HostPort::ZeroPort::Allowed : HostPort::ZeroPort::Refused);
    if (!port)
        return Error{Format::asSentence(port.errorMessage())};
    return port;
}

Result<PeerSpec> PeerSpec::fromInput(const QString &host, const QString &port,
                                     Dialect::Choice dialect, const QString &meta,
                                     const QString &name)
{
    PeerSpec spec;
    spec.host = host.trimmed();
    if (spec.host.startsWith(u'[') && spec.host.endsWith(u']'))
        spec.host = spec.host.mid(1, spec.host.size() - 2);
    if (spec.host.isEmpty())
        return Error{QCoreApplication::translate(
                "PeerSpec", "The host is empty: enter a name or an IP address.")};
    if (spec.host.contains(QLatin1Char(' ')))
        return Error{QCoreApplication::translate("PeerSpec", "The host \"%1\" contains a space.")
                             .arg(spec.host)};
    auto parsedPort = parsePort(port);
    if (!parsedPort)
        return parsedPort.error();
    spec.port = parsedPort.value();
    spec.dialect = dialect;
    if (!meta.trimmed().isEmpty()) {
        auto value = JsonCodec::parse(meta.toUtf8());
        if (!value)
            return Error{QCoreApplication::translate("PeerSpec", "The meta is not valid JSON: %1")
                                 .arg(value.errorMessage())};
        spec.meta = value.value();
    }
    spec.name = name.trimmed();
    return spec;
}

Result<PeerSpec> PeerSpec::fromAddress(const QString &text)
{
    const auto parts = HostPort::split(text);
    if (!parts)
        return parts.error();
    const auto &[host, port] = parts.value();
    auto spec = fromInput(host, port, Dialect::Choice::Auto, {}, {});
    if (!spec)
        return Error{QStringLiteral("\"%1\": %2").arg(text, spec.errorMessage())};
    return spec;
}
