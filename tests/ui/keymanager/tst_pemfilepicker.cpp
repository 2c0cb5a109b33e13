// SPDX-License-Identifier: MIT
#include "pemfilepicker.h"
#include "testsupport.h"

#include <QFileDialog>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWidget>

#include <memory>

// PemFilePicker: the file dialog and the reading behind "Import…" and "Add
// from PEM File…" in the Key Manager.
class TestPemFilePicker : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void pickingAFileInTheDialogReadsIt();
    void readsAFileUpToTheSizeCapAsItIs();
    void refusesAFileLargerThanAKeyFile();
    void namesAFileThatCannotBeReadWithTheReason_data();
    void namesAFileThatCannotBeReadWithTheReason();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<QWidget> m_page;
    PemFilePicker *m_picker = nullptr;
};

void TestPemFilePicker::init()
{
    QVERIFY(m_dir.isValid());
    m_page = std::make_unique<QWidget>();
    m_picker = new PemFilePicker(QStringLiteral("Trust a Public Key"),
                                 QStringLiteral("PEM public keys (*.pem *.pub)"), m_page.get());
}

void TestPemFilePicker::cleanup()
{
    m_page.reset();
}

void TestPemFilePicker::pickingAFileInTheDialogReadsIt()
{
    const QString path = m_dir.filePath(QStringLiteral("bob.pem"));
    const QByteArray pem = "-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n";
    QVERIFY(TestSupport::writeFile(path, pem));
    QSignalSpy read(m_picker, &PemFilePicker::fileRead);
    m_page->show();

    m_picker->open(); // returns with the dialog open: no event loop of its own
    auto *dialog = m_page->findChild<QFileDialog *>();
    QVERIFY(dialog);
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    QCOMPARE(dialog->windowTitle(), QStringLiteral("Trust a Public Key"));
    QCOMPARE(dialog->nameFilters(), QStringList{QStringLiteral("PEM public keys (*.pem *.pub)")});
    QCOMPARE(read.count(), 0);
    // Typed, as selectFile() leaves alone a file name box that has the focus.
    auto *fileName = dialog->findChild<QLineEdit *>(QStringLiteral("fileNameEdit"));
    QVERIFY(fileName);
    fileName->setText(path);
    QMetaObject::invokeMethod(dialog, "accept");

    QTRY_COMPARE(read.count(), 1);
    QCOMPARE(read.at(0).at(0).toString(), path);
    QCOMPARE(read.at(0).at(1).toByteArray(), pem);
}

void TestPemFilePicker::readsAFileUpToTheSizeCapAsItIs()
{
    const QString path = m_dir.filePath(QStringLiteral("big.pem"));
    const QByteArray text(PemFilePicker::kMaxFileSize, 'k');
    QVERIFY(TestSupport::writeFile(path, text));
    QSignalSpy read(m_picker, &PemFilePicker::fileRead);
    QSignalSpy failed(m_picker, &PemFilePicker::readFailed);

    m_picker->read(path);
    QCOMPARE(failed.count(), 0);
    QCOMPARE(read.count(), 1);
    QCOMPARE(read.at(0).at(1).toByteArray(), text);
}

void TestPemFilePicker::refusesAFileLargerThanAKeyFile()
{
    const QString path = m_dir.filePath(QStringLiteral("disc.img"));
    QVERIFY(TestSupport::writeFile(path, QByteArray(PemFilePicker::kMaxFileSize + 1, 'k')));
    QSignalSpy read(m_picker, &PemFilePicker::fileRead);
    QSignalSpy failed(m_picker, &PemFilePicker::readFailed);

    m_picker->read(path);
    QCOMPARE(read.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(),
             QStringLiteral("%1: cannot read: it is larger than 256 KiB, too large for a PEM key "
                            "file")
                     .arg(path));
}

void TestPemFilePicker::namesAFileThatCannotBeReadWithTheReason_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("missing") << QStringLiteral("missing.pem")
                             << QStringLiteral("No such file or directory");
    QTest::newRow("a directory") << QString() << QStringLiteral("file to open is a directory");
}

void TestPemFilePicker::namesAFileThatCannotBeReadWithTheReason()
{
    QFETCH(QString, name);
    QFETCH(QString, reason);
    const QString path = name.isEmpty() ? m_dir.path() : m_dir.filePath(name);
    QSignalSpy read(m_picker, &PemFilePicker::fileRead);
    QSignalSpy failed(m_picker, &PemFilePicker::readFailed);

    m_picker->read(path);
    QCOMPARE(read.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.at(0).at(0).toString(),
             QStringLiteral("%1: cannot read: %2").arg(path, reason));
}

QTEST_MAIN(TestPemFilePicker)
#include "tst_pemfilepicker.moc"
