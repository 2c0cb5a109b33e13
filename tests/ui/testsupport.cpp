// SPDX-License-Identifier: MIT
#include "testsupport.h"
#include "expectok.h"

#include "documentmanager.h"
#include "keyring.h"
#include "mainwindow.h"
#include "model.h"
#include "peerspec.h"
#include "replicadocument.h"
#include "replicafile.h"
#include "replicasession.h"

#include <QAbstractItemModel>
#include <QAbstractItemModelTester>
#include <QAbstractItemView>
#include <QAbstractProxyModel>
#include <QApplication>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

namespace TestSupport {

void isolateSettings(QTemporaryDir &dir)
{
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, dir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, dir.path());
    QCoreApplication::setOrganizationName(QStringLiteral("ScuttlescopeTests"));
}

int findRow(const QAbstractItemModel *model, int column, const QString &text)
{
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->index(row, column).data().toString() == text)
            return row;
    }
    return -1;
}

bool editCell(QTableView *table, const QModelIndex &index, const QString &text)
{
    table->scrollTo(index);
    const QPoint centre = table->visualRect(index).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, centre);
    QPointer<QLineEdit> editor = table->viewport()->findChild<QLineEdit *>();
    if (!editor || !editor->isVisible())
        return false;
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Delete);
    QTest::keyClicks(editor, text);
    QTest::keyClick(editor, Qt::Key_Return);
    // The delegate commits on the next turn of the event loop.
    return QTest::qWaitFor([&] { return !editor || !editor->isVisible(); }, 5000);
}

bool shutDown(ReplicaSession &session)
{
    QSignalSpy finished(&session, &ReplicaSession::shutDownFinished);
    session.shutDown();
    return finished.wait(10000) || finished.size() > 0;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            && file.write(bytes) == bytes.size();
}

QString makeReplicaFile(const QTemporaryDir &dir, const QString &name, const QString &id,
                        const QStringList &keys)
{
    const QString path = dir.filePath(name);
    QFile::remove(path);
    sb::ReplicaFileOptions options;
    options.id = id;
    sb::ReplicaFile file(path, options);
    QSignalSpy loaded(&file, &sb::ReplicaFile::loaded);
    file.open();
    if (!loaded.wait(5000))
        return {};
    auto *model = qobject_cast<sb::Model *>(file.replica());
    for (const QString &entry : keys)
        expectOk(model->setJson(entry.section(u'=', 0, 0), entry.section(u'=', 1).toUtf8()));
    QSignalSpy closed(&file, &sb::ReplicaFile::closed);
    file.close();
    if (!closed.wait(5000))
        return {};
    return path;
}

ReplicaDocument *waitForDocument(ReplicaSession &session, const QString &fileName)
{
    const auto isOpen = [&] {
        const ReplicaDocument *document = session.document();
        return document && document->isFile()
                && QFileInfo(document->fileName()) == QFileInfo(fileName);
    };
    return QTest::qWaitFor(isOpen, 10000) ? session.document() : nullptr;
}

void watchModel(QAbstractItemModel *model)
{
    if (!model
        || model->findChild<QAbstractItemModelTester *>(QString(), Qt::FindDirectChildrenOnly))
        return;
    new QAbstractItemModelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest,
                                 model);
}

QList<QAbstractItemModel *> watchModels(QObject *root)
{
    QList<QAbstractItemModel *> models = root->findChildren<QAbstractItemModel *>();
    if (auto *model = qobject_cast<QAbstractItemModel *>(root))
        models.prepend(model);
    for (QAbstractItemView *view : root->findChildren<QAbstractItemView *>()) {
        if (view->model())
            models.append(view->model());
    }
    QList<QAbstractItemModel *> watched;
    // Grows as proxies bring in their sources, which root need not own.
    for (qsizetype i = 0; i < models.size(); ++i) {
        QAbstractItemModel *model = models.at(i);
        if (watched.contains(model))
            continue;
        if (auto *proxy = qobject_cast<QAbstractProxyModel *>(model); proxy && proxy->sourceModel())
            models.append(proxy->sourceModel());
        // A QListWidget's own model is Qt's, and goes with its items before
        // the widget: a tester on it would read items already deleted.
        if (qobject_cast<QListWidget *>(model->parent()))
            continue;
        watchModel(model);
        watched.append(model);
    }
    return watched;
}

} // namespace TestSupport

