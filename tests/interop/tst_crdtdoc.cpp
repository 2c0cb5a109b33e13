// SPDX-License-Identifier: MIT
#include "crdtpeerprocess.h"
#include "doc.h"
#include "jsoncodec.h"
#include "stream.h"

#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>

#include <memory>

using namespace sb;
using namespace Qt::StringLiterals;

// sblib's Doc against a real npm crdt 3.6.4 Doc (lib/crdtpeer.js) over TCP:
// what crdt's Sets and Seqs list, Doc lists in the same order, after
// concurrent inserts on both sides, from history and live.
class tst_CrdtDoc : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void concurrentInsertsSortAlikeOnBothSides();
    void aRowMovedLiveMovesOnTheOtherSide();
    void setsListTheSameRows();

private:
    void command(const QJsonArray &command) { m_crdt->command(command); }
    QJsonObject crdtState(const QString &field, const QString &value)
    {
        return m_crdt->state(field, value);
    }
    bool connectToCrdt();

    std::unique_ptr<CrdtPeerProcess> m_crdt;
    std::unique_ptr<Doc> m_doc;
    std::unique_ptr<QTcpSocket> m_socket;
    std::unique_ptr<Stream> m_stream;
};

namespace {
QStringList strings(const QJsonValue &array)
{
    QStringList list;
    for (const QJsonValue &value : array.toArray())
        list.append(value.toString());
    return list;
}
} // namespace

void tst_CrdtDoc::init()
{
    m_crdt = std::make_unique<CrdtPeerProcess>();
    QVERIFY2(m_crdt->start(u"NODE"_s), "crdtpeer.js did not start listening");
    m_doc = std::make_unique<Doc>(u"SCOPE"_s);
}

void tst_CrdtDoc::cleanup()
{
    m_stream.reset();
    m_socket.reset();
    m_doc.reset();
    m_crdt.reset();
}

bool tst_CrdtDoc::connectToCrdt()
{
    m_socket = std::make_unique<QTcpSocket>();
    m_stream = std::make_unique<Stream>(m_doc.get(), m_socket.get());
    QSignalSpy synced(m_stream.get(), &Stream::synced);
    m_socket->connectToHost(u"127.0.0.1"_s, m_crdt->port());
    m_stream->start();
    return QTest::qWaitFor([&] { return synced.count() > 0; }, 5000);
}

void tst_CrdtDoc::concurrentInsertsSortAlikeOnBothSides()
{
    // Apart: crdt pushes three rows; we put two at the start and one between.
    for (const char *id : {"n1", "n2", "n3"})
        command({u"push"_s, u"in"_s, u"todo"_s, QJsonObject{{u"id"_s, QString::fromLatin1(id)}}});
    const JsonValue todo(u"todo"_s);
    QVERIFY(m_doc->insertInSequence(u"c1"_s, u"in"_s, todo, {}, {}).ok());
    QVERIFY(m_doc->insertInSequence(u"c0"_s, u"in"_s, todo, {}, u"c1"_s).ok());
    QVERIFY(m_doc->insertInSequence(u"c2"_s, u"in"_s, todo, u"c1"_s, {}).ok());
    QCOMPARE(m_doc->sequence(u"in"_s, todo), QStringList({u"c0"_s, u"c1"_s, u"c2"_s}));

    QVERIFY(connectToCrdt());
    QStringList crdtOrder;
    QVERIFY(QTest::qWaitFor(
            [&] {
                return (crdtOrder = strings(crdtState(u"in"_s, u"todo"_s)[u"seq"_s])).size() == 6;
            },
            5000));
    QCOMPARE(m_doc->sequence(u"in"_s, todo), crdtOrder);
    // Each side's own inserts keep their order among themselves.
    QVERIFY(crdtOrder.indexOf(u"c0"_s) < crdtOrder.indexOf(u"c1"_s));
    QVERIFY(crdtOrder.indexOf(u"n1"_s) < crdtOrder.indexOf(u"n3"_s));
}

void tst_CrdtDoc::aRowMovedLiveMovesOnTheOtherSide()
{
    for (const char *id : {"a", "b", "c"})
        command({u"push"_s, u"in"_s, u"list"_s, QJsonObject{{u"id"_s, QString::fromLatin1(id)}}});
    QVERIFY(connectToCrdt());
    const JsonValue list(u"list"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_doc->sequence(u"in"_s, list).size() == 3; }, 5000));
    QCOMPARE(m_doc->sequence(u"in"_s, list), QStringList({u"a"_s, u"b"_s, u"c"_s}));

    // crdt moves a to the end: we follow.
    command({u"after"_s, u"in"_s, u"list"_s, u"a"_s, u"c"_s});
    QVERIFY(QTest::qWaitFor(
            [&] {
                return m_doc->sequence(u"in"_s, list) == QStringList({u"b"_s, u"c"_s, u"a"_s});
            },
            5000));
    // We put c first: crdt follows.
    QVERIFY(m_doc->insertInSequence(u"c"_s, u"in"_s, list, {}, u"b"_s).ok());
    QStringList crdtOrder;
    QVERIFY(QTest::qWaitFor(
            [&] {
                crdtOrder = strings(crdtState(u"in"_s, u"list"_s)[u"seq"_s]);
                return crdtOrder == QStringList({u"c"_s, u"b"_s, u"a"_s});
            },
            5000));
    QCOMPARE(m_doc->sequence(u"in"_s, list), crdtOrder);
    // And the documents hold the same rows and fields.
    const QByteArray theirs = crdtState(u"in"_s, u"list"_s)[u"json"_s].toString().toUtf8();
    QCOMPARE(QJsonDocument::fromJson(JsonCodec::stringify(m_doc->toJson())).object(),
             QJsonDocument::fromJson(theirs).object());
}

void tst_CrdtDoc::setsListTheSameRows()
{
    command({u"set"_s, u"t1"_s, QJsonObject{{u"type"_s, u"task"_s}}});
    command({u"set"_s, u"t2"_s, QJsonObject{{u"type"_s, u"task"_s}, {u"_sort"_s, u"A"_s}}});
    command({u"set"_s, u"n1"_s, QJsonObject{{u"type"_s, u"note"_s}}});
    QVERIFY(m_doc->setJson(u"t0"_s, R"({"type":"task"})").ok());
    QVERIFY(m_doc->setJson(u"t3"_s, R"({"type":"task","_sort":"0"})").ok());
    QVERIFY(connectToCrdt());
    QStringList crdtSet;
    QVERIFY(QTest::qWaitFor(
            [&] {
                return (crdtSet = strings(crdtState(u"type"_s, u"task"_s)[u"set"_s])).size() == 4;
            },
            5000));
    QCOMPARE(m_doc->setMembers(u"type"_s, JsonValue(u"task"_s)), crdtSet);
    // A row leaves the set when its field changes, on both sides.
    command({u"set"_s, u"t1"_s, QJsonObject{{u"type"_s, u"done"_s}}});
    QVERIFY(QTest::qWaitFor(
            [&] { return m_doc->setMembers(u"type"_s, JsonValue(u"task"_s)).size() == 3; }, 5000));
    QCOMPARE(m_doc->setMembers(u"type"_s, JsonValue(u"task"_s)),
             strings(crdtState(u"type"_s, u"task"_s)[u"set"_s]));
}

QTEST_GUILESS_MAIN(tst_CrdtDoc)
#include "tst_crdtdoc.moc"
