// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "doc.h"
#include "jsoncodec.h"
#include "replicatypes.h"
#include "sortkey_p.h"

#include <QSignalSpy>
#include <QTest>

using namespace sb;
using namespace Qt::StringLiterals;

// A Doc holds what npm crdt 3.6.4's Doc holds, update for update: these
// expectations were read off crdt's doc.js and checked against it (the
// interop tests check them against crdt itself).
class tst_Doc : public QObject
{
    Q_OBJECT

private slots:
    void isRegisteredAsDoc();
    void fieldsMergeOneByOneInEitherOrder();
    void rowsAndFieldsListInJavaScriptOrder();
    void historyKeepsAnUpdateWholeWhileAnyOfItsFieldsWins();
    void removingARowLeavesATombstonePerField();
    void aTombstoneFromAPeerMovesOnlyTheClock();
    void anOldUpdateBringsARemovedRowBackWithItsId();
    void tombstoneLinesReadAndWriteAsCrdtWritesThem();
    void refusedChangesMoveNothing();
    void setFieldJsonSendsOnlyThatField();
    void setsListRowsHoldingAValueBySortKeyThenId();
    void sortKeysFallBetweenTheirNeighboursAsNpmBetweenMakesThem();
    void insertingInASequencePlacesTheRowBetweenItsNeighbours();
};

namespace {

Update remote(const QString &row, const QByteArray &changes, double timestamp,
              const QString &source)
{
    return Update(row, changes, timestamp, source);
}

QByteArray json(const Doc &doc)
{
    return JsonCodec::stringify(doc.toJson());
}

QString notJsonMessage(QByteArrayView text)
{
    return Scuttlebutt::parseValueJson(text).errorMessage();
}

} // namespace

void tst_Doc::isRegisteredAsDoc()
{
    const auto doc = ReplicaTypes::create(u"doc", u"D"_s);
    QVERIFY(qobject_cast<Doc *>(doc.get()));
    QCOMPARE(doc->typeName(), u"doc"_s);
    QCOMPARE(doc->id(), u"D"_s);
    QVERIFY(ReplicaTypes::namesText().contains(u"doc"_s));
}

void tst_Doc::fieldsMergeOneByOneInEitherOrder()
{
    const Update created = remote(u"r1"_s, R"({"id":"r1","name":"x","type":"t"})", 1, u"A"_s);
    const Update renamed = remote(u"r1"_s, R"({"name":"y"})", 2, u"B"_s);
    const Update coloured = remote(u"r1"_s, R"({"colour":"red","name":"z"})", 1.5, u"C"_s);

    Doc inOrder;
    for (const Update &update : {created, coloured, renamed})
        inOrder.receive(update);
    Doc reversed;
    for (const Update &update : {renamed, coloured, created})
        reversed.receive(update);

    // name: B's at 2 wins over C's at 1.5 and A's at 1; the rest merge.
    const QByteArray expected = R"({"r1":{"id":"r1","name":"y","type":"t","colour":"red"}})";
    QCOMPARE(json(inOrder), expected);
    // Fields list in the order the row first got them, as a JavaScript object does.
    QCOMPARE(json(reversed),
             QByteArray(R"({"r1":{"id":"r1","name":"y","colour":"red","type":"t"}})"));
    const JsonObject row = inOrder.row(u"r1"_s);
    for (const JsonObject::Member &field : row.members())
        QCOMPARE(reversed.row(u"r1"_s).value(field.key), field.value);
    QCOMPARE(inOrder.fieldNames(), QStringList({u"id"_s, u"name"_s, u"type"_s, u"colour"_s}));
}

void tst_Doc::rowsAndFieldsListInJavaScriptOrder()
{
    Doc doc(u"LOCAL"_s);
    for (const QString &row : {u"b"_s, u"10"_s, u"a"_s, u"2"_s})
        QVERIFY(doc.setJson(row, R"({"v":1})").ok());
    // Array-index keys first, ascending; then the others as added.
    QCOMPARE(doc.rowIds(), QStringList({u"2"_s, u"10"_s, u"b"_s, u"a"_s}));
    QVERIFY(doc.remove(u"b"_s).ok());
    QVERIFY(doc.setJson(u"b"_s, R"({"v":2})").ok());
    QCOMPARE(doc.rowIds(), QStringList({u"2"_s, u"10"_s, u"a"_s, u"b"_s}));
}

