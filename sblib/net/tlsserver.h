// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <vector>

class QSslSocket;

namespace sb {

// A QTcpServer whose connections speak TLS. Unlike QSslServer (Qt 6.4) it
// reports every failed or stalled handshake, so a refused peer is never silent.
// A handshake not done within the handshake deadline is ended; the owner may
// refuse a connection before its handshake (setAdmission) and end one early
// to make room for another (abortHandshake).
class TlsServer : public QTcpServer
{
    Q_OBJECT

public:
    using PinCheck = std::function<bool(const QSslCertificate &)>;
    // Asked for each connection before its handshake; false drops it (the
    // admission says why itself).
    using Admission = std::function<bool(QSslSocket *)>;

    TlsServer(const QSslConfiguration &configuration, PinCheck isPinned, QObject *parent = nullptr);

    // 0: no deadline. Default 10 s.
    void setHandshakeTimeout(int milliseconds) { m_handshakeTimeoutMs = milliseconds; }
    int handshakeTimeout() const { return m_handshakeTimeoutMs; }
    void setAdmission(Admission admission) { m_admission = std::move(admission); }

    // A connection still in its handshake, and how long it has been.
    struct Handshake
    {
        QSslSocket *socket;
        qint64 ageMs;
    };
    std::vector<Handshake> handshakes() const;
    // Ends a connection's handshake now; handshakeFailed says so with reason.
    void abortHandshake(QSslSocket *socket, const QString &reason);

signals:
    // The handshake finished; the socket is parented to the server until taken.
    void socketEncrypted(QSslSocket *socket);
    void handshakeFailed(const QString &message);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    struct Pending
    {
        QSslSocket *socket;
        QString peer;
        QElapsedTimer age;
    };
    std::vector<Pending>::iterator findPending(QSslSocket *socket);
    void fail(QSslSocket *socket, const QString &reason);

    QSslConfiguration m_configuration;
    PinCheck m_isPinned;
    Admission m_admission;
    int m_handshakeTimeoutMs = 10000;
    std::vector<Pending> m_pending;
};

} // namespace sb
