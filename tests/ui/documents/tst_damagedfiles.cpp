// SPDX-License-Identifier: MIT
#include "documentmanager.h"
#include "documentstatus.h"
#include "expectok.h"
#include "keysmodel.h"
#include "keysview.h"
#include "logmodel.h"
#include "mainwindow.h"
#include "model.h"
#include "replicadocument.h"
#include "replicamodels.h"
#include "replicasession.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QAction>
#include <QMessageBox>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTest>

#include <csignal>
#include <sys/resource.h>

using namespace sb;

// Replica files that cannot be read as they are, or written to: the user is
// told which file, which line and why, the file is left as it was, and the
// ways out (read-only, a repaired copy) work. Writes that fail while running
// are said once and the replica goes on in memory.
class TestDamagedFiles : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void corruptFileShowsFileLineAndReasonAndIsNotModified();
    void corruptFileOpensReadOnlyWithoutTheDamagedLine();
    void repairedCopyHoldsWhatWasReadable();
    void tornLastLineIsReportedOnceInTheLog();
    void writeErrorShowsInLogAndStatusBarAndTheReplicaGoesOn();

private:
    QMessageBox *openFailureBox(MainWindow *window);

    QTemporaryDir m_settings;
    QTemporaryDir m_files;
};

void TestDamagedFiles::initTestCase()
{
    TestSupport::isolateSettings(m_settings);
}

QMessageBox *TestDamagedFiles::openFailureBox(MainWindow *window)
{
    QMessageBox *box = nullptr;
    [[maybe_unused]] const bool shown = QTest::qWaitFor(
            [&] {
                box = window->findChild<QMessageBox *>(QStringLiteral("openFailureBox"));
                return box && box->isVisible();
            },
            5000);
    return box;
}

void TestDamagedFiles::corruptFileShowsFileLineAndReasonAndIsNotModified()
{
    const QString path = TestSupport::makeReplicaFile(
            m_files, QStringLiteral("corrupt.sbreplica"), QStringLiteral("DAMAGED"),
            {QStringLiteral("a=1"), QStringLiteral("b=2"), QStringLiteral("c=3")});
    QByteArray bytes = TestSupport::readFile(path);
    QList<QByteArray> lines = bytes.split('\n');
    lines[2] = "[[\"b\",2],17000,\"DAMAG"; // line 3, broken mid-way
    bytes = lines.join('\n');
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
    file.close();

    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->show();
    app.session->newReplica(sb::Model::kTypeName, QStringLiteral("CURRENT"));
    QSignalSpy failed(app.documents.get(), &DocumentManager::openFailed);
    app.documents->open(path);
    QVERIFY(failed.wait(5000));
    const auto error = failed.constFirst().at(0).value<ReplicaFileError>();
    QCOMPARE(error.fileName, path);
    QCOMPARE(error.line, 3);

    QMessageBox *box = openFailureBox(window);
    QVERIFY(box);
    QVERIFY(box->text().contains(QStringLiteral("corrupt.sbreplica")));
    QVERIFY2(box->informativeText().contains(path + QStringLiteral(":3: ")),
             qPrintable(box->informativeText()));
    QVERIFY(box->informativeText().contains(QStringLiteral("has not been changed")));
    QCOMPARE(app.session->replica()->id(), QStringLiteral("CURRENT"));
    QCOMPARE(TestSupport::readFile(path), bytes);
    box->close();
}

void TestDamagedFiles::corruptFileOpensReadOnlyWithoutTheDamagedLine()
{
    const QString path = TestSupport::makeReplicaFile(
            m_files, QStringLiteral("damaged.sbreplica"), QStringLiteral("DAMAGED"),
            {QStringLiteral("a=1"), QStringLiteral("b=2"), QStringLiteral("c=3")});
    QList<QByteArray> lines = TestSupport::readFile(path).split('\n');
    lines[2] = "not json at all";
    const QByteArray bytes = lines.join('\n');
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
    file.close();

    AppUnderTest app;
    MainWindow *window = app.createWindow();
    window->show();
    app.session->newReplica(sb::Model::kTypeName);
    app.documents->open(path);
    QMessageBox *box = openFailureBox(window);
    QVERIFY(box);
    QAbstractButton *readOnly = nullptr;
    for (QAbstractButton *button : box->buttons()) {
        if (button->text() == u"Open Read-Only")
            readOnly = button;
    }
    QVERIFY(readOnly);
    QTest::mouseClick(readOnly, Qt::LeftButton);

    ReplicaDocument *document = TestSupport::waitForDocument(*app.session, path);
    QVERIFY(document);
    QVERIFY(document->isReadOnly());
    QCOMPARE(document->skippedLineCount(), 1);
    QCOMPARE(app.session->replica()->id(), QStringLiteral("DAMAGED"));
    KeysModel *keys = window->models()->keys();
    QVERIFY(keys->rowOfKey(QStringLiteral("a")) >= 0);
    QVERIFY(keys->rowOfKey(QStringLiteral("c")) >= 0);
    QVERIFY(window->windowTitle().contains(QStringLiteral("read-only")));
    QVERIFY(window->keysView()->isReadOnly());
    QVERIFY(!window->keysView()->addKeyAction()->isEnabled());
    QVERIFY(window->documentStatus()->storageText().contains(QStringLiteral("read-only")));
    LogModel *log = window->logModel();
    log->flush();
    bool logged = false;
    for (int row = 0; row < log->rowCount(); ++row)
        logged = logged
                || log->messageAt(row).startsWith(QStringLiteral("skipped %1:3:").arg(path));
    QVERIFY(logged);
    // Read-only: closing it writes nothing either.
    QVERIFY(TestSupport::shutDown(*app.session));
    QCOMPARE(TestSupport::readFile(path), bytes);
}

