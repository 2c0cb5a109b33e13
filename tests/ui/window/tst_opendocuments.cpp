// SPDX-License-Identifier: MIT
#include "documentmanager.h"
#include "mainwindow.h"
#include "model.h"
#include "replicadocument.h"
#include "replicasession.h"
#include "testsupport.h"
#include "wiremodel.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTest>

// `scuttlescope FILE`, as a file manager runs it: a replica file or a trace
// opens in the window; one that cannot be opened is explained, and the
// default replica shows rather than nothing.
class TestOpenDocuments : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void aReplicaFileOpensInTheWindow();
    void aTraceReplaysInTheWindow();
    void aDamagedFileIsExplainedAndTheDefaultReplicaShows();
    void aBadTraceIsExplainedAndTheDefaultReplicaShows();

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_files;
};

void TestOpenDocuments::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    TestSupport::isolateSettings(m_settings);
}

void TestOpenDocuments::init()
{
    QDir(QFileInfo(DocumentManager::defaultFileName()).absolutePath()).removeRecursively();
}

void TestOpenDocuments::aReplicaFileOpensInTheWindow()
{
    const QString file = TestSupport::makeReplicaFile(m_files, QStringLiteral("shared.sbreplica"),
                                                      QStringLiteral("SHARED"),
                                                      {QStringLiteral("colour=\"red\"")});
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->openDocument(file);
    QVERIFY(TestSupport::waitForDocument(*app.session, file));
    QCOMPARE(app.session->replica()->id(), QStringLiteral("SHARED"));
    QCOMPARE(app.session->model()->toJsonText(), QByteArray("{\"colour\":\"red\"}"));
    QVERIFY(window->windowTitle().contains(QStringLiteral("shared.sbreplica")));
    QVERIFY(!QFileInfo::exists(DocumentManager::defaultFileName()));
    QVERIFY(TestSupport::shutDown(*app.session));
}

void TestOpenDocuments::aTraceReplaysInTheWindow()
{
    // Named like anything: a trace is known by its first line too.
    const QString trace = m_files.filePath(QStringLiteral("from-a-bug-report.txt"));
    QVERIFY(TestSupport::writeFile(
            trace,
            "{\"sbtrace\":1,\"tool\":\"sbpeer 0.1.0\",\"id\":\"A\",\"type\":\"model\","
            "\"dialect\":\"5\",\"started\":1764000000000}\n"
            "{\"held\":\"[[\\\"mine\\\",1],1764000000000.5,\\\"A\\\"]\"}\n"
            "{\"t\":1.5,\"peer\":\"peer 10.0.0.7:7000\",\"dir\":\"in\",\"kind\":\"history\","
            "\"outcome\":\"applied\",\"line\":\"[[\\\"theirs\\\",2],1764000000001.001,\\\"B\\\"]\"}"
            "\n"));
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->openDocument(trace);
    QTRY_VERIFY(app.session->document()
                && app.session->document()->title()
                        == QStringLiteral("from-a-bug-report.txt (trace)"));
    QTRY_COMPARE(app.session->model()->toJsonText(), QByteArray("{\"mine\":1,\"theirs\":2}"));
    QVERIFY(app.session->document()->isReadOnly());
    window->wireModel()->flush();
    QCOMPARE(window->wireModel()->rowCount(), 1);
    QCOMPARE(window->wireModel()->peers(), QStringList{QStringLiteral("peer 10.0.0.7:7000")});
    QVERIFY(!QFileInfo::exists(DocumentManager::defaultFileName()));
}

void TestOpenDocuments::aDamagedFileIsExplainedAndTheDefaultReplicaShows()
{
    const QString file = TestSupport::makeReplicaFile(
            m_files, QStringLiteral("damaged.sbreplica"), QStringLiteral("DAMAGED"),
            {QStringLiteral("a=1"), QStringLiteral("b=2"), QStringLiteral("c=3")});
    QList<QByteArray> lines = TestSupport::readFile(file).split('\n');
    lines[2] = "not json at all";
    const QByteArray kDamaged = lines.join('\n');
    QVERIFY(TestSupport::writeFile(file, kDamaged));
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->openDocument(file);
    QVERIFY(TestSupport::waitForDocument(*app.session, DocumentManager::defaultFileName()));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window->findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(QStringLiteral("damaged.sbreplica")), qPrintable(box->text()));
    QCOMPARE(TestSupport::readFile(file), QByteArray(kDamaged));
    box->close();
    QVERIFY(TestSupport::shutDown(*app.session));
}

void TestOpenDocuments::aBadTraceIsExplainedAndTheDefaultReplicaShows()
{
    const QString trace = m_files.filePath(QStringLiteral("cut.sbtrace"));
    QVERIFY(TestSupport::writeFile(trace, "{\"sbtrace\":1,\"tool\":\"x\",\"id\":\"A\""));
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->openDocument(trace);
    QVERIFY(TestSupport::waitForDocument(*app.session, DocumentManager::defaultFileName()));
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window->findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(QStringLiteral("cut.sbtrace")), qPrintable(box->text()));
    box->close();
    QVERIFY(TestSupport::shutDown(*app.session));
}

QTEST_MAIN(TestOpenDocuments)
#include "tst_opendocuments.moc"
