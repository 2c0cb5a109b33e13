// SPDX-License-Identifier: MIT
#include "jsoncodec.h"
#include "jsonvalue.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;
using sb::JsonArray;
using sb::JsonObject;
using sb::JsonValue;

Q_DECLARE_METATYPE(sb::JsonValue)

namespace sb {

// Lets QCOMPARE show values as JSON text when they differ.
char *toString(const JsonValue &value)
{
    return qstrdup(value.isUndefined() ? "undefined" : JsonCodec::stringify(value).constData());
}

} // namespace sb

namespace {

QStringList keysOf(const JsonObject &object)
{
    QStringList keys;
    for (const JsonObject::Member &member : object.members())
        keys.append(member.key);
    return keys;
}

} // namespace

class TestJsonValue : public QObject
{
    Q_OBJECT

private slots:
    void defaultsToUndefined();
    void holdsEachType();
    void copiesDeeply();
    void movingLeavesSourceUndefined();
    void selfAssignmentKeepsValue();
    void readsOtherTypesAsEmptyContainers();
    void mutableAccessorsTurnValueIntoContainer();
    void comparesByTypeAndContent_data();
    void comparesByTypeAndContent();
    void recognisesArrayIndexKeys_data();
    void recognisesArrayIndexKeys();
    void ordersMembersAsJavaScriptDoes_data();
    void ordersMembersAsJavaScriptDoes();
    void reinsertingKeyKeepsItsPosition();
    void findsAndRemovesMembers();
    void largeObjectsKeepOrderAndLookupThroughChanges();
    void largeObjectsOfIndexKeysFindEveryMember();
    void matchesReferenceOrderUnderRandomEdits();
    void copiedLargeObjectsStayIndependent();
    void destroysVeryDeepValuesWithoutRecursing();
};

void TestJsonValue::defaultsToUndefined()
{
    const JsonValue value;
    QVERIFY(value.isUndefined());
    QCOMPARE(value.type(), JsonValue::Type::Undefined);
}

void TestJsonValue::holdsEachType()
{
    QVERIFY(JsonValue(nullptr).isNull());
    QVERIFY(JsonValue(true).isBool());
    QCOMPARE(JsonValue(true).toBool(), true);
    QCOMPARE(JsonValue(false).toBool(), false);
    QVERIFY(JsonValue(1.5).isNumber());
    QCOMPARE(JsonValue(1.5).toNumber(), 1.5);
    QCOMPARE(JsonValue(-7).toNumber(), -7.0);
    QVERIFY(JsonValue(u"text"_s).isString());
    QCOMPARE(JsonValue(u"text"_s).toString(), u"text"_s);
    QCOMPARE(JsonValue("h\xc3\xa9").toString(), u"h\u00e9"_s);
    const JsonValue array(JsonArray{1, "a"});
    QVERIFY(array.isArray());
    QCOMPARE(array.toArray().size(), size_t(2));
    JsonObject object;
    object.insert(u"k"_s, 1);
    const JsonValue objectValue(object);
    QVERIFY(objectValue.isObject());
    QCOMPARE(objectValue.toObject().value(u"k").toNumber(), 1.0);
}

void TestJsonValue::copiesDeeply()
{
    JsonObject inner;
    inner.insert(u"x"_s, JsonArray{1, 2});
    JsonValue original(JsonArray{JsonValue(inner), "s"});
    JsonValue copy = original;
    QCOMPARE(copy, original);

    copy.array()[0].object().insert(u"y"_s, true);
    QVERIFY(copy != original);
    QVERIFY(!original.toArray()[0].toObject().contains(u"y"));

    JsonValue assigned(5);
    assigned = original;
    QCOMPARE(assigned, original);
}

void TestJsonValue::movingLeavesSourceUndefined()
{
    JsonValue source(JsonArray{1, 2, 3});
    JsonValue moved(std::move(source));
    QCOMPARE(moved.toArray().size(), size_t(3));
    QVERIFY(source.isUndefined()); // NOLINT(bugprone-use-after-move): the state is specified
    QVERIFY(source.toArray().empty());

    JsonValue target(u"old"_s);
    target = std::move(moved);
    QCOMPARE(target.toArray().size(), size_t(3));
    QVERIFY(moved.isUndefined()); // NOLINT(bugprone-use-after-move)
}

