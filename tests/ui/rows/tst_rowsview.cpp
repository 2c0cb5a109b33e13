// SPDX-License-Identifier: MIT
#include "doc.h"
#include "filterlineedit.h"
#include "messagebar.h"
#include "rowsmodel.h"
#include "rowsview.h"
#include "testsupport.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace sb;
using namespace Qt::StringLiterals;

// The rows of a crdt Doc in the window: a table with a column per field,
// edited as JSON one field at a time, with crdt's Sets and Seqs beside it.
class TestRowsView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsARowPerRowAndAColumnPerField();
    void editingACellSendsOnlyThatField();
    void refusesAnEditThatIsNotJsonAndKeepsTheRow();
    void theIdColumnCannotBeEdited();
    void setRowBarCreatesARowFromAnObjectOfFields();
    void removingARowTakesItOutOfTheTable();
    void peersChangesShowInTheTable();
    void filterNarrowsTheRowsByAnyField();
    void setsListValuesAndSequencesListRowsBySort();
    void readOnlyShowsButDoesNotEdit();

private:
    QModelIndex cell(const QString &rowId, const QString &field) const;

    Doc *m_doc = nullptr;
    RowsModel *m_model = nullptr;
    RowsView *m_view = nullptr;
};

void TestRowsView::init()
{
    m_doc = new Doc(u"LOCAL"_s);
    QVERIFY(m_doc->setJson(u"r1"_s, R"({"name":"x","done":false})").ok());
    QVERIFY(m_doc->setJson(u"r2"_s, R"({"name":"y","colour":"red"})").ok());
    m_model = new RowsModel(m_doc);
    m_view = new RowsView;
    m_view->setModel(m_model);
    // The rows model, through the view's proxy, as fields add columns.
    TestSupport::watchModels(m_view);
    m_view->resize(900, 500);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view));
}

void TestRowsView::cleanup()
{
    delete m_view;
    delete m_model;
    delete m_doc;
}

QModelIndex TestRowsView::cell(const QString &rowId, const QString &field) const
{
    return m_view->proxy()->mapFromSource(
            m_model->index(m_model->rowOf(rowId), m_model->columnOf(field)));
}

void TestRowsView::showsARowPerRowAndAColumnPerField()
{
    QCOMPARE(m_view->proxy()->rowCount(), 2);
    QStringList headers;
    for (int column = 0; column < m_view->proxy()->columnCount(); ++column)
        headers.append(m_view->proxy()->headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers, QStringList({u"id"_s, u"name"_s, u"done"_s, u"colour"_s}));
    QCOMPARE(cell(u"r1"_s, u"name"_s).data().toString(), u"\"x\""_s);
    QCOMPARE(cell(u"r1"_s, u"done"_s).data().toString(), u"false"_s);
    QVERIFY(!cell(u"r1"_s, u"colour"_s).data().isValid()); // r1 has no colour
    QVERIFY(cell(u"r2"_s, u"colour"_s)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(u"set by LOCAL"_s));
}

void TestRowsView::editingACellSendsOnlyThatField()
{
    QSignalSpy sent(m_doc, &Scuttlebutt::localUpdateApplied);
    QVERIFY(TestSupport::editCell(m_view->table(), cell(u"r1"_s, u"name"_s), u"\"renamed\""_s));

    QCOMPARE(sent.count(), 1);
    const auto update = sent.first().first().value<Update>();
    QCOMPARE(update.key(), u"r1"_s);
    QCOMPARE(update.value(), QByteArray(R"({"name":"renamed"})"));
    QCOMPARE(cell(u"r1"_s, u"name"_s).data().toString(), u"\"renamed\""_s);
    QCOMPARE(cell(u"r1"_s, u"done"_s).data().toString(), u"false"_s);
}

void TestRowsView::refusesAnEditThatIsNotJsonAndKeepsTheRow()
{
    const QByteArray before = m_doc->history().last().value();
    QVERIFY(!m_view->proxy()->setData(cell(u"r1"_s, u"name"_s), u"renamed"_s));
    QVERIFY(m_view->messageBar()->isVisible());
    QVERIFY2(m_view->messageBar()->text().contains(u"not valid JSON"_s),
             qPrintable(m_view->messageBar()->text()));
    QVERIFY(m_view->messageBar()->text().contains(u"\"r1\""_s));
    QVERIFY2(m_view->messageBar()->text().startsWith(
                     u"Field \"name\" of row \"r1\" not changed: the value is not valid JSON: "_s),
             qPrintable(m_view->messageBar()->text()));
    QVERIFY(m_view->messageBar()->text().endsWith(
            u". Strings need double quotes, e.g. \"text\"."_s));
    QCOMPARE(cell(u"r1"_s, u"name"_s).data().toString(), u"\"x\""_s);
    QCOMPARE(m_doc->history().last().value(), before);
}

void TestRowsView::theIdColumnCannotBeEdited()
{
    QVERIFY(!(cell(u"r1"_s, u"id"_s).flags() & Qt::ItemIsEditable));
    QVERIFY(cell(u"r1"_s, u"name"_s).flags() & Qt::ItemIsEditable);
}

