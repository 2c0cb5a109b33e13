// SPDX-License-Identifier: MIT
#include "crdtpeerprocess.h"
#include "doc.h"
#include "jsoncodec.h"
#include "mainwindow.h"
#include "model.h"
#include "peerconnection.h"
#include "replicasession.h"
#include "rowsmodel.h"
#include "rowsview.h"
#include "testsupport.h"

#include <QAbstractButton>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace sb;
using namespace Qt::StringLiterals;

// The rows view of a Doc connected to a real npm crdt 3.6.4 Doc
// (tests/interop/lib/crdtpeer.js): crdt's rows show, and a cell edited in the
// window reaches crdt as crdt's own row.set would send it, one field alone.
class TestRowsNode : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void crdtRowsShowAndAnEditedCellReachesCrdtAsOneField();
    void aRowRemovedInTheWindowIsRemovedInCrdt();
    void aModelConnectedToCrdtIsOfferedADocThatReadsIt();

private:
    void command(const QJsonArray &command) { m_crdt->command(command); }
    QJsonObject crdtState() { return m_crdt->state(QStringLiteral("id"), {}); }
    void connectWindow();
    QModelIndex cell(const QString &rowId, const QString &field) const;

    std::unique_ptr<CrdtPeerProcess> m_crdt;
    ReplicaSession *m_session = nullptr;
    RowsModel *m_model = nullptr;
    RowsView *m_view = nullptr;
};

void TestRowsNode::init()
{
    m_crdt = std::make_unique<CrdtPeerProcess>();
    QVERIFY2(m_crdt->start(u"NODE"_s), "crdtpeer.js did not start listening");
}

void TestRowsNode::cleanup()
{
    delete m_view;
    m_view = nullptr;
    delete m_model;
    m_model = nullptr;
    delete m_session;
    m_session = nullptr;
    m_crdt.reset();
}

void TestRowsNode::connectWindow()
{
    m_session = new ReplicaSession;
    m_session->newReplica(Doc::kTypeName, u"SCOPE"_s);
    PeerConnection *peer = m_session->connectToPeer(
            PeerSpec::fromAddress(u"127.0.0.1:%1"_s.arg(m_crdt->port())).value());
    QTRY_COMPARE(peer->state(), PeerConnection::State::Synced);
    m_model = new RowsModel(m_session->doc());
    m_view = new RowsView;
    m_view->setModel(m_model);
    m_view->show();
}

QModelIndex TestRowsNode::cell(const QString &rowId, const QString &field) const
{
    return m_view->proxy()->mapFromSource(
            m_model->index(m_model->rowOf(rowId), m_model->columnOf(field)));
}

void TestRowsNode::crdtRowsShowAndAnEditedCellReachesCrdtAsOneField()
{
    command({u"set"_s, u"task"_s, QJsonObject{{u"title"_s, u"write"_s}, {u"done"_s, false}}});
    command({u"set"_s, u"task"_s, QJsonObject{{u"owner"_s, u"ann"_s}}});
    connectWindow();
    QTRY_COMPARE(m_view->proxy()->rowCount(), 1);
    QCOMPARE(cell(u"task"_s, u"title"_s).data().toString(), u"\"write\""_s);
    QCOMPARE(cell(u"task"_s, u"owner"_s).data().toString(), u"\"ann\""_s);

    QVERIFY(TestSupport::editCell(m_view->table(), cell(u"task"_s, u"done"_s), u"true"_s));

    // crdt holds the row with done changed and every other field kept ...
    QJsonObject state;
    QTRY_VERIFY((state = crdtState(),
                 QJsonDocument::fromJson(state[u"json"_s].toString().toUtf8())
                                 .object()[u"task"_s]
                                 .toObject()[u"done"_s]
                         == QJsonValue(true)));
    const QJsonObject task = QJsonDocument::fromJson(state[u"json"_s].toString().toUtf8())
                                     .object()[u"task"_s]
                                     .toObject();
    QCOMPARE(task,
             (QJsonObject{{u"id"_s, u"task"_s},
                          {u"title"_s, u"write"_s},
                          {u"done"_s, true},
                          {u"owner"_s, u"ann"_s}}));
    // ... from our update, which carries that one field, as crdt's row.set sends it.
    const QJsonArray history = state[u"history"_s].toArray();
    const QJsonArray last = history.last().toArray();
    QCOMPARE(last.at(0).toArray(), (QJsonArray{u"task"_s, QJsonObject{{u"done"_s, true}}}));
    QCOMPARE(last.at(2).toString(), u"SCOPE"_s);
}

void TestRowsNode::aRowRemovedInTheWindowIsRemovedInCrdt()
{
    command({u"set"_s, u"keep"_s, QJsonObject{{u"n"_s, 1}}});
    command({u"set"_s, u"drop"_s, QJsonObject{{u"n"_s, 2}}});
    connectWindow();
    QTRY_COMPARE(m_view->proxy()->rowCount(), 2);
    m_view->table()->selectRow(cell(u"drop"_s, u"id"_s).row());
    m_view->removeRowsAction()->trigger();
    QCOMPARE(m_view->proxy()->rowCount(), 1);
    QTRY_COMPARE(crdtState()[u"json"_s].toString(), uR"({"keep":{"id":"keep","n":1}})"_s);
}

void TestRowsNode::aModelConnectedToCrdtIsOfferedADocThatReadsIt()
{
    QTemporaryDir settings;
    TestSupport::isolateSettings(settings);
    command({u"set"_s, u"kept"_s, QJsonObject{{u"n"_s, 1}}});
    command({u"set"_s, u"gone"_s, QJsonObject{{u"n"_s, 2}}});
    command({u"rm"_s, u"gone"_s}); // crdt now holds tombstones for its fields
    AppUnderTest app;
    MainWindow *window = app.createWindow();
    app.session->newReplica(Model::kTypeName, u"SCOPE"_s);
    app.session->connectToPeer(
            PeerSpec::fromAddress(u"127.0.0.1:%1"_s.arg(m_crdt->port())).value());

    // The Model refuses the first tombstone, and the window offers a Doc.
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = window->findChild<QMessageBox *>()) != nullptr);
    QVERIFY2(box->text().contains(u"crdt Doc"_s), qPrintable(box->text()));
    QAbstractButton *open = nullptr;
    for (QAbstractButton *button : box->buttons()) {
        if (button->text() == u"Open as Doc")
            open = button;
    }
    QVERIFY(open);
    open->click();

    QTRY_VERIFY(app.session->doc());
    QTRY_COMPARE(app.session->peers().size(), 1);
    QTRY_COMPARE(app.session->peers().first()->state(), PeerConnection::State::Synced);
    QCOMPARE(JsonCodec::stringify(app.session->doc()->toJson()),
             QByteArray(R"({"kept":{"id":"kept","n":1}})"));
    QTRY_COMPARE(window->rowsView()->proxy()->rowCount(), 1);
    QVERIFY(TestSupport::shutDown(*app.session));
}

QTEST_MAIN(TestRowsNode)
#include "tst_rowsnode.moc"
