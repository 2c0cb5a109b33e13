// SPDX-License-Identifier: MIT
#pragma once

#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>

class QSslSocket;

namespace sb {

// A QTcpServer whose connections speak TLS. Unlike QSslServer (Qt 6.4) it
// reports every failed or stalled handshake, so a refused peer is never silent.
class TlsServer : public QTcpServer
{
    Q_OBJECT

public:
    using PinCheck = std::function<bool(const QSslCertificate &)>;

    TlsServer(const QSslConfiguration &configuration, PinCheck isPinned, QObject *parent = nullptr);

    void setHandshakeTimeout(int milliseconds) { m_handshakeTimeoutMs = milliseconds; }

signals:
    // The handshake finished; the socket is parented to the server until taken.
    void socketEncrypted(QSslSocket *socket);
    void handshakeFailed(const QString &message);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    QSslConfiguration m_configuration;
    PinCheck m_isPinned;
    int m_handshakeTimeoutMs = 10000;
};

} // namespace sb