void tst_Doc::historyKeepsAnUpdateWholeWhileAnyOfItsFieldsWins()
{
    Doc doc;
    const Update both = remote(u"r"_s, R"({"a":1,"b":1})", 1, u"A"_s);
    doc.receive(both);
    doc.receive(remote(u"r"_s, R"({"a":2})", 2, u"B"_s));
    // "b" still comes from the first update, which is sent whole, "a" and all.
    QCOMPARE(doc.history().size(), 2);
    QCOMPARE(doc.history().first(), both);
    QCOMPARE(doc.updateCount(), 2);
    QCOMPARE(doc.heldCounts(), (QHash<QString, qsizetype>{{u"A"_s, 1}, {u"B"_s, 1}}));
    doc.receive(remote(u"r"_s, R"({"b":3})", 3, u"B"_s));
    QCOMPARE(doc.history().size(), 2);
    QVERIFY(!doc.history().contains(both));
    QCOMPARE(doc.updateCount(), 2);
    QCOMPARE(doc.heldCounts(), (QHash<QString, qsizetype>{{u"B"_s, 2}}));
    QCOMPARE(json(doc), QByteArray(R"({"r":{"id":"r","a":2,"b":3}})"));
}

void tst_Doc::removingARowLeavesATombstonePerField()
{
    Doc doc(u"LOCAL"_s);
    QSignalSpy removed(&doc, &Doc::rowRemoved);
    QVERIFY(doc.setJson(u"keep"_s, R"({"n":1})").ok());
    QVERIFY(doc.setJson(u"gone"_s, R"({"a":1,"b":2})").ok());
    const auto removal = doc.remove(u"gone"_s);
    QVERIFY(removal.ok());
    QCOMPARE(removed.count(), 1);
    QVERIFY(!doc.hasRow(u"gone"_s));
    QCOMPARE(json(doc), QByteArray(R"({"keep":{"id":"keep","n":1}})"));

    // id, a and b: one tombstone each, stamped as the removal; the update
    // that set a and b is no longer held.
    const QList<Update> history = doc.history();
    QCOMPARE(history.size(), 4);
    QCOMPARE(doc.updateCount(), 4);
    for (int i = 1; i < 4; ++i) {
        QVERIFY(history.at(i).isTombstone());
        QCOMPARE(history.at(i).timestamp(), removal->timestamp());
    }
    QByteArray line;
    Dialect::v5().appendUpdate(line, history.at(1));
    QCOMPARE(line, "[null," + JsonCodec::numberToString(removal->timestamp()) + ",\"LOCAL\"]\n");
}

void tst_Doc::aTombstoneFromAPeerMovesOnlyTheClock()
{
    Doc doc;
    doc.receive(remote(u"r"_s, R"({"a":1})", 1, u"A"_s));
    const QByteArray before = json(doc);
    QCOMPARE(doc.receive(Update::tombstone(5, u"B"_s)), Scuttlebutt::Outcome::NotApplied);
    QCOMPARE(doc.clock().latest(u"B"_s), 5.0);
    QCOMPARE(json(doc), before);
    QCOMPARE(doc.history().size(), 1); // crdt keeps no tombstone it did not make
}

void tst_Doc::anOldUpdateBringsARemovedRowBackWithItsId()
{
    Doc doc;
    doc.receive(remote(u"r"_s, R"({"a":0})", 1, u"A"_s));
    doc.receive(remote(u"r"_s, "null", 5, u"B"_s));
    QVERIFY(!doc.hasRow(u"r"_s));
    // Older than the removal: "a" is not newer, but crdt adds the row first.
    QCOMPARE(doc.receive(remote(u"r"_s, R"({"a":1})", 3, u"A"_s)),
             Scuttlebutt::Outcome::NotApplied);
    QCOMPARE(json(doc), QByteArray(R"({"r":{"id":"r"}})"));
    // Newer: the field comes back.
    QCOMPARE(doc.receive(remote(u"r"_s, R"({"a":2})", 6, u"A"_s)), Scuttlebutt::Outcome::Applied);
    QCOMPARE(json(doc), QByteArray(R"({"r":{"id":"r","a":2}})"));
}

