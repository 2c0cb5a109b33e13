// SPDX-License-Identifier: MIT
#pragma once

#include "dialect.h"
#include "jsonvalue.h"
#include "result.h"
#include "streamoptions.h"

#include <QPair>
#include <QString>
#include <QVariantMap>

#include <optional>

// A peer to dial, as the Connect dialog and --connect describe it: where it
// is, which wire dialect to speak, the meta for our digest and a label.
struct PeerSpec
{
    QString host;
    quint16 port = 0;
    sb::Dialect::Choice dialect = sb::Dialect::Choice::Auto;
    sb::JsonValue meta; // undefined: no meta in our digest
    QString name;
    // The TLS identity to present (our key directory's NAME.crt), the peer's
    // certificate then having to be pinned; empty: plain TCP, as npm peers speak.
    QString tlsIdentity;

    bool usesTls() const { return !tlsIdentity.isEmpty(); }
    // host:port, with brackets around an IPv6 host.
    QString address() const;
    // The label a user sees: the name, else the address.
    QString label() const;
    sb::StreamOptions streamOptions() const;

    QVariantMap toVariant() const;
    static std::optional<PeerSpec> fromVariant(const QVariantMap &map);

    // Checks what a user typed; every refusal says which field is wrong and why.
    static sb::Result<PeerSpec> fromInput(const QString &host, const QString &port,
                                          sb::Dialect::Choice dialect, const QString &meta,
                                          const QString &name);
    // "HOST:PORT" or "[V6]:PORT".
    static sb::Result<PeerSpec> fromAddress(const QString &text);
    // A TCP port from 1 to 65535 (0 too when allowZero: "any free port").
    static sb::Result<quint16> parsePort(const QString &text, bool allowZero = false);
};