void TestJsonValue::selfAssignmentKeepsValue()
{
    JsonValue value(JsonArray{1, JsonArray{2}});
    const JsonValue expected = value;
    JsonValue &alias = value;
    value = alias;
    QCOMPARE(value, expected);
}

void TestJsonValue::readsOtherTypesAsEmptyContainers()
{
    const JsonValue number(3);
    QVERIFY(number.toArray().empty());
    QVERIFY(number.toObject().isEmpty());
    QVERIFY(JsonValue().toArray().empty());
}

void TestJsonValue::mutableAccessorsTurnValueIntoContainer()
{
    JsonValue value(u"text"_s);
    value.array().push_back(1);
    QVERIFY(value.isArray());
    QCOMPARE(value.toArray().size(), size_t(1));

    value.object().insert(u"a"_s, 2);
    QVERIFY(value.isObject());
    QCOMPARE(value.toObject().size(), 1);

    // Already the right type: nothing is reset.
    value.object().insert(u"b"_s, 3);
    QCOMPARE(value.toObject().size(), 2);
}

void TestJsonValue::comparesByTypeAndContent_data()
{
    QTest::addColumn<JsonValue>("left");
    QTest::addColumn<JsonValue>("right");
    QTest::addColumn<bool>("equal");

    JsonObject ab;
    ab.insert(u"a"_s, 1);
    ab.insert(u"b"_s, 2);
    JsonObject ba;
    ba.insert(u"b"_s, 2);
    ba.insert(u"a"_s, 1);
    JsonObject ab2;
    ab2.insert(u"a"_s, 1);
    ab2.insert(u"b"_s, 3);
    const double nan = std::numeric_limits<double>::quiet_NaN();

    QTest::newRow("undefined") << JsonValue() << JsonValue() << true;
    QTest::newRow("undefined vs null") << JsonValue() << JsonValue(nullptr) << false;
    QTest::newRow("null") << JsonValue(nullptr) << JsonValue(nullptr) << true;
    QTest::newRow("bools") << JsonValue(true) << JsonValue(true) << true;
    QTest::newRow("different bools") << JsonValue(true) << JsonValue(false) << false;
    QTest::newRow("false vs 0") << JsonValue(false) << JsonValue(0) << false;
    QTest::newRow("int vs double") << JsonValue(2) << JsonValue(2.0) << true;
    QTest::newRow("zero vs minus zero") << JsonValue(0.0) << JsonValue(-0.0) << true;
    QTest::newRow("NaN") << JsonValue(nan) << JsonValue(nan) << true;
    QTest::newRow("NaN vs number") << JsonValue(nan) << JsonValue(0.0) << false;
    QTest::newRow("strings") << JsonValue(u"a"_s) << JsonValue("a") << true;
    QTest::newRow("different strings") << JsonValue(u"a"_s) << JsonValue("b") << false;
    QTest::newRow("string vs number") << JsonValue("1") << JsonValue(1) << false;
    QTest::newRow("arrays") << JsonValue(JsonArray{1, "x", nullptr})
                            << JsonValue(JsonArray{1, "x", nullptr}) << true;
    QTest::newRow("array lengths")
            << JsonValue(JsonArray{1}) << JsonValue(JsonArray{1, 1}) << false;
    QTest::newRow("array elements") << JsonValue(JsonArray{1}) << JsonValue(JsonArray{2}) << false;
    QTest::newRow("objects") << JsonValue(ab) << JsonValue(ab) << true;
    QTest::newRow("member order matters") << JsonValue(ab) << JsonValue(ba) << false;
    QTest::newRow("member values") << JsonValue(ab) << JsonValue(ab2) << false;
    QTest::newRow("empty array vs object")
            << JsonValue(JsonArray()) << JsonValue(JsonObject()) << false;
}

