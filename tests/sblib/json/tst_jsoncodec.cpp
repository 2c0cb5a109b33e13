// SPDX-License-Identifier: MIT
#include "jsoncodec.h"

#include <QRandomGenerator>
#include <QTest>

#include <charconv>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;
using sb::JsonArray;
using sb::JsonObject;
using sb::JsonValue;
namespace JsonCodec = sb::JsonCodec;

Q_DECLARE_METATYPE(sb::JsonValue)

namespace sb {

// Lets QCOMPARE show values as JSON text when they differ.
char *toString(const JsonValue &value)
{
    return qstrdup(value.isUndefined() ? "undefined" : JsonCodec::stringify(value).constData());
}

} // namespace sb

namespace {

JsonObject objectOf(std::initializer_list<std::pair<QString, JsonValue>> members)
{
    JsonObject object;
    for (const auto &[key, value] : members)
        object.insert(key, value);
    return object;
}

// Builds a string from UTF-16 code units, lone surrogates included.
QString units(std::initializer_list<char16_t> codeUnits)
{
    return QString(reinterpret_cast<const QChar *>(codeUnits.begin()), qsizetype(codeUnits.size()));
}

QByteArray nested(int depth, char open, char close, const QByteArray &inner = {})
{
    return QByteArray(depth, open) + inner + QByteArray(depth, close);
}

} // namespace

class TestJsonCodec : public QObject
{
    Q_OBJECT

private slots:
    void writesNumbersAsNodeDoes_data();
    void writesNumbersAsNodeDoes();
    void writesStringsAsNodeDoes_data();
    void writesStringsAsNodeDoes();
    void writesValuesAsNodeDoes_data();
    void writesValuesAsNodeDoes();
    void writesNothingForTopLevelUndefined();
    void appendsToExistingText();
    void writesShortFractionsAsTheirShortestDigits();

    void parsesTextAsNodeDoes_data();
    void parsesTextAsNodeDoes();
    void parsesStringsIntoUtf16_data();
    void parsesStringsIntoUtf16();
    void parsesMinusZeroAsNegativeZero();
    void parsesIntoJavaScriptMemberOrder();
    void readsItsOwnOutputBack_data();
    void readsItsOwnOutputBack();

    void refusesMalformedText_data();
    void refusesMalformedText();
    void refusesInvalidUtf8_data();
    void refusesInvalidUtf8();
    void refusesDuplicateKeys_data();
    void refusesDuplicateKeys();
    void refusesNumbersThatOverflow_data();
    void refusesNumbersThatOverflow();
    void refusesNestingDeeperThanLimit_data();
    void refusesNestingDeeperThanLimit();
    void refusesVeryDeepNestingWithoutRecursing();
    void acceptsNestingUpToCustomLimit();
    void freesVeryDeepValuesWithoutRecursing();
};