void tst_Doc::tombstoneLinesReadAndWriteAsCrdtWritesThem()
{
    const QByteArray line = R"([null,1796422057645.001,"NODEA"])";
    const auto parsed = JsonCodec::parse(line);
    QVERIFY(parsed.ok());
    QCOMPARE(Dialect::detect(parsed->toArray()), &Dialect::v5());
    const auto update = Dialect::v5().decode(parsed->toArray());
    QVERIFY(update.ok());
    QVERIFY(update->isTombstone());
    QCOMPARE(update->source(), u"NODEA"_s);
    QByteArray written;
    Dialect::v5().appendUpdate(written, *update);
    QCOMPARE(written, line + '\n');
    // Other replicas refuse it, naming why.
    const auto validated = Doc().validate(*update);
    QVERIFY2(validated.ok(), qPrintable(validated.errorMessage()));
    const auto refused = ReplicaTypes::create(u"model")->validate(*update);
    QVERIFY(!refused.ok());
    QVERIFY(refused.errorMessage().contains(u"[null, ...]"_s));
}

void tst_Doc::refusedChangesMoveNothing()
{
    Doc doc(u"LOCAL"_s);
    QVERIFY(doc.setJson(u"r"_s, R"({"a":1})").ok());
    const QByteArray before = json(doc);
    const Clock clock = doc.clock();

    QCOMPARE(doc.setJson(u"r"_s, "{}").errorMessage(), u"no fields to set"_s);
    QVERIFY(doc.setJson(u"r"_s, "[1]").errorMessage().contains(u"object"_s));
    QVERIFY(doc.setJson(u"r"_s, R"({"id":"other"})").errorMessage().contains(u"id"_s));
    QVERIFY(doc.setJson(u"r"_s, R"({"__proto__":{"x":1}})")
                    .errorMessage()
                    .contains(u"__proto__"_s));
    QVERIFY(doc.setJson(u"__proto__"_s, R"({"a":1})").errorMessage().contains(u"__proto__"_s));
    const auto notJson = doc.setJson(u"r"_s, "{a:1}");
    QCOMPARE(notJson.error().kind, Error::Kind::InvalidJson);
    QVERIFY(notJson.errorMessage().startsWith(u"the value is not valid JSON: "_s));
    // One field by its JSON text, with the same words.
    QCOMPARE(doc.setFieldJson(u"r"_s, u"a"_s, "'x'").errorMessage(), notJsonMessage("'x'"));
    QVERIFY(doc.setFieldJson(u"r"_s, u"__proto__"_s, "1").errorMessage().contains(u"__proto__"_s));
    QVERIFY(doc.setFieldJson(u"r"_s, u"id"_s, R"("other")").errorMessage().contains(u"id"_s));

    // From a peer: changes that are not an object, and a "__proto__" field.
    const Update scalar = remote(u"r"_s, "5", 9, u"P"_s);
    QVERIFY(doc.validate(scalar).errorMessage().contains(u"rowId"_s));
    const Update proto = remote(u"r"_s, R"({"__proto__":1})", 9, u"P"_s);
    QVERIFY(doc.validate(proto).errorMessage().contains(u"__proto__"_s));
    // A stream's fast path reads no value: the Doc reads it before anything moves.
    const Update twice = Update::fromCanonical("\"r\"", R"({"a":1,"a":2})", 9, u"P"_s);
    QVERIFY(doc.validate(twice).errorMessage().contains(u"not valid JSON"_s));
    QCOMPARE(json(doc), before);
    QCOMPARE(doc.clock(), clock);
}