void TestJsonValue::comparesByTypeAndContent()
{
    QFETCH(JsonValue, left);
    QFETCH(JsonValue, right);
    QFETCH(bool, equal);
    QCOMPARE(left == right, equal);
    QCOMPARE(right == left, equal);
    QCOMPARE(left != right, !equal);
}

void TestJsonValue::recognisesArrayIndexKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<bool>("isIndex");
    QTest::addColumn<quint32>("index");

    QTest::newRow("0") << u"0"_s << true << 0u;
    QTest::newRow("1") << u"1"_s << true << 1u;
    QTest::newRow("42") << u"42"_s << true << 42u;
    QTest::newRow("largest index") << u"4294967294"_s << true << 4294967294u;
    QTest::newRow("2^32-1 is a length, not an index") << u"4294967295"_s << false << 0u;
    QTest::newRow("2^32") << u"4294967296"_s << false << 0u;
    QTest::newRow("eleven digits") << u"10000000000"_s << false << 0u;
    QTest::newRow("leading zero") << u"01"_s << false << 0u;
    QTest::newRow("double zero") << u"00"_s << false << 0u;
    QTest::newRow("negative") << u"-1"_s << false << 0u;
    QTest::newRow("minus zero") << u"-0"_s << false << 0u;
    QTest::newRow("plus") << u"+1"_s << false << 0u;
    QTest::newRow("fraction") << u"1.5"_s << false << 0u;
    QTest::newRow("exponent") << u"1e3"_s << false << 0u;
    QTest::newRow("space") << u" 1"_s << false << 0u;
    QTest::newRow("empty") << QString() << false << 0u;
    QTest::newRow("letters") << u"a"_s << false << 0u;
    QTest::newRow("fullwidth digit") << u"\uff11"_s << false << 0u;
}

void TestJsonValue::recognisesArrayIndexKeys()
{
    QFETCH(QString, key);
    QFETCH(bool, isIndex);
    QFETCH(quint32, index);
    quint32 found = 0;
    QCOMPARE(JsonObject::isArrayIndex(key, &found), isIndex);
    if (isIndex)
        QCOMPARE(found, index);
    QCOMPARE(JsonObject::isArrayIndex(key), isIndex);
}

void TestJsonValue::ordersMembersAsJavaScriptDoes_data()
{
    QTest::addColumn<QStringList>("inserted");
    QTest::addColumn<QStringList>("enumerated");

    QTest::newRow("insertion order for names")
            << QStringList{u"b"_s, u"a"_s, u"c"_s} << QStringList{u"b"_s, u"a"_s, u"c"_s};
    QTest::newRow("indices first") << QStringList{u"b"_s, u"1"_s} << QStringList{u"1"_s, u"b"_s};
    QTest::newRow("indices ascending numerically")
            << QStringList{u"10"_s, u"9"_s, u"100"_s, u"0"_s}
            << QStringList{u"0"_s, u"9"_s, u"10"_s, u"100"_s};
    QTest::newRow("index-like keys stay in insertion order")
            << QStringList{u"z"_s, u"01"_s, u"-1"_s, u"4294967295"_s, u"1.0"_s, u"3"_s}
            << QStringList{u"3"_s, u"z"_s, u"01"_s, u"-1"_s, u"4294967295"_s, u"1.0"_s};
    QTest::newRow("largest index is last index")
            << QStringList{u"x"_s, u"4294967294"_s, u"4294967295"_s, u"0"_s}
            << QStringList{u"0"_s, u"4294967294"_s, u"x"_s, u"4294967295"_s};
    QTest::newRow("reinsertion keeps position")
            << QStringList{u"a"_s, u"b"_s, u"a"_s, u"2"_s, u"1"_s, u"2"_s}
            << QStringList{u"1"_s, u"2"_s, u"a"_s, u"b"_s};
}

void TestJsonValue::ordersMembersAsJavaScriptDoes()
{
    QFETCH(QStringList, inserted);
    QFETCH(QStringList, enumerated);
    JsonObject object;
    for (const QString &key : inserted)
        object.insert(key, key);
    QCOMPARE(keysOf(object), enumerated);
}