void TestJsonCodec::writesNumbersAsNodeDoes_data()
{
    QTest::addColumn<double>("number");
    QTest::addColumn<QByteArray>("text");

    const double infinity = std::numeric_limits<double>::infinity();
    QTest::newRow("zero") << 0.0 << "0"_ba;
    QTest::newRow("minus zero") << -0.0 << "0"_ba;
    QTest::newRow("one") << 1.0 << "1"_ba;
    QTest::newRow("minus one") << -1.0 << "-1"_ba;
    QTest::newRow("hundred") << 100.0 << "100"_ba;
    QTest::newRow("half") << 0.5 << "0.5"_ba;
    QTest::newRow("tenth") << 0.1 << "0.1"_ba;
    QTest::newRow("0.1+0.2") << 0.1 + 0.2 << "0.30000000000000004"_ba;
    QTest::newRow("4.35") << 4.35 << "4.35"_ba;
    QTest::newRow("just above one") << 1.0000000000000002 << "1.0000000000000002"_ba;
    QTest::newRow("timestamp") << 1764058000123.5 << "1764058000123.5"_ba;
    QTest::newRow("monotonic timestamp") << 1796349740339.002 << "1796349740339.002"_ba;
    QTest::newRow("-monotonic timestamp") << -1796349740339.002 << "-1796349740339.002"_ba;
    QTest::newRow("four decimals") << 1.0001 << "1.0001"_ba;
    QTest::newRow("five decimals") << 1.00001 << "1.00001"_ba;
    QTest::newRow("just below 2^52, a half") << 4503599627370495.5 << "4503599627370495.5"_ba;
    QTest::newRow("1.05, not exact in binary") << 1.05 << "1.05"_ba;
    QTest::newRow("2^53") << 9007199254740992.0 << "9007199254740992"_ba;
    QTest::newRow("-2^53") << -9007199254740992.0 << "-9007199254740992"_ba;
    QTest::newRow("2^53+2") << 9007199254740994.0 << "9007199254740994"_ba;
    QTest::newRow("2^60 rounds to shortest digits")
            << 1152921504606846976.0 << "1152921504606847000"_ba;
    QTest::newRow("1e20") << 1e20 << "100000000000000000000"_ba;
    QTest::newRow("largest below 1e21") << 999999999999999900000.0 << "999999999999999900000"_ba;
    QTest::newRow("1.2345678901234568e20") << 1.2345678901234568e20 << "123456789012345680000"_ba;
    QTest::newRow("1e21") << 1e21 << "1e+21"_ba;
    QTest::newRow("-1e21") << -1e21 << "-1e+21"_ba;
    QTest::newRow("1.5e21") << 1.5e21 << "1.5e+21"_ba;
    QTest::newRow("1e100") << 1e100 << "1e+100"_ba;
    QTest::newRow("-1.5e300") << -1.5e300 << "-1.5e+300"_ba;
    QTest::newRow("largest") << std::numeric_limits<double>::max() << "1.7976931348623157e+308"_ba;
    QTest::newRow("0.000001") << 0.000001 << "0.000001"_ba;
    QTest::newRow("0.00001") << 0.00001 << "0.00001"_ba;
    QTest::newRow("1.234e-6") << 1.234e-6 << "0.000001234"_ba;
    QTest::newRow("just below 1e-6") << 9.9999999e-7 << "9.9999999e-7"_ba;
    QTest::newRow("1e-7") << 1e-7 << "1e-7"_ba;
    QTest::newRow("1.5e-7") << 1.5e-7 << "1.5e-7"_ba;
    QTest::newRow("-1.5e-7") << -1.5e-7 << "-1.5e-7"_ba;
    QTest::newRow("1.23e-18") << 1.23e-18 << "1.23e-18"_ba;
    QTest::newRow("smallest normal") << 2.2250738585072014e-308 << "2.2250738585072014e-308"_ba;
    QTest::newRow("smallest subnormal") << 5e-324 << "5e-324"_ba;
    QTest::newRow("-smallest subnormal") << -5e-324 << "-5e-324"_ba;
    QTest::newRow("NaN") << std::numeric_limits<double>::quiet_NaN() << "null"_ba;
    QTest::newRow("infinity") << infinity << "null"_ba;
    QTest::newRow("-infinity") << -infinity << "null"_ba;
}

void TestJsonCodec::writesNumbersAsNodeDoes()
{
    QFETCH(double, number);
    QFETCH(QByteArray, text);
    QCOMPARE(JsonCodec::numberToString(number), text);
    QCOMPARE(JsonCodec::stringify(JsonValue(number)), text);
    QByteArray appended = "x"_ba;
    JsonCodec::appendNumber(appended, number);
    QCOMPARE(appended, "x"_ba + text);
}

void TestJsonCodec::writesStringsAsNodeDoes_data()
{
    QTest::addColumn<QString>("string");
    QTest::addColumn<QByteArray>("text");

    const char16_t high = 0xd83d;
    const char16_t low = 0xde00;
    QTest::newRow("empty") << QString() << "\"\""_ba;
    QTest::newRow("plain") << u"hello world"_s << "\"hello world\""_ba;
    QTest::newRow("quote") << u"say \"hi\""_s << R"("say \"hi\"")"_ba;
    QTest::newRow("backslash") << u"a\\b"_s << R"("a\\b")"_ba;
    QTest::newRow("slash is not escaped") << u"a/b"_s << "\"a/b\""_ba;
    QTest::newRow("short escapes") << u"\b\f\n\r\t"_s << R"("\b\f\n\r\t")"_ba;
    QTest::newRow("nul") << QString(QChar(0)) << R"("\u0000")"_ba;
    QTest::newRow("other controls")
            << u"\u0001\u000b\u000e\u001b\u001f"_s << R"("\u0001\u000b\u000e\u001b\u001f")"_ba;
    QTest::newRow("delete is raw") << u"\u007f"_s << "\"\x7f\""_ba;
    QTest::newRow("two-byte") << u"\u00e9\u07ff"_s << "\"\xc3\xa9\xdf\xbf\""_ba;
    QTest::newRow("three-byte") << u"\u0800\uffff"_s << "\"\xe0\xa0\x80\xef\xbf\xbf\""_ba;
    QTest::newRow("line separators are raw")
            << u"\u2028\u2029"_s << "\"\xe2\x80\xa8\xe2\x80\xa9\""_ba;
    QTest::newRow("astral pair") << units({high, low}) << "\"\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("largest code point") << units({0xdbff, 0xdfff}) << "\"\xf4\x8f\xbf\xbf\""_ba;
    QTest::newRow("lone high") << units({high}) << R"("\ud83d")"_ba;
    QTest::newRow("lone low") << units({low}) << R"("\ude00")"_ba;
    QTest::newRow("high at end") << units({u'a', high}) << R"("a\ud83d")"_ba;
    QTest::newRow("low then high") << units({low, high}) << R"("\ude00\ud83d")"_ba;
    QTest::newRow("high high low") << units({high, high, low}) << "\"\\ud83d\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("high between letters") << units({u'a', 0xdbff, u'b'}) << R"("a\udbffb")"_ba;
    QTest::newRow("pair across chunk boundary") << QString(1023, u'a')
                    + units({high, low}) << "\"" + QByteArray(1023, 'a') + "\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("long escapes") << QString(3000, QChar(1))
                                  << "\"" + QByteArray("\\u0001").repeated(3000) + "\""_ba;
}

