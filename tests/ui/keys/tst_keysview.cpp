// SPDX-License-Identifier: MIT
#include "addkeydialog.h"
#include "expectok.h"
#include "filterlineedit.h"
#include "keysmodel.h"
#include "keysproxymodel.h"
#include "keysview.h"
#include "messagebar.h"
#include "model.h"
#include "testsupport.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace sb;

class TestKeysView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void editingAValueInTheTableSetsItInTheReplica();
    void refusesInvalidJsonWithAMessageNamingTheKey_data();
    void refusesInvalidJsonWithAMessageNamingTheKey();
    void refusesAValueNestedDeeperThanPeersTake();
    void deletingTheSelectedKeySetsItToNull();
    void copyAsJsonPutsTheSelectedKeysOnTheClipboard();
    void addKeyDialogRefusesInvalidJsonThenAddsTheKey();
    void filterBoxNarrowsTheTable();
    void selectedValueIsShownIndented();

private:
    QModelIndex valueIndex(const QString &key) const;
    void select(const QStringList &keys);

    std::unique_ptr<Model> m_model;
    std::unique_ptr<KeysModel> m_keys;
    std::unique_ptr<KeysView> m_view;
};

void TestKeysView::init()
{
    m_model = std::make_unique<Model>(QStringLiteral("LOCAL"));
    expectOk(m_model->set(QStringLiteral("colour"), JsonValue(QStringLiteral("red"))));
    expectOk(m_model->set(QStringLiteral("count"), JsonValue(3)));
    JsonObject nested;
    nested.insert(QStringLiteral("a"), JsonValue(1));
    expectOk(m_model->set(QStringLiteral("nested"), JsonValue(std::move(nested))));
    m_keys = std::make_unique<KeysModel>(m_model.get());
    m_view = std::make_unique<KeysView>();
    m_view->setModel(m_keys.get());
    // The keys and the view's proxy over them, as edits and filters change them.
    TestSupport::watchModels(m_view.get());
    m_view->resize(1000, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
}

void TestKeysView::cleanup()
{
    m_view.reset();
    m_keys.reset();
    m_model.reset();
}

QModelIndex TestKeysView::valueIndex(const QString &key) const
{
    const int source = m_keys->rowOfKey(key);
    return m_view->proxy()->mapFromSource(m_keys->index(source, KeysModel::ValueColumn));
}

void TestKeysView::select(const QStringList &keys)
{
    QItemSelectionModel *selection = m_view->table()->selectionModel();
    selection->clearSelection();
    for (const QString &key : keys)
        selection->select(valueIndex(key), QItemSelectionModel::Select | QItemSelectionModel::Rows);
    selection->setCurrentIndex(valueIndex(keys.constFirst()), QItemSelectionModel::NoUpdate);
}

void TestKeysView::editingAValueInTheTableSetsItInTheReplica()
{
    QVERIFY(TestSupport::editCell(m_view->table(), valueIndex(QStringLiteral("count")),
                                  QStringLiteral("[1, 2, {\"x\": true}]")));
    QCOMPARE(m_model->entry(QStringLiteral("count")).value(), QByteArray("[1,2,{\"x\":true}]"));
    QCOMPARE(valueIndex(QStringLiteral("count")).data().toString(),
             QStringLiteral("[1,2,{\"x\":true}]"));
    QVERIFY(m_view->messageBar()->isHidden());
}

void TestKeysView::refusesInvalidJsonWithAMessageNamingTheKey_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("bare word") << "blue";
    QTest::newRow("single quotes") << "'blue'";
    QTest::newRow("unclosed object") << "{\"a\": 1";
    QTest::newRow("trailing comma") << "[1, 2,]";
    QTest::newRow("two values") << "1 2";
    QTest::newRow("empty") << "";
}