void TestRowsView::setRowBarCreatesARowFromAnObjectOfFields()
{
    QTest::keyClicks(m_view->rowIdEdit(), u"r3"_s);
    QTest::keyClicks(m_view->fieldsEdit(), uR"({"name":"z","priority":2})"_s);
    QTest::mouseClick(m_view->setRowButton(), Qt::LeftButton);
    QCOMPARE(m_view->proxy()->rowCount(), 3);
    QCOMPARE(cell(u"r3"_s, u"priority"_s).data().toString(), u"2"_s);
    QVERIFY(m_view->fieldsEdit()->text().isEmpty());
    QCOMPARE(m_view->table()->currentIndex().row(), cell(u"r3"_s, u"id"_s).row());

    // A list is not an object of fields: refused, with the row id named.
    QTest::keyClicks(m_view->rowIdEdit(), u"4"_s); // "r34"
    QTest::keyClicks(m_view->fieldsEdit(), u"[1,2]"_s);
    QTest::keyClick(m_view->fieldsEdit(), Qt::Key_Return);
    QCOMPARE(m_view->proxy()->rowCount(), 3);
    QVERIFY2(m_view->messageBar()->text().contains(u"\"r34\""_s),
             qPrintable(m_view->messageBar()->text()));
    QCOMPARE(m_view->fieldsEdit()->text(), u"[1,2]"_s); // kept for fixing
}

void TestRowsView::removingARowTakesItOutOfTheTable()
{
    m_view->table()->selectRow(cell(u"r1"_s, u"id"_s).row());
    m_view->removeRowsAction()->trigger();
    QCOMPARE(m_view->proxy()->rowCount(), 1);
    QVERIFY(!m_doc->hasRow(u"r1"_s));
    QCOMPARE(m_model->rowIdAt(0), u"r2"_s);
}

void TestRowsView::peersChangesShowInTheTable()
{
    QSignalSpy columns(m_model, &QAbstractItemModel::columnsInserted);
    const double later = m_doc->clock().latest(u"LOCAL"_s) + 1000;
    m_doc->receive(Update(u"r2"_s, R"({"name":"from peer","size":"L"})", later, u"PEER"_s));
    m_doc->receive(Update(u"r9"_s, R"({"name":"new"})", later + 1, u"PEER"_s));
    m_doc->receive(Update(u"r1"_s, "null", later + 2, u"PEER"_s));
    // In one batch, within the next tick of the model's timer.
    QTRY_COMPARE(columns.count(), 1);
    QCOMPARE(m_view->proxy()->rowCount(), 2);
    QCOMPARE(cell(u"r2"_s, u"name"_s).data().toString(), u"\"from peer\""_s);
    QCOMPARE(cell(u"r2"_s, u"size"_s).data().toString(), u"\"L\""_s);
    QCOMPARE(cell(u"r9"_s, u"name"_s).data().toString(), u"\"new\""_s);
    QVERIFY(!cell(u"r1"_s, u"id"_s).isValid());
}

void TestRowsView::filterNarrowsTheRowsByAnyField()
{
    QTest::keyClicks(m_view->filterEdit(), u"red"_s);
    QTRY_COMPARE(m_view->proxy()->rowCount(), 1);
    QCOMPARE(m_view->proxy()->index(0, 0).data().toString(), u"\"r2\""_s);
    m_view->filterEdit()->clear();
    QTRY_COMPARE(m_view->proxy()->rowCount(), 2);
}

void TestRowsView::setsListValuesAndSequencesListRowsBySort()
{
    QVERIFY(m_doc->setJson(u"a"_s, R"({"list":"todo","_sort":"V"})").ok());
    QVERIFY(m_doc->setJson(u"b"_s, R"({"list":"todo","_sort":"F"})").ok());
    QVERIFY(m_doc->setJson(u"c"_s, R"({"list":"done"})").ok());
    m_model->flush();
    QComboBox *field = m_view->groupFieldBox();
    QVERIFY(field->findText(u"_sort"_s) < 0); // the order, not a set
    field->setCurrentIndex(field->findText(u"list"_s));
    QListWidget *sets = m_view->setsList();
    QCOMPARE(sets->count(), 2);
    QCOMPARE(sets->item(0)->text(), u"\"done\" (1)"_s);
    QCOMPARE(sets->item(1)->text(), u"\"todo\" (2)"_s);
    sets->setCurrentRow(1);
    QListWidget *sequence = m_view->sequenceList();
    QCOMPARE(sequence->count(), 2);
    QCOMPARE(sequence->item(0)->text(), u"b"_s); // "F" sorts before "V"
    QCOMPARE(sequence->item(1)->text(), u"a"_s);
    // Picking a row in the sequence selects it in the table.
    sequence->setCurrentRow(1);
    QCOMPARE(m_view->table()->currentIndex().row(), cell(u"a"_s, u"id"_s).row());
    // The sequence follows the rows: b moves after a.
    QVERIFY(m_doc->insertInSequence(u"b"_s, u"list"_s, JsonValue(u"todo"_s), u"a"_s, {}).ok());
    QTRY_COMPARE(sequence->count(), 2);
    QTRY_COMPARE(sequence->item(0)->text(), u"a"_s);
}

void TestRowsView::readOnlyShowsButDoesNotEdit()
{
    m_view->setReadOnly(true);
    QCOMPARE(m_view->table()->editTriggers(), QAbstractItemView::NoEditTriggers);
    QVERIFY(!m_view->setRowButton()->isEnabled());
    QVERIFY(!m_view->removeRowsAction()->isEnabled());
}

QTEST_MAIN(TestRowsView)
#include "tst_rowsview.moc"