void TestJsonCodec::writesStringsAsNodeDoes()
{
    QFETCH(QString, string);
    QFETCH(QByteArray, text);
    QCOMPARE(JsonCodec::stringify(JsonValue(string)), text);
}

void TestJsonCodec::writesValuesAsNodeDoes_data()
{
    QTest::addColumn<JsonValue>("value");
    QTest::addColumn<QByteArray>("text");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("null") << JsonValue(nullptr) << "null"_ba;
    QTest::newRow("true") << JsonValue(true) << "true"_ba;
    QTest::newRow("false") << JsonValue(false) << "false"_ba;
    QTest::newRow("empty array") << JsonValue(JsonArray()) << "[]"_ba;
    QTest::newRow("empty object") << JsonValue(JsonObject()) << "{}"_ba;
    QTest::newRow("array") << JsonValue(JsonArray{1, "a", nullptr, true, JsonArray()})
                           << R"([1,"a",null,true,[]])"_ba;
    QTest::newRow("undefined and NaN in arrays are null")
            << JsonValue(JsonArray{JsonValue(), nan, JsonValue()}) << "[null,null,null]"_ba;
    QTest::newRow("undefined members are omitted")
            << JsonValue(objectOf({{u"a"_s, JsonValue()}, {u"b"_s, 1}, {u"c"_s, JsonValue()}}))
            << R"({"b":1})"_ba;
    QTest::newRow("only undefined members")
            << JsonValue(objectOf({{u"a"_s, JsonValue()}})) << "{}"_ba;
    QTest::newRow("index keys first")
            << JsonValue(objectOf({{u"b"_s, 1}, {u"1"_s, 2}, {u"0"_s, 3}, {u"01"_s, 4}}))
            << R"({"0":3,"1":2,"b":1,"01":4})"_ba;
    QTest::newRow("keys are escaped")
            << JsonValue(objectOf({{u"a\"\n"_s, 1}})) << R"({"a\"\n":1})"_ba;
    QTest::newRow("nested") << JsonValue(
            JsonArray{JsonArray{"key123", objectOf({{u"a"_s, 1}})}, 1764058000123.5, "SOURCEID"})
                            << R"([["key123",{"a":1}],1764058000123.5,"SOURCEID"])"_ba;
}

void TestJsonCodec::writesValuesAsNodeDoes()
{
    QFETCH(JsonValue, value);
    QFETCH(QByteArray, text);
    QCOMPARE(JsonCodec::stringify(value), text);
}

void TestJsonCodec::writesNothingForTopLevelUndefined()
{
    const QByteArray text = JsonCodec::stringify(JsonValue());
    QVERIFY(text.isEmpty());
}

void TestJsonCodec::appendsToExistingText()
{
    QByteArray out = "prefix:"_ba;
    JsonCodec::append(out, JsonValue(JsonArray{1, "\u00e9"}));
    JsonCodec::appendString(out, u"\n");
    QCOMPARE(out, "prefix:[1,\"\xc3\xa9\"]\"\\n\""_ba);
}

void TestJsonCodec::writesShortFractionsAsTheirShortestDigits()
{
    // Stamps as npm's monotonic-timestamp makes them (milliseconds plus
    // thousandths) and other numbers of a few decimals, against the shortest
    // fixed-notation digits from to_chars, which is Number::toString for
    // 1 <= |x| < 1e21; each reads back as the same double.
    QRandomGenerator random(7);
    const auto shortest = [](double number) {
        char text[400];
        const char *end
                = std::to_chars(text, text + sizeof text, number, std::chars_format::fixed).ptr;
        return QByteArray(text, end - text);
    };
    for (int i = 0; i < 200000; ++i) {
        double number = 0;
        switch (i % 4) {
        case 0: // milliseconds of the years 2000 to 2100, and a count
            number = double(946684800000 + random.bounded(Q_INT64_C(3155760000000)))
                    + random.bounded(1000) / 1000.0;
            break;
        case 1: // up to four decimals, at any magnitude from 1 to 2^53
        {
            const double scale = std::pow(10.0, random.bounded(5));
            number = std::round(std::ldexp(1.0 + random.generateDouble(), random.bounded(52))
                                * scale)
                    / scale;
            break;
        }
        case 2: // any double from 1 to 2^53 (past it, to_chars writes every digit)
            number = std::ldexp(1.0 + random.generateDouble(), random.bounded(53));
            break;
        default: // near 2^52, where the fast path must stop
            number = 4503599627370496.0 + (double(random.bounded(2000)) - 1000.0) / 8;
            break;
        }
        if (random.bounded(2))
            number = -number;
        const QByteArray text = JsonCodec::numberToString(number);
        QCOMPARE(text, shortest(number));
        const auto read = JsonCodec::parse(text);
        QVERIFY(read);
        QCOMPARE(read->toNumber(), number);
    }
}