void TestDamagedFiles::repairedCopyHoldsWhatWasReadable()
{
    const QString path = TestSupport::makeReplicaFile(
            m_files, QStringLiteral("broken.sbreplica"), QStringLiteral("BROKEN"),
            {QStringLiteral("a=1"), QStringLiteral("b=2"), QStringLiteral("c=3")});
    QList<QByteArray> lines = TestSupport::readFile(path).split('\n');
    lines[3] = "{\"oops\":";
    const QByteArray bytes = lines.join('\n');
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(bytes);
    file.close();

    AppUnderTest app;
    app.session->newReplica(sb::Model::kTypeName);
    const QString copy = m_files.filePath(QStringLiteral("broken-repaired.sbreplica"));
    app.documents->saveRepairedCopy(path, copy);
    ReplicaDocument *document = TestSupport::waitForDocument(*app.session, copy);
    QVERIFY(document);
    QVERIFY(!document->isReadOnly());
    QCOMPARE(app.session->replica()->id(), QStringLiteral("BROKEN"));
    QCOMPARE(app.session->model()->keys().size(), 2);
    QCOMPARE(TestSupport::readFile(path), bytes);
    // The copy is a healthy file: it opens strictly after a restart.
    QVERIFY(TestSupport::shutDown(*app.session));
    AppUnderTest again;
    again.documents->open(copy);
    QVERIFY(TestSupport::waitForDocument(*again.session, copy));
    QCOMPARE(again.session->model()->keys().size(), 2);
}

void TestDamagedFiles::tornLastLineIsReportedOnceInTheLog()
{
    const QString path
            = TestSupport::makeReplicaFile(m_files, QStringLiteral("torn.sbreplica"),
                                           QStringLiteral("TORN"), {QStringLiteral("a=1")});
    QFile file(path);
    QVERIFY(file.open(QIODevice::Append));
    file.write("[[\"b\",2],1700000000000,\"TO"); // a crash mid-line
    file.close();

    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.documents->open(path);
    QVERIFY(TestSupport::waitForDocument(*app.session, path));
    QVERIFY(app.session->model()->contains(QStringLiteral("a")));
    QVERIFY(!app.session->model()->contains(QStringLiteral("b")));
    LogModel *log = window->logModel();
    QTest::qWait(200);
    log->flush();
    int reports = 0;
    for (int row = 0; row < log->rowCount(); ++row)
        reports += log->messageAt(row).contains(QStringLiteral("cut short")) ? 1 : 0;
    QCOMPARE(reports, 1);
}

void TestDamagedFiles::writeErrorShowsInLogAndStatusBarAndTheReplicaGoesOn()
{
    const QString path
            = TestSupport::makeReplicaFile(m_files, QStringLiteral("full.sbreplica"),
                                           QStringLiteral("FULL"), {QStringLiteral("a=1")});
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.documents->open(path);
    QVERIFY(TestSupport::waitForDocument(*app.session, path));
    ReplicaDocument *document = app.session->document();
    QVERIFY(document->isSaving());

    // A disk full past a few bytes: appends beyond fail with EFBIG.
    rlimit saved{};
    QVERIFY(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limited = saved;
    limited.rlim_cur = rlim_t(QFileInfo(path).size() + 60);
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &limited) == 0);
    for (int i = 0; i < 5; ++i)
        expectOk(app.session->model()->set(
                QStringLiteral("during%1").arg(i),
                JsonValue(QStringLiteral("a value of some forty bytes or so"))));
    const bool failed = !document->isSaving();
    const QString status = window->statusBar()->currentMessage();
    const QString storage = window->documentStatus()->storageText();
    QTest::qWait(300); // retries fail the same way while the disk stays full
    QVERIFY(::setrlimit(RLIMIT_FSIZE, &saved) == 0);

    QVERIFY(failed);
    QVERIFY2(status.startsWith(path + QStringLiteral(": ")), qPrintable(status));
    QVERIFY2(storage.contains(QStringLiteral("not saving")), qPrintable(storage));
    // The replica went on in memory.
    QCOMPARE(app.session->model()->liveKeyCount(), 6);
    LogModel *log = window->logModel();
    log->flush();
    int errors = 0;
    for (int row = 0; row < log->rowCount(); ++row)
        errors += log->messageAt(row).startsWith(path + QStringLiteral(": ")) ? 1 : 0;
    QCOMPARE(errors, 1); // once, not once per retry

    // Room again: the retried rewrite saves everything, and says so.
    QTRY_VERIFY_WITH_TIMEOUT(document->isSaving(), 10000);
    std::signal(SIGXFSZ, oldHandler);
    QTRY_VERIFY(window->documentStatus()->storageText().endsWith(QStringLiteral("saved")));
    QVERIFY(TestSupport::shutDown(*app.session));
    AppUnderTest again;
    again.documents->open(path);
    QVERIFY(TestSupport::waitForDocument(*again.session, path));
    QCOMPARE(again.session->model()->liveKeyCount(), 6);
}

QTEST_MAIN(TestDamagedFiles)
#include "tst_damagedfiles.moc"