AppUnderTest::AppUnderTest(const QString &keyDirectory)
    : session(std::make_unique<ReplicaSession>()),
      keyRing(std::make_unique<KeyRing>(keyDirectory.isEmpty() ? temporaryKeys.path()
                                                               : keyDirectory)),
      documents(std::make_unique<DocumentManager>(session.get()))
{
    session->setTrustList(keyRing->trustList());
    QObject::connect(keyRing.get(), &KeyRing::trustChanged, session.get(),
                     &ReplicaSession::notifyTrustChanged);
}

AppUnderTest::~AppUnderTest()
{
    window.reset();
    documents.reset();
}

MainWindow *AppUnderTest::createWindow()
{
    window = std::make_unique<MainWindow>(session.get(), documents.get(), keyRing.get());
    return window.get();
}

MainWindow *AppUnderTest::showWindowOnNewModel(const QString &id)
{
    session->newReplica(sb::Model::kTypeName, id);
    createWindow()->show();
    return window.get();
}

PeerConnection *AppUnderTest::dial(quint16 port)
{
    return session->connectToPeer(
            PeerSpec::fromAddress(QStringLiteral("127.0.0.1:%1").arg(port)).value());
}

SbPeerProcess::SbPeerProcess(QObject *parent) : QObject(parent)
{
    connect(&m_process, &QProcess::readyReadStandardOutput, this,
            [this] { m_stdout += m_process.readAllStandardOutput(); });
    connect(&m_process, &QProcess::readyReadStandardError, this,
            [this] { m_stderr += m_process.readAllStandardError(); });
}

SbPeerProcess::~SbPeerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.closeWriteChannel();
        m_process.terminate();
        if (!m_process.waitForFinished(3000))
            m_process.kill();
        m_process.waitForFinished(1000);
    }
}

void SbPeerProcess::start(const QStringList &arguments)
{
    m_process.start(QStringLiteral(SBPEER_PATH), arguments);
}

bool SbPeerProcess::serve(const QStringList &arguments)
{
    start(QStringList{QStringLiteral("serve"), QStringLiteral("--listen"),
                      QStringLiteral("127.0.0.1:0"), QStringLiteral("--stdin")}
          + arguments);
    if (!QTest::qWaitFor([this] { return m_stdout.contains('\n'); }, 10000))
        return false;
    const QByteArray line = m_stdout.left(m_stdout.indexOf('\n'));
    m_stdout.remove(0, line.size() + 1);
    m_port = line.mid(line.lastIndexOf(':') + 1).toUShort();
    return line.startsWith("listening ") && m_port != 0;
}

bool SbPeerProcess::connectTo(const QString &address, const QStringList &arguments)
{
    start(QStringList{QStringLiteral("connect"), address, QStringLiteral("--stdin")} + arguments);
    return m_process.waitForStarted(5000);
}

void SbPeerProcess::send(const QByteArray &command)
{
    m_process.write(command + '\n');
}

QByteArray SbPeerProcess::dump()
{
    // serve prints nothing else on stdout; connect prints applied updates, so
    // the replica is the last complete line once output settles.
    m_stdout.clear();
    send("dump");
    if (!QTest::qWaitFor([this] { return m_stdout.endsWith('\n'); }, 5000))
        return {};
    QByteArray lines = m_stdout.trimmed();
    return lines.mid(lines.lastIndexOf('\n') + 1);
}