void TestJsonCodec::parsesTextAsNodeDoes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("output");

    // Expected outputs are node's JSON.stringify(JSON.parse(input)).
    QTest::newRow("true") << "true"_ba
                          << "true"_ba;
    QTest::newRow("false") << "false"_ba
                           << "false"_ba;
    QTest::newRow("null") << "null"_ba
                          << "null"_ba;
    QTest::newRow("surrounding whitespace") << " \t\r\n 1 \n"_ba
                                            << "1"_ba;
    QTest::newRow("whitespace everywhere") << "[ 1 ,\t{ \"a\" :\r\n2 } , [ ] ,{ } ]"_ba
                                           << R"([1,{"a":2},[],{}])"_ba;
    QTest::newRow("update line") << R"([["key123",{"a":1}],1764058000123.5,"SOURCEID"])"_ba
                                 << R"([["key123",{"a":1}],1764058000123.5,"SOURCEID"])"_ba;
    QTest::newRow("index keys reorder") << R"({"b":1,"1":2})"_ba
                                        << R"({"1":2,"b":1})"_ba;
    QTest::newRow("__proto__ is an own key") << R"({"__proto__":1,"b":1,"1":2})"_ba
                                             << R"({"1":2,"__proto__":1,"b":1})"_ba;
    QTest::newRow("empty key") << R"({"":1})"_ba
                               << R"({"":1})"_ba;
    QTest::newRow("exponent upper case") << "1E3"_ba
                                         << "1000"_ba;
    QTest::newRow("exponent plus") << "1e+3"_ba
                                   << "1000"_ba;
    QTest::newRow("exponent minus") << "15e-1"_ba
                                    << "1.5"_ba;
    QTest::newRow("exponent leading zeros") << "1e007"_ba
                                            << "10000000"_ba;
    QTest::newRow("fraction with exponent") << "0.1e1"_ba
                                            << "1"_ba;
    QTest::newRow("trailing fraction zeros") << "2.500"_ba
                                             << "2.5"_ba;
    QTest::newRow("minus zero") << "-0"_ba
                                << "0"_ba;
    QTest::newRow("minus zero fraction") << "-0.0e5"_ba
                                         << "0"_ba;
    QTest::newRow("zero with huge exponent") << "0e99999999999"_ba
                                             << "0"_ba;
    QTest::newRow("underflow") << "1e-400"_ba
                               << "0"_ba;
    QTest::newRow("negative underflow") << "-1e-400"_ba
                                        << "0"_ba;
    QTest::newRow("tiny exponent underflow") << "1e-99999999999999999999"_ba
                                             << "0"_ba;
    QTest::newRow("below half of smallest") << "2.4703282292062327e-324"_ba
                                            << "0"_ba;
    QTest::newRow("above half of smallest") << "2.4703282292062328e-324"_ba
                                            << "5e-324"_ba;
    QTest::newRow("tie rounds to even") << "9007199254740993"_ba
                                        << "9007199254740992"_ba;
    QTest::newRow("just above tie rounds up") << "9007199254740993.0000000000000000001"_ba
                                              << "9007199254740994"_ba;
    QTest::newRow("long exact tenth")
            << "0.1000000000000000055511151231257827021181583404541015625"_ba
            << "0.1"_ba;
    QTest::newRow("rounds down to largest") << "1.7976931348623158e308"_ba
                                            << "1.7976931348623157e+308"_ba;
    QTest::newRow("large exponent, small mantissa") << "0.0001e312"_ba
                                                    << "1e+308"_ba;
    QTest::newRow("large mantissa, large exponent") << "123456789e300"_ba
                                                    << "1.23456789e+308"_ba;
    QTest::newRow("16 digit integer") << "1234567890123456"_ba
                                      << "1234567890123456"_ba;
    QTest::newRow("negative integer") << "-42"_ba
                                      << "-42"_ba;
    QTest::newRow("escapes") << R"("\"\\\/\b\f\n\r\t")"_ba
                             << R"("\"\\/\b\f\n\r\t")"_ba;
    QTest::newRow("unicode escape") << R"("\u0041\u00e9\u00E9")"_ba
                                    << "\"A\xc3\xa9\xc3\xa9\""_ba;
    QTest::newRow("escaped control") << R"("\u001f")"_ba
                                     << R"("\u001f")"_ba;
    QTest::newRow("escaped pair") << R"("\ud83d\ude00")"_ba
                                  << "\"\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("escaped pair upper case") << R"("\uD83D\uDE00")"_ba
                                             << "\"\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("escaped lone high") << R"("\ud800")"_ba
                                       << R"("\ud800")"_ba;
    QTest::newRow("escaped lone low") << R"("x\udfffy")"_ba
                                      << R"("x\udfffy")"_ba;
    QTest::newRow("escaped high, raw astral") << "\"\\ud800\xf0\x9f\x98\x80\""_ba
                                              << "\"\\ud800\xf0\x9f\x98\x80\""_ba;
    QTest::newRow("raw UTF-8") << "\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\x7f\""_ba
                               << "\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\x7f\""_ba;
    QTest::newRow("escaped line separator") << R"("\u2028")"_ba
                                            << "\"\xe2\x80\xa8\""_ba;
    QTest::newRow("max depth") << nested(64, '[', ']') << nested(64, '[', ']');
}

