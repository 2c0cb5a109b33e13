// SPDX-License-Identifier: MIT
#include "appsettings.h"
#include "documentmanager.h"
#include "documentstatus.h"
#include "events.h"
#include "expectok.h"
#include "keysmodel.h"
#include "mainwindow.h"
#include "model.h"
#include "replicadocument.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "testsupport.h"

#include <QDir>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace sb;

// Replica files in the app: the default replica kept in the user's data
// directory, loading in the background, Save As, closing and recent files.
// Damaged files are tst_damagedfiles' business.
class TestDocumentManager : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void defaultReplicaSurvivesARestartOfTheSession();
    void loadingAFileLeavesTheCurrentReplicaUntilItIsLoaded();
    void saveAsCopiesAndGoesOnInTheCopy();
    void saveAsWritesAReplicaKeptInMemory();
    void closingTheWindowWritesTheFileFirst();
    void recentFilesAreRemembered();

private:
    QTemporaryDir m_settings;
    QTemporaryDir m_files;
};

void TestDocumentManager::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    TestSupport::isolateSettings(m_settings);
}

void TestDocumentManager::init()
{
    // Every test starts without a default replica.
    QDir(QFileInfo(DocumentManager::defaultFileName()).absolutePath()).removeRecursively();
}

void TestDocumentManager::defaultReplicaSurvivesARestartOfTheSession()
{
    const QString fileName = DocumentManager::defaultFileName();
    QString id;
    {
        AppUnderTest app;
        MainWindow *window = app.createWindow();
        app.documents->openDefault();
        QVERIFY(TestSupport::waitForDocument(*app.session, fileName));
        QVERIFY(QFileInfo::exists(fileName));
        id = app.session->replica()->id();
        QVERIFY(window->windowTitle().contains(QStringLiteral("default.sbreplica")));
        QVERIFY(window->documentStatus()->storageText().contains(QStringLiteral("saved")));
        QVERIFY(!window->models()->keys()->setValueJson(QStringLiteral("kept"),
                                                        QStringLiteral("{\"n\":1}")));
        QVERIFY(TestSupport::shutDown(*app.session));
    }
    {
        AppUnderTest app;
        MainWindow *window = app.createWindow();
        app.documents->openDefault();
        QVERIFY(TestSupport::waitForDocument(*app.session, fileName));
        QCOMPARE(app.session->replica()->id(), id);
        KeysModel *keys = window->models()->keys();
        const int row = keys->rowOfKey(QStringLiteral("kept"));
        QVERIFY(row >= 0);
        QCOMPARE(keys->index(row, KeysModel::ValueColumn).data().toString(),
                 QStringLiteral("{\"n\":1}"));
        // A session that ends without closing (a crash) loses nothing either:
        // every applied update is appended as it happens.
        expectOk(app.session->model()->set(QStringLiteral("after"), JsonValue(2)));
    }
    AppUnderTest app;
    app.documents->openDefault();
    QVERIFY(TestSupport::waitForDocument(*app.session, fileName));
    QCOMPARE(app.session->replica()->id(), id);
    QCOMPARE(app.session->model()->get(QStringLiteral("after")).toNumber(), 2.0);
}

void TestDocumentManager::loadingAFileLeavesTheCurrentReplicaUntilItIsLoaded()
{
    QStringList keys;
    for (int i = 0; i < 20000; ++i)
        keys.append(QStringLiteral("key%1=%1").arg(i));
    const QString path = TestSupport::makeReplicaFile(m_files, QStringLiteral("big.sbreplica"),
                                                      QStringLiteral("BIG"), keys);
    QVERIFY(!path.isEmpty());
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.session->newReplica(sb::Model::kTypeName, QStringLiteral("CURRENT"));
    QSignalSpy progress(app.documents.get(), &DocumentManager::progress);
    app.documents->open(path);
    // The window keeps going on the current replica while the file loads.
    QVERIFY(app.documents->isBusy());
    QCOMPARE(app.session->replica()->id(), QStringLiteral("CURRENT"));
    QVERIFY(TestSupport::waitForDocument(*app.session, path));
    QVERIFY(!progress.isEmpty());
    QCOMPARE(app.session->replica()->id(), QStringLiteral("BIG"));
    QCOMPARE(window->models()->keys()->rowCount(), 20000);
    QVERIFY(!app.documents->isBusy());
}