void TestJsonValue::reinsertingKeyKeepsItsPosition()
{
    JsonObject object;
    object.insert(u"a"_s, 1);
    object.insert(u"b"_s, 2);
    object.insert(u"a"_s, 3);
    QCOMPARE(keysOf(object), (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(object.value(u"a").toNumber(), 3.0);
    QCOMPARE(object.size(), 2);
}

void TestJsonValue::findsAndRemovesMembers()
{
    JsonObject object;
    QVERIFY(object.isEmpty());
    object.insert(u"a"_s, 1);
    object.insert(u"7"_s, "seven");
    object.insert(u"b"_s, JsonValue());

    QVERIFY(object.contains(u"a"));
    QVERIFY(object.contains(u"b")); // present even though undefined
    QVERIFY(!object.contains(u"c"));
    QVERIFY(object.find(u"c") == nullptr);
    QVERIFY(object.value(u"c").isUndefined());
    QCOMPARE(object.find(u"7")->toString(), u"seven"_s);

    QVERIFY(object.remove(u"7"));
    QVERIFY(!object.remove(u"7"));
    QCOMPARE(keysOf(object), (QStringList{u"a"_s, u"b"_s}));
    object.insert(u"3"_s, 3);
    QCOMPARE(keysOf(object), (QStringList{u"3"_s, u"a"_s, u"b"_s}));
    QVERIFY(object.remove(u"a"));
    QVERIFY(object.remove(u"b"));
    QVERIFY(object.remove(u"3"));
    QVERIFY(object.isEmpty());
}

void TestJsonValue::largeObjectsKeepOrderAndLookupThroughChanges()
{
    // Large enough to use the hashed lookup; mixed so that index keys are
    // inserted in front of existing members and removals shift positions.
    JsonObject object;
    QStringList expectedIndices;
    QStringList expectedNames;
    for (int i = 0; i < 300; ++i) {
        const QString name = u"k"_s + QString::number(i);
        object.insert(name, i);
        expectedNames.append(name);
        if (i % 3 == 0) {
            const QString index = QString::number(900 - i);
            object.insert(index, -i);
            expectedIndices.prepend(index);
        }
    }
    QCOMPARE(keysOf(object), expectedIndices + expectedNames);

    for (int i = 0; i < 300; i += 7) {
        QVERIFY(object.remove(u"k"_s + QString::number(i)));
        expectedNames.removeOne(u"k"_s + QString::number(i));
    }
    for (int i = 0; i < 300; i += 9) {
        QVERIFY(object.remove(QString::number(900 - i)));
        expectedIndices.removeOne(QString::number(900 - i));
    }
    object.insert(u"k1"_s, u"updated"_s);
    QCOMPARE(keysOf(object), expectedIndices + expectedNames);
    QCOMPARE(object.size(), expectedIndices.size() + expectedNames.size());

    for (const QString &key : expectedNames + expectedIndices) {
        const JsonValue *found = object.find(key);
        QVERIFY2(found, qPrintable(key));
        if (key == u"k1")
            QCOMPARE(found->toString(), u"updated"_s);
        else if (key.startsWith(u'k'))
            QCOMPARE(found->toNumber(), key.mid(1).toDouble());
        else
            QCOMPARE(found->toNumber(), -(900 - key.toDouble()));
    }
    QVERIFY(!object.contains(u"k0"));
    QVERIFY(!object.contains(u"900"));
}

void TestJsonValue::largeObjectsOfIndexKeysFindEveryMember()
{
    // Each index key goes in before the name, so the lookup is first built
    // and then kept up to date by mid-object insertions alone.
    JsonObject object;
    object.insert(u"name"_s, 0);
    QStringList expected{u"name"_s};
    for (int i = 1; i <= 100; ++i) {
        object.insert(QString::number(i), i);
        expected.insert(i - 1, QString::number(i));
    }
    QCOMPARE(keysOf(object), expected);
    for (int i = 1; i <= 100; ++i)
        QCOMPARE(object.value(QString::number(i)).toNumber(), double(i));
    QVERIFY(object.contains(u"name"));
    QVERIFY(!object.contains(u"0"));
}

void TestJsonValue::matchesReferenceOrderUnderRandomEdits()
{
    // A plain model of JS property order: members in insertion order, then a
    // stable sort that moves index keys to the front in numeric order.
    QRandomGenerator random(20251125);
    const QStringList pool = [] {
        QStringList keys{u"01"_s, u"-1"_s, u"4294967294"_s, u"4294967295"_s, u""_s};
        for (int i = 0; i < 40; ++i)
            keys << QString::number(i * 7) << u"n"_s + QString::number(i);
        return keys;
    }();
    for (int round = 0; round < 20; ++round) {
        JsonObject object;
        std::vector<std::pair<QString, int>> model;
        for (int step = 0; step < 400; ++step) {
            const QString key = pool[random.bounded(int(pool.size()))];
            const auto found = std::find_if(model.begin(), model.end(), [&](const auto &member) {
                return member.first == key;
            });
            if (random.bounded(4) == 0) {
                QCOMPARE(object.remove(key), found != model.end());
                if (found != model.end())
                    model.erase(found);
            } else {
                object.insert(key, step);
                if (found != model.end())
                    found->second = step;
                else
                    model.emplace_back(key, step);
            }
        }
        std::stable_sort(model.begin(), model.end(), [](const auto &left, const auto &right) {
            quint32 leftIndex = 0;
            quint32 rightIndex = 0;
            const bool leftIsIndex = JsonObject::isArrayIndex(left.first, &leftIndex);
            const bool rightIsIndex = JsonObject::isArrayIndex(right.first, &rightIndex);
            if (leftIsIndex != rightIsIndex)
                return leftIsIndex;
            return leftIsIndex && leftIndex < rightIndex;
        });
        QCOMPARE(object.size(), qsizetype(model.size()));
        for (size_t i = 0; i < model.size(); ++i) {
            QCOMPARE(object.members()[i].key, model[i].first);
            QCOMPARE(object.members()[i].value.toNumber(), double(model[i].second));
            QCOMPARE(object.value(model[i].first).toNumber(), double(model[i].second));
        }
        for (const QString &key : pool) {
            const bool present = std::any_of(model.begin(), model.end(), [&](const auto &member) {
                return member.first == key;
            });
            QCOMPARE(object.contains(key), present);
        }
    }
}

void TestJsonValue::copiedLargeObjectsStayIndependent()
{
    JsonObject original;
    for (int i = 0; i < 100; ++i)
        original.insert(u"key"_s + QString::number(i), i);
    JsonObject copy = original;
    QVERIFY(copy.remove(u"key5"));
    copy.insert(u"extra"_s, true);
    original.insert(u"key5"_s, u"changed"_s);

    QCOMPARE(original.size(), 100);
    QCOMPARE(copy.size(), 100);
    QVERIFY(!original.contains(u"extra"));
    QVERIFY(!copy.contains(u"key5"));
    QCOMPARE(original.value(u"key5").toString(), u"changed"_s);
    QCOMPARE(copy.value(u"key99").toNumber(), 99.0);
    QCOMPARE(original.value(u"key99").toNumber(), 99.0);

    // The original goes away; the copy's lookup must not depend on it.
    {
        JsonObject temporary = copy;
        copy = JsonObject();
        copy = std::move(temporary);
    }
    original = JsonObject();
    QCOMPARE(copy.value(u"key42").toNumber(), 42.0);
    QCOMPARE(copy.value(u"extra").toBool(), true);
}

void TestJsonValue::destroysVeryDeepValuesWithoutRecursing()
{
    // Far deeper than recursive destructors could go on an 8 MB stack.
    JsonValue value(u"leaf"_s);
    for (int i = 0; i < 1000000; ++i) {
        if (i % 2) {
            JsonArray array;
            array.push_back(std::move(value));
            value = JsonValue(std::move(array));
        } else {
            JsonObject object;
            object.insert(u"x"_s, std::move(value));
            value = JsonValue(std::move(object));
        }
    }
    QVERIFY(value.isArray());
    value = JsonValue(nullptr);
    QVERIFY(value.isNull());
}

QTEST_APPLESS_MAIN(TestJsonValue)
#include "tst_jsonvalue.moc"