void TestKeysView::refusesInvalidJsonWithAMessageNamingTheKey()
{
    QFETCH(QString, text);
    const Update before = m_model->entry(QStringLiteral("colour"));
    QVERIFY(TestSupport::editCell(m_view->table(), valueIndex(QStringLiteral("colour")), text));

    QVERIFY(m_view->messageBar()->isVisible());
    QCOMPARE(m_view->messageBar()->severity(), Severity::Error);
    const QString message = m_view->messageBar()->text();
    QVERIFY2(message.contains(QStringLiteral("\"colour\"")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not valid JSON")), qPrintable(message));
    // sblib's words, then the hint every value editor gives.
    QVERIFY2(message.startsWith(
                     QStringLiteral("Key \"colour\" not changed: the value is not valid JSON: ")),
             qPrintable(message));
    QVERIFY2(message.endsWith(QStringLiteral(". Strings need double quotes, e.g. \"text\".")),
             qPrintable(message));
    QCOMPARE(m_model->entry(QStringLiteral("colour")), before);
    QCOMPARE(valueIndex(QStringLiteral("colour")).data().toString(), QStringLiteral("\"red\""));
}

void TestKeysView::refusesAValueNestedDeeperThanPeersTake()
{
    const Update before = m_model->entry(QStringLiteral("colour"));
    const QString tooDeep = QString(63, u'[') + QString(63, u']');
    QVERIFY(TestSupport::editCell(m_view->table(), valueIndex(QStringLiteral("colour")), tooDeep));

    QCOMPARE(m_view->messageBar()->severity(), Severity::Error);
    QCOMPARE(m_view->messageBar()->text(),
             QStringLiteral("Key \"colour\" not changed: the value nests 63 levels deep, more "
                            "than the 62 that every peer takes."));
    QCOMPARE(m_model->entry(QStringLiteral("colour")), before);
}

void TestKeysView::deletingTheSelectedKeySetsItToNull()
{
    select({QStringLiteral("count")});
    m_view->deleteKeysAction()->trigger();
    QVERIFY(m_model->get(QStringLiteral("count")).isNull());
    QVERIFY(!valueIndex(QStringLiteral("count")).isValid()); // hidden with other deleted keys
    QCOMPARE(m_view->proxy()->rowCount(), 2);
}

void TestKeysView::copyAsJsonPutsTheSelectedKeysOnTheClipboard()
{
    select({QStringLiteral("colour"), QStringLiteral("nested")});
    m_view->copyJsonAction()->trigger();
    QCOMPARE(QApplication::clipboard()->text(),
             QStringLiteral("{\"colour\":\"red\",\"nested\":{\"a\":1}}"));
}

void TestKeysView::addKeyDialogRefusesInvalidJsonThenAddsTheKey()
{
    m_view->addKeyAction()->trigger();
    auto *dialog = m_view->findChild<AddKeyDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    QPushButton *ok = dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);

    QTest::keyClicks(dialog->keyEdit(), QStringLiteral("user:42"));
    QTest::keyClicks(dialog->valueEdit(), QStringLiteral("{name: \"Ann\"}"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QVERIFY2(dialog->errorText().contains(QStringLiteral("not valid JSON")),
             qPrintable(dialog->errorText()));
    QVERIFY2(dialog->errorText().endsWith(
                     QStringLiteral("Strings need double quotes, e.g. \"text\".")),
             qPrintable(dialog->errorText()));
    QVERIFY(!m_model->contains(QStringLiteral("user:42")));

    // Any refusal of the replica keeps the dialog open, in the replica's words.
    dialog->keyEdit()->setText(QStringLiteral("__proto__"));
    dialog->valueEdit()->setText(QStringLiteral("1"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->errorText(),
             QStringLiteral("Key \"__proto__\" not changed: the key \"__proto__\" is not "
                            "allowed."));
    dialog->keyEdit()->setText(QStringLiteral("user:42"));

    dialog->valueEdit()->setText(QStringLiteral("{\"name\": \"Ann\"}"));
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY(!dialog->isVisible());
    QCOMPARE(m_model->entry(QStringLiteral("user:42")).value(), QByteArray("{\"name\":\"Ann\"}"));
    QTRY_COMPARE(
            m_view->table()->currentIndex().siblingAtColumn(KeysModel::KeyColumn).data().toString(),
            QStringLiteral("user:42"));
}

void TestKeysView::filterBoxNarrowsTheTable()
{
    QCOMPARE(m_view->proxy()->rowCount(), 3);
    QTest::keyClicks(m_view->filterEdit(), QStringLiteral("CO"));
    QTRY_COMPARE(m_view->proxy()->rowCount(), 2); // colour, count
    m_view->filterEdit()->clear();
    QTRY_COMPARE(m_view->proxy()->rowCount(), 3);
}

void TestKeysView::selectedValueIsShownIndented()
{
    select({QStringLiteral("nested")});
    auto *pane = m_view->findChild<QPlainTextEdit *>();
    QVERIFY(pane);
    QCOMPARE(pane->toPlainText(), QStringLiteral("{\n  \"a\": 1\n}"));
}

QTEST_MAIN(TestKeysView)
#include "tst_keysview.moc"