void TestDocumentManager::saveAsCopiesAndGoesOnInTheCopy()
{
    const QString path
            = TestSupport::makeReplicaFile(m_files, QStringLiteral("original.sbreplica"),
                                           QStringLiteral("ORIGINAL"), {QStringLiteral("a=1")});
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.documents->open(path);
    QVERIFY(TestSupport::waitForDocument(*app.session, path));
    expectOk(app.session->model()->set(QStringLiteral("b"), JsonValue(2)));

    const QString copy = m_files.filePath(QStringLiteral("copy.sbreplica"));
    app.documents->saveAs(copy);
    expectOk(app.session->model()->set(QStringLiteral("while-copying"), JsonValue(3)));
    QVERIFY(TestSupport::waitForDocument(*app.session, copy));
    QCOMPARE(app.session->replica()->id(), QStringLiteral("ORIGINAL"));
    QCOMPARE(app.session->model()->get(QStringLiteral("while-copying")).toNumber(), 3.0);
    QVERIFY(window->windowTitle().contains(QStringLiteral("copy.sbreplica")));
    expectOk(app.session->model()->set(QStringLiteral("after"), JsonValue(4)));
    QVERIFY(TestSupport::shutDown(*app.session));

    // The copy holds everything; the original did not take what came after.
    AppUnderTest again;
    again.documents->open(copy);
    QVERIFY(TestSupport::waitForDocument(*again.session, copy));
    Model *model = again.session->model();
    for (const char *key : {"a", "b", "while-copying", "after"})
        QVERIFY2(model->contains(QString::fromLatin1(key)), key);
    QVERIFY(QTest::qWaitFor([&] { return TestSupport::readFile(path).contains("\"b\""); }));
    QVERIFY(!TestSupport::readFile(path).contains("after"));
}

void TestDocumentManager::saveAsWritesAReplicaKeptInMemory()
{
    AppUnderTest app;
    app.session->newReplica(sb::Events::kTypeName, QStringLiteral("MEMORY"));
    QVERIFY(!app.session->document()->isFile());
    const QString copy = m_files.filePath(QStringLiteral("events.sbreplica"));
    QFile::remove(copy);
    expectOk(app.session->events()->emitEvent(QStringLiteral("hello"), JsonValue(1)));
    app.documents->saveAs(copy);
    QVERIFY(TestSupport::waitForDocument(*app.session, copy));
    QCOMPARE(app.session->replica()->typeName(), QString(sb::Events::kTypeName));
    QCOMPARE(app.session->replica()->id(), QStringLiteral("MEMORY"));
    QCOMPARE(app.session->replica()->updateCount(), 1);
    QVERIFY(TestSupport::readFile(copy).contains("hello"));
}

void TestDocumentManager::closingTheWindowWritesTheFileFirst()
{
    const QString fileName = DocumentManager::defaultFileName();
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    app.documents->openDefault();
    QVERIFY(TestSupport::waitForDocument(*app.session, fileName));
    for (int i = 0; i < 50; ++i)
        expectOk(app.session->model()->set(QStringLiteral("k%1").arg(i), JsonValue(i)));
    QVERIFY(!window->close()); // not yet: the file is compacted first
    QTRY_VERIFY(!window->isVisible());
    QVERIFY(!app.session->document());
    // Compacted: one line per key, the journal folded into the snapshot.
    const QList<QByteArray> lines = TestSupport::readFile(fileName).trimmed().split('\n');
    QCOMPARE(lines.size(), 1 + 50 + 1);
    QCOMPARE(lines.constLast(), QByteArray("\"SYNC\""));
    AppUnderTest again;
    again.documents->openDefault();
    QVERIFY(TestSupport::waitForDocument(*again.session, fileName));
    QCOMPARE(again.session->model()->liveKeyCount(), 50);
}

void TestDocumentManager::recentFilesAreRemembered()
{
    const QString path
            = TestSupport::makeReplicaFile(m_files, QStringLiteral("recent.sbreplica"),
                                           QStringLiteral("RECENT"), {QStringLiteral("a=1")});
    AppUnderTest app;
    app.documents->open(path);
    QVERIFY(TestSupport::waitForDocument(*app.session, path));
    QCOMPARE(AppSettings::recentFiles().value(0), QFileInfo(path).absoluteFilePath());
}

QTEST_MAIN(TestDocumentManager)
#include "tst_documentmanager.moc"
