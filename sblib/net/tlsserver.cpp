// SPDX-License-Identifier: MIT
#include "tlsserver.h"

#include <QPointer>
#include <QSslSocket>
#include <QTimer>

namespace sb {

TlsServer::TlsServer(const QSslConfiguration &configuration, PinCheck isPinned, QObject *parent)
    : QTcpServer(parent), m_configuration(configuration), m_isPinned(std::move(isPinned))
{
}

void TlsServer::incomingConnection(qintptr descriptor)
{
    auto *socket = new QSslSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    socket->setSslConfiguration(m_configuration);
    const QString peer = QStringLiteral("peer %1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort());
    auto failed = std::make_shared<bool>(false);
    auto fail = [this, socket, peer, failed](const QString &reason) {
        if (*failed)
            return;
        *failed = true;
        socket->disconnect(this);
        emit handshakeFailed(QStringLiteral("%1 refused: TLS handshake failed: %2").arg(peer, reason));
        socket->abort();
        socket->deleteLater();
    };
    connect(socket, &QSslSocket::encrypted, this, [this, socket] {
        socket->disconnect(this);
        emit socketEncrypted(socket);
    });
    connect(socket, &QSslSocket::errorOccurred, this, [socket, fail] { fail(socket->errorString()); });
    // Peers present self-signed certificates: a pinned one is the only trust
    // we need, so certificate errors are forgiven for it and for no one else.
    connect(socket, &QSslSocket::sslErrors, this, [this, socket, fail](const QList<QSslError> &errors) {
        const QSslCertificate certificate = socket->peerCertificate();
        if (!certificate.isNull() && m_isPinned && m_isPinned(certificate))
            socket->ignoreSslErrors();
        else if (!certificate.isNull())
            fail(QStringLiteral("its certificate %1 is not pinned in the trust list")
                         .arg(QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':')).toUpper()));
        else
            fail(errors.isEmpty() ? QStringLiteral("certificate error") : errors.first().errorString());
    });
    QTimer::singleShot(m_handshakeTimeoutMs, socket, [socket, fail] {
        if (!socket->isEncrypted())
            fail(QStringLiteral("no handshake within the time limit"));
    });
    socket->startServerEncryption();
}

} // namespace sb
