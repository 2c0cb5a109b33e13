// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

namespace sb {
class Model;
class Server;
class Update;
} // namespace sb

// One node of the scale benchmark: listens, dials the neighbours it is told
// on stdin, makes its share of the updates on "go", and reports once it holds
// every key of the mesh, with how much old data it received on the way.
class MeshNode : public QObject
{
    Q_OBJECT

public:
    MeshNode(qint64 totalKeys, QObject *parent = nullptr);
    bool start();

private:
    void handleCommand(const QByteArray &line);
    void onApplied(const sb::Update &update);

    sb::Model *m_model;
    sb::Server *m_server;
    qint64 m_totalKeys;
    qint64 m_oldData = 0;
    qint64 m_useful = 0;
    bool m_reported = false;
    QByteArray m_pending;
};
