// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QModelIndex>
#include <QObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <memory>

class DocumentManager;
class ReplicaDocument;
class KeyRing;
class MainWindow;
class QAbstractItemModel;
class QTableView;
class PeerConnection;
class ReplicaSession;

// Helpers shared by the widget tests.
namespace TestSupport {

// Points QSettings at a fresh directory so tests neither read nor write the
// user's settings.
void isolateSettings(QTemporaryDir &dir);

// The row of the first item in column whose display text is text, or -1.
int findRow(const QAbstractItemModel *model, int column, const QString &text);

// Double-clicks index in table, types text into the editor that opens and
// presses Return: an edit as a user makes it. Returns false if no editor opened.
bool editCell(QTableView *table, const QModelIndex &index, const QString &text);

// Waits for the replica file's lock and journal to be released by closing
// session's documents (compaction and sync included).
bool shutDown(ReplicaSession &session);

// The bytes of a file, empty when it cannot be read.
QByteArray readFile(const QString &path);
bool writeFile(const QString &path, const QByteArray &bytes);

// A Model replica file named name in dir holding keys ("key=JSON"), made by
// sblib's ReplicaFile and closed (compacted): a digest line, one line per
// key, then "SYNC". Returns its path, empty on failure.
QString makeReplicaFile(const QTemporaryDir &dir, const QString &name, const QString &id,
                        const QStringList &keys);
// Waits until session's document is fileName, loaded; nullptr on timeout.
ReplicaDocument *waitForDocument(ReplicaSession &session, const QString &fileName);

// Puts a QAbstractItemModelTester on model, unless it has one, that reports
// a broken model contract (rows that do not exist, wrong parents, signals
// that do not say what changed) as a failure of the running test. The tester
// is the model's child: it goes when the model goes.
void watchModel(QAbstractItemModel *model);
// Watches every item model under root (root too, if it is one): the models it
// owns, the models its views show and the source models behind those proxies.
// Returns them all, watched now or before.
QList<QAbstractItemModel *> watchModels(QObject *root);

} // namespace TestSupport

// Scuttlescope as main.cpp wires it: a session, the key ring (in a
// temporary directory of its own), the document manager and the window
// (created by createWindow(), not shown).
struct AppUnderTest
{
    // Keys in keyDirectory, or in a temporary directory when it is empty.
    explicit AppUnderTest(const QString &keyDirectory = {});
    ~AppUnderTest();
    MainWindow *createWindow();
    // A new Model replica named id in the session, and the window on it, shown.
    MainWindow *showWindowOnNewModel(const QString &id);
    // Connects the session to a peer listening on 127.0.0.1:port, as the
    // Connect dialog does.
    PeerConnection *dial(quint16 port);

    QTemporaryDir temporaryKeys;
    std::unique_ptr<ReplicaSession> session;
    std::unique_ptr<KeyRing> keyRing;
    std::unique_ptr<DocumentManager> documents;
    std::unique_ptr<MainWindow> window;
};

// The real sbpeer binary as the remote end of a test, fed commands on stdin.
class SbPeerProcess : public QObject
{
    Q_OBJECT

public:
    explicit SbPeerProcess(QObject *parent = nullptr);
    ~SbPeerProcess() override;

    // `sbpeer serve --listen 127.0.0.1:0 --stdin` plus arguments; returns once
    // it prints the port it listens on.
    bool serve(const QStringList &arguments = {});
    // `sbpeer connect HOST:PORT --stdin` plus arguments.
    bool connectTo(const QString &address, const QStringList &arguments = {});
    quint16 port() const { return m_port; }
    // Sends one stdin command: "set KEY=JSON", "emit EVENT=JSON", "dump".
    void send(const QByteArray &command);
    // Asks for the replica and returns the JSON line it prints.
    QByteArray dump();
    QByteArray standardError() const { return m_stderr; }
    QByteArray standardOutput() const { return m_stdout; }

private:
    void start(const QStringList &arguments);

    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    quint16 m_port = 0;
};