void TestJsonCodec::parsesTextAsNodeDoes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, output);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(JsonCodec::stringify(*parsed), output);
}

void TestJsonCodec::parsesStringsIntoUtf16_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("string");

    QTest::newRow("ascii") << R"("abc")"_ba << u"abc"_s;
    QTest::newRow("escaped nul") << R"("a\u0000b")"_ba << units({u'a', 0, u'b'});
    QTest::newRow("lone high kept") << R"("\ud800")"_ba << units({0xd800});
    QTest::newRow("lone low kept") << R"("\udc00")"_ba << units({0xdc00});
    QTest::newRow("escaped pair") << R"("\ud83d\ude00")"_ba << units({0xd83d, 0xde00});
    QTest::newRow("raw astral") << "\"\xf0\x9f\x98\x80\""_ba << units({0xd83d, 0xde00});
    QTest::newRow("mixed") << "\"a\xc3\xa9\\n\xe2\x82\xac\""_ba << u"a\u00e9\n\u20ac"_s;
}

void TestJsonCodec::parsesStringsIntoUtf16()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, string);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QVERIFY(parsed->isString());
    QCOMPARE(parsed->toString(), string);
}

void TestJsonCodec::parsesMinusZeroAsNegativeZero()
{
    for (const QByteArray &text : {"-0"_ba, "-0.0"_ba, "-0e10"_ba, "-1e-400"_ba}) {
        const auto parsed = JsonCodec::parse(text);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->toNumber(), 0.0);
        QVERIFY2(std::signbit(parsed->toNumber()), text.constData());
    }
    QVERIFY(!std::signbit(JsonCodec::parse("0"_ba)->toNumber()));
}

void TestJsonCodec::parsesIntoJavaScriptMemberOrder()
{
    const auto parsed = JsonCodec::parse(R"({"b":1,"10":2,"a":3,"2":4,"01":5})"_ba);
    QVERIFY(parsed.ok());
    QStringList keys;
    for (const JsonObject::Member &member : parsed->toObject().members())
        keys.append(member.key);
    QCOMPARE(keys, (QStringList{u"2"_s, u"10"_s, u"b"_s, u"a"_s, u"01"_s}));
}

void TestJsonCodec::readsItsOwnOutputBack_data()
{
    QTest::addColumn<JsonValue>("value");

    QTest::newRow("numbers") << JsonValue(JsonArray{0.1, -5e-324, 1e21, 1.5e-7, 123456789.125,
                                                    std::numeric_limits<double>::max()});
    QTest::newRow("strings") << JsonValue(JsonArray{u"\u0000\u001f\"\\/\u007f\u2028"_s,
                                                    units({0xdc00, 0xd800}), u"\U0001f600"_s});
    QTest::newRow("objects") << JsonValue(objectOf({{u"z"_s, JsonArray{JsonObject()}},
                                                    {u"7"_s, nullptr},
                                                    {u"\u00e9"_s, objectOf({{u"0"_s, false}})}}));
}

void TestJsonCodec::readsItsOwnOutputBack()
{
    QFETCH(JsonValue, value);
    const QByteArray text = JsonCodec::stringify(value);
    const auto parsed = JsonCodec::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(*parsed, value);
    QCOMPARE(JsonCodec::stringify(*parsed), text);
}