void tst_Doc::setFieldJsonSendsOnlyThatField()
{
    Doc doc(u"LOCAL"_s);
    QVERIFY(doc.setJson(u"r"_s, R"({"a":1,"b":2})").ok());
    const auto update = doc.setFieldJson(u"r"_s, u"b"_s, " [ 1 , 2 ] ");
    QVERIFY2(update.ok(), qPrintable(update.errorMessage()));
    QCOMPARE(update->value(), QByteArray(R"({"b":[1,2]})"));
    QCOMPARE(json(doc), QByteArray(R"({"r":{"id":"r","a":1,"b":[1,2]}})"));
}

void tst_Doc::setsListRowsHoldingAValueBySortKeyThenId()
{
    Doc doc;
    doc.receive(remote(u"c"_s, R"({"type":"todo"})", 1, u"A"_s));
    doc.receive(remote(u"a"_s, R"({"type":"todo","_sort":"z"})", 2, u"A"_s));
    doc.receive(remote(u"b"_s, R"({"type":"done"})", 3, u"A"_s));
    doc.receive(remote(u"d"_s, R"({"type":"todo"})", 4, u"A"_s));
    // crdt's Set.toJSON: by _sort || id.
    QCOMPARE(doc.setMembers(u"type"_s, JsonValue(u"todo"_s)),
             QStringList({u"c"_s, u"d"_s, u"a"_s}));
    QCOMPARE(doc.setMembers(u"type"_s, JsonValue(u"done"_s)), QStringList({u"b"_s}));
    QVERIFY(doc.setMembers(u"type"_s, JsonValue(u"none"_s)).isEmpty());
}

void tst_Doc::sortKeysFallBetweenTheirNeighboursAsNpmBetweenMakesThem()
{
    // What npm between 0.1.3 returns for these pairs.
    const struct
    {
        QString low, high, between;
    } cases[] = {
            {u"!"_s, u"~"_s, u"V"_s},     {u"V"_s, u"~"_s, u"k"_s},    {u"!"_s, u"V"_s, u"F"_s},
            {u"V"_s, u"W"_s, u"VV"_s},    {u"V"_s, u"V0"_s, u"V!V"_s}, {u"a"_s, u"b"_s, u"aV"_s},
            {u"ab"_s, u"ac"_s, u"abV"_s}, {u"A"_s, u"AB"_s, u"A5"_s},  {u"0"_s, u"1"_s, u"0V"_s}};
    for (const auto &c : cases)
        QCOMPARE(SortKey::between(c.low, c.high), std::optional<QString>(c.between));
    QVERIFY(!SortKey::between(u"b"_s, u"a"_s));
    QVERIFY(!SortKey::between(u"a"_s, u"a"_s));
    QCOMPARE(SortKey::randomTail(3).size(), 3);
}

void tst_Doc::insertingInASequencePlacesTheRowBetweenItsNeighbours()
{
    Doc doc(u"LOCAL"_s);
    const JsonValue list(u"list"_s);
    QVERIFY(doc.insertInSequence(u"first"_s, u"in"_s, list, {}, {}).ok());
    QVERIFY(doc.insertInSequence(u"last"_s, u"in"_s, list, u"first"_s, {}).ok());
    QVERIFY(doc.insertInSequence(u"middle"_s, u"in"_s, list, u"first"_s, u"last"_s).ok());
    QVERIFY(doc.insertInSequence(u"start"_s, u"in"_s, list, {}, u"first"_s).ok());
    QCOMPARE(doc.sequence(u"in"_s, list),
             QStringList({u"start"_s, u"first"_s, u"middle"_s, u"last"_s}));
    // The row got the set's field, and a _sort of the key and a 3-character tail.
    const JsonObject middle = doc.row(u"middle"_s);
    QCOMPARE(middle.value(u"in"), list);
    QVERIFY(middle.value(u"_sort").isString());
    // Moving a row rewrites only its _sort.
    const auto moved = doc.insertInSequence(u"start"_s, u"in"_s, list, u"last"_s, {});
    QVERIFY(moved.ok());
    QVERIFY(!moved->valueText().contains("\"in\""));
    QCOMPARE(doc.sequence(u"in"_s, list).last(), u"start"_s);
}

QTEST_GUILESS_MAIN(tst_Doc)
#include "tst_doc.moc"
