#include "testsupport.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QLineEdit>
#include <QPointer>
#include <QSettings>
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

} // namespace TestSupport

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
    start(QStringList {QStringLiteral("serve"), QStringLiteral("--listen"),
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
    start(QStringList {QStringLiteral("connect"), address, QStringLiteral("--stdin")} + arguments);
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