void TestJsonCodec::refusesMalformedText_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << ""_ba << u"no JSON value (empty input) at byte 0"_s;
    QTest::newRow("only whitespace") << " \n\t"_ba << u"no JSON value (empty input) at byte 3"_s;
    QTest::newRow("trailing comma in array")
            << "[1,]"_ba << u"unexpected character ']' at byte 3"_s;
    QTest::newRow("trailing comma in object")
            << R"({"a":1,})"_ba << u"trailing comma or missing key in object at byte 7"_s;
    QTest::newRow("leading comma") << "[,1]"_ba << u"unexpected character ',' at byte 1"_s;
    QTest::newRow("missing comma") << "[1 2]"_ba << u"unexpected character '2' at byte 3"_s;
    QTest::newRow("unclosed array") << "[1"_ba << u"unexpected end of input at byte 2"_s;
    QTest::newRow("unclosed object") << R"({"a":1)"_ba << u"unexpected end of input at byte 6"_s;
    QTest::newRow("missing value") << R"({"a":})"_ba << u"unexpected character '}' at byte 5"_s;
    QTest::newRow("missing colon")
            << R"({"a" 1})"_ba << u"expected ':' after object key at byte 5"_s;
    QTest::newRow("unquoted key") << "{a:1}"_ba << u"expected a string key at byte 1"_s;
    QTest::newRow("single quotes") << "'a'"_ba << u"unexpected character ''' at byte 0"_s;
    QTest::newRow("mismatched bracket") << "[1}"_ba << u"unexpected character '}' at byte 2"_s;
    QTest::newRow("leading zero") << "01"_ba << u"invalid number (leading zero) at byte 0"_s;
    QTest::newRow("negative leading zero")
            << "[-012]"_ba << u"invalid number (leading zero) at byte 1"_s;
    QTest::newRow("plus sign") << "+1"_ba << u"unexpected character '+' at byte 0"_s;
    QTest::newRow("bare fraction") << ".5"_ba << u"unexpected character '.' at byte 0"_s;
    QTest::newRow("bare minus") << "-"_ba << u"invalid number at byte 0"_s;
    QTest::newRow("minus letter") << "-a"_ba << u"invalid number at byte 0"_s;
    QTest::newRow("double minus") << "--1"_ba << u"invalid number at byte 0"_s;
    QTest::newRow("trailing point")
            << "1."_ba << u"invalid number (no digits after the decimal point) at byte 0"_s;
    QTest::newRow("point before exponent")
            << "1.e3"_ba << u"invalid number (no digits after the decimal point) at byte 0"_s;
    QTest::newRow("empty exponent")
            << "1e"_ba << u"invalid number (no digits in the exponent) at byte 0"_s;
    QTest::newRow("signed empty exponent")
            << "[1e+]"_ba << u"invalid number (no digits in the exponent) at byte 1"_s;
    QTest::newRow("hex") << "0x10"_ba << u"unexpected data after the JSON value at byte 1"_s;
    QTest::newRow("NaN") << "NaN"_ba << u"unexpected character 'N' at byte 0"_s;
    QTest::newRow("Infinity") << "Infinity"_ba << u"unexpected character 'I' at byte 0"_s;
    QTest::newRow("-Infinity") << "-Infinity"_ba << u"invalid number at byte 0"_s;
    QTest::newRow("undefined") << "undefined"_ba << u"unexpected character 'u' at byte 0"_s;
    QTest::newRow("truncated literal")
            << "tru"_ba << u"invalid literal (expected true) at byte 0"_s;
    QTest::newRow("capitalised literal") << "True"_ba << u"unexpected character 'T' at byte 0"_s;
    QTest::newRow("misspelt literal")
            << "[nul]"_ba << u"invalid literal (expected null) at byte 1"_s;
    QTest::newRow("trailing data")
            << "[1]x"_ba << u"unexpected data after the JSON value at byte 3"_s;
    QTest::newRow("two values") << "1 2"_ba << u"unexpected data after the JSON value at byte 2"_s;
    QTest::newRow("literal run-on")
            << "truex"_ba << u"unexpected data after the JSON value at byte 4"_s;
    QTest::newRow("comment") << "/*c*/1"_ba << u"unexpected character '/' at byte 0"_s;
    QTest::newRow("line comment after")
            << "1//c"_ba << u"unexpected data after the JSON value at byte 1"_s;
    QTest::newRow("form feed is not whitespace")
            << "\f1"_ba << u"unexpected control character 0x0c at byte 0"_s;
    QTest::newRow("vertical tab is not whitespace")
            << "[1,\v2]"_ba << u"unexpected control character 0x0b at byte 3"_s;
    QTest::newRow("no-break space is not whitespace") << "\xc2\xa0"
                                                         "1"_ba
                                                      << u"unexpected character U+00a0 at byte 0"_s;
    QTest::newRow("byte order mark") << "\xef\xbb\xbf"
                                        "1"_ba
                                     << u"unexpected character U+feff at byte 0"_s;
    QTest::newRow("unterminated string") << R"("abc)"_ba << u"unterminated string at byte 4"_s;
    QTest::newRow("unterminated after escape")
            << R"("a\)"_ba << u"unexpected end of input at byte 3"_s;
    QTest::newRow("raw tab in string")
            << "\"a\tb\""_ba << u"unescaped control character 0x09 in string at byte 2"_s;
    QTest::newRow("raw newline in string")
            << "[\"\n\"]"_ba << u"unescaped control character 0x0a in string at byte 2"_s;
    QTest::newRow("raw nul in string")
            << QByteArray("\"\0\"", 3) << u"unescaped control character 0x00 in string at byte 1"_s;
    QTest::newRow("unknown escape") << R"("\x41")"_ba << u"invalid escape at byte 1"_s;
    QTest::newRow("upper-case U escape") << R"("\U0041")"_ba << u"invalid escape at byte 1"_s;
    QTest::newRow("escaped apostrophe") << R"("\'")"_ba << u"invalid escape at byte 1"_s;
    QTest::newRow("short u escape") << R"("ab\u12")"_ba << u"invalid \\u escape at byte 3"_s;
    QTest::newRow("bad hex in u escape") << R"("\u12G4")"_ba << u"invalid \\u escape at byte 1"_s;
    QTest::newRow("u escape at end") << R"("\u)"_ba << u"invalid \\u escape at byte 1"_s;
}

void TestJsonCodec::refusesMalformedText()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorMessage(), message);
}

void TestJsonCodec::refusesInvalidUtf8_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("offset");

    QTest::newRow("lone continuation in string") << "\"ab\x80\""_ba << 3;
    QTest::newRow("lone continuation outside") << "\x80"_ba << 0;
    QTest::newRow("after value") << "[1] \xff"_ba << 4;
    QTest::newRow("0xff") << "\"\xff\""_ba << 1;
    QTest::newRow("0xfe") << "\"\xfe\""_ba << 1;
    QTest::newRow("overlong nul C0 80") << "\"\xc0\x80\""_ba << 1;
    QTest::newRow("overlong C1 BF") << "\"\xc1\xbf\""_ba << 1;
    QTest::newRow("overlong three-byte") << "\"\xe0\x80\xaf\""_ba << 1;
    QTest::newRow("overlong four-byte") << "\"\xf0\x8f\xbf\xbf\""_ba << 1;
    QTest::newRow("encoded high surrogate") << "\"\xed\xa0\x80\""_ba << 1;
    QTest::newRow("encoded low surrogate") << "\"a\xed\xbf\xbf\""_ba << 2;
    QTest::newRow("encoded surrogate pair") << "\"\xed\xa0\xbd\xed\xb8\x80\""_ba << 1;
    QTest::newRow("above U+10FFFF") << "\"\xf4\x90\x80\x80\""_ba << 1;
    QTest::newRow("F5 lead") << "\"\xf5\x80\x80\x80\""_ba << 1;
    QTest::newRow("truncated two-byte") << "\"\xc3\""_ba << 1;
    QTest::newRow("truncated three-byte") << "\"\xe2\x82\""_ba << 1;
    QTest::newRow("truncated four-byte at end") << "\"\xf0\x9f\x98"_ba << 1;
    QTest::newRow("bad second continuation") << "\"\xe2\x82\x41\""_ba << 1;
    QTest::newRow("in a key") << "{\"k\xff\":1}"_ba << 3;
    QTest::newRow("after valid text") << "[\"\xc3\xa9\", \"\xc3\"]"_ba << 8;
}

void TestJsonCodec::refusesInvalidUtf8()
{
    QFETCH(QByteArray, input);
    QFETCH(int, offset);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorMessage(), u"invalid UTF-8 at byte %1"_s.arg(offset));
}

void TestJsonCodec::refusesDuplicateKeys_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("adjacent") << R"({"a":1,"a":2})"_ba << uR"(duplicate key "a" at byte 7)"_s;
    QTest::newRow("same value") << R"({"a":1, "b":0, "a":1})"_ba
                                << uR"(duplicate key "a" at byte 15)"_s;
    QTest::newRow("spelt differently")
            << R"({"a":1,"\u0061":2})"_ba << uR"(duplicate key "a" at byte 7)"_s;
    QTest::newRow("index key") << R"({"1":1,"1":2})"_ba << uR"(duplicate key "1" at byte 7)"_s;
    QTest::newRow("nested") << R"([{"x":{"q":[],"q":{}}}])"_ba
                            << uR"(duplicate key "q" at byte 14)"_s;
    QTest::newRow("empty key") << R"({"":1,"":2})"_ba << uR"(duplicate key "" at byte 6)"_s;
    QTest::newRow("key is quoted safely")
            << "{\"%1\\n\":1,\"%1\\n\":2}"_ba << uR"(duplicate key "%1\n" at byte 10)"_s;

    QByteArray large = "{";
    for (int i = 0; i < 200; ++i)
        large += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ",";
    const int offset = int(large.size());
    large += "\"k150\":0}";
    QTest::newRow("large object") << large << u"duplicate key \"k150\" at byte %1"_s.arg(offset);
}

void TestJsonCodec::refusesDuplicateKeys()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorMessage(), message);
}

void TestJsonCodec::refusesNumbersThatOverflow_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("offset");

    QTest::newRow("1e400") << "1e400"_ba << 0;
    QTest::newRow("-1e400") << "-1e400"_ba << 0;
    QTest::newRow("1e309") << "1e309"_ba << 0;
    QTest::newRow("just above largest") << "1.7976931348623159e308"_ba << 0;
    QTest::newRow("long integer") << "1" + QByteArray(400, '0') << 0;
    QTest::newRow("huge exponent") << "[1, 1e999999999999999999]"_ba << 4;
    QTest::newRow("mantissa digits push over") << "123456789e301"_ba << 0;
    QTest::newRow("small fraction, huge exponent") << "{\"a\":0.001e312}"_ba << 5;
}

void TestJsonCodec::refusesNumbersThatOverflow()
{
    QFETCH(QByteArray, input);
    QFETCH(int, offset);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorMessage(), u"number out of range at byte %1"_s.arg(offset));
}

void TestJsonCodec::refusesNestingDeeperThanLimit_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("arrays") << nested(65, '[', ']') << u"nesting deeper than 64 at byte 64"_s;
    QTest::newRow("objects") << QByteArray(R"({"a":)").repeated(65) + "1" + QByteArray(65, '}')
                             << u"nesting deeper than 64 at byte 320"_s;
    QTest::newRow("mixed, after siblings") << "[1,{\"a\":[]}," + QByteArray("[{\"b\":").repeated(32)
                    + "[]" + QByteArray("}]").repeated(32)
                    + "]" << u"nesting deeper than 64 at byte %1"_s.arg(12 + 31 * 6 + 1);
}

void TestJsonCodec::refusesNestingDeeperThanLimit()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    const auto parsed = JsonCodec::parse(input);
    QVERIFY(!parsed.ok());
    QCOMPARE(parsed.errorMessage(), message);
}

void TestJsonCodec::refusesVeryDeepNestingWithoutRecursing()
{
    const auto open = JsonCodec::parse(QByteArray(100000, '['));
    QVERIFY(!open.ok());
    QCOMPARE(open.errorMessage(), u"nesting deeper than 64 at byte 64"_s);

    // A limit far above any recursion budget must not crash the parser either.
    JsonCodec::ParseLimits limits;
    limits.maxDepth = 1000000;
    const auto unclosed = JsonCodec::parse(QByteArray(100000, '['), limits);
    QVERIFY(!unclosed.ok());
    QCOMPARE(unclosed.errorMessage(), u"unexpected end of input at byte 100000"_s);
}

void TestJsonCodec::acceptsNestingUpToCustomLimit()
{
    JsonCodec::ParseLimits limits;
    limits.maxDepth = 2000;
    const QByteArray text = nested(2000, '[', ']');
    const auto parsed = JsonCodec::parse(text, limits);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    QCOMPARE(JsonCodec::stringify(*parsed), text);

    const auto tooDeep = JsonCodec::parse(nested(2001, '[', ']'), limits);
    QCOMPARE(tooDeep.errorMessage(), u"nesting deeper than 2000 at byte 2000"_s);

    limits.maxDepth = 0;
    QCOMPARE(JsonCodec::parse("[]"_ba, limits).errorMessage(),
             u"nesting deeper than 0 at byte 0"_s);
    QVERIFY(JsonCodec::parse("1"_ba, limits).ok());
}

void TestJsonCodec::freesVeryDeepValuesWithoutRecursing()
{
    // With the limit lifted, a value far deeper than any stack could recurse
    // through is parsed and then freed.
    JsonCodec::ParseLimits limits;
    limits.maxDepth = 1 << 30;
    const int depth = 100000;
    const QByteArray text
            = QByteArray(R"([{"a":)").repeated(depth) + "1" + QByteArray("}]").repeated(depth);
    auto parsed = JsonCodec::parse(text, limits);
    QVERIFY2(parsed.ok(), qPrintable(parsed.errorMessage()));
    const JsonValue *inner = &*parsed;
    for (int i = 0; i < 3; ++i)
        inner = inner->toArray().front().toObject().find(u"a");
    QVERIFY(inner->isArray());

    // Failing deep inside also frees everything built so far.
    const auto failed = JsonCodec::parse(text.left(text.size() - 1) + "x", limits);
    QVERIFY(!failed.ok());
}

QTEST_APPLESS_MAIN(TestJsonCodec)
#include "tst_jsoncodec.moc"
