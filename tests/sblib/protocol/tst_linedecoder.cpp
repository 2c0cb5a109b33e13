// SPDX-License-Identifier: MIT
#include "dialect.h"
#include "linedecoder.h"
#include "stringinterner.h"

#include <QTest>

using namespace sb;
using Kind = DecodedLine::Kind;

Q_DECLARE_METATYPE(sb::DecodedLine::Kind)

namespace {
const char *kindName(Kind kind)
{
    switch (kind) {
    case Kind::Update:
        return "Update";
    case Kind::BadUpdate:
        return "BadUpdate";
    case Kind::Digest:
        return "Digest";
    case Kind::Sync:
        return "Sync";
    case Kind::Other:
        return "Other";
    case Kind::Invalid:
        return "Invalid";
    }
    return "?";
}
} // namespace

// One decoder for every reader of the protocol (streams, replica files, trace
// replay): what a line says, in either dialect, canonical or not.
class LineDecoderTest : public QObject
{
    Q_OBJECT

private slots:
    void readsUpdatesOfEitherDialect_data();
    void readsUpdatesOfEitherDialect();
    void readsDigestsSyncAndOtherValues();
    void explainsWhatIsNotJsonOrNotAnUpdate_data();
    void explainsWhatIsNotJsonOrNotAnUpdate();
    void refusesAValueTooDeepToPassOnInEitherDialect();
    void internsSourceIds();
    void hintsAtTheKeyTokenInEitherDialect();
};

void LineDecoderTest::readsUpdatesOfEitherDialect_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<int>("version");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<double>("timestamp");
    QTest::addColumn<QString>("signature");
    // Canonical lines take the dialect's fast path, the rest the general one:
    // the result is the same update.
    QTest::newRow("5.x canonical")
            << QByteArray(R"([["key:1",{"n":1,"text":"a"}],1796349740339.002,"S1"])") << 5
            << "key:1" << QByteArray(R"({"n":1,"text":"a"})") << 1796349740339.002 << QString();
    QTest::newRow("5.x with spaces")
            << QByteArray(R"([ ["key:1", {"n": 1, "text": "a"}], 1796349740339.002, "S1" ])") << 5
            << "key:1" << QByteArray(R"({"n":1,"text":"a"})") << 1796349740339.002 << QString();
    QTest::newRow("5.x signed") << QByteArray(R"([["k",2],5,"S1","c2ln"])") << 5 << "k"
                                << QByteArray("2") << 5.0 << "c2ln";
    QTest::newRow("5.x no value") << QByteArray(R"([["k"],5,"S1"])") << 5 << "k" << QByteArray()
                                  << 5.0 << QString();
    QTest::newRow("4.x canonical") << QByteArray(R"(["k",[1,2],7.5,"S1"])") << 4 << "k"
                                   << QByteArray("[1,2]") << 7.5 << QString();
    QTest::newRow("4.x escaped key") << QByteArray(R"(["a\u0041",null,7,"S1"])") << 4 << "aA"
                                     << QByteArray("null") << 7.0 << QString();
}

void LineDecoderTest::readsUpdatesOfEitherDialect()
{
    QFETCH(QByteArray, line);
    QFETCH(int, version);
    const DecodedLine decoded = LineDecoder(64).decode(line);
    QCOMPARE(kindName(decoded.kind), kindName(Kind::Update));
    QVERIFY(decoded.error.isEmpty());
    QCOMPARE(decoded.dialect->version(), version);
    QFETCH(QString, key);
    QFETCH(QByteArray, value);
    QFETCH(double, timestamp);
    QFETCH(QString, signature);
    QCOMPARE(decoded.update.key(), key);
    QCOMPARE(decoded.update.valueText(), value);
    QCOMPARE(decoded.update.timestamp(), timestamp);
    QCOMPARE(decoded.update.source(), u"S1");
    QCOMPARE(decoded.update.signature(), signature);
}

void LineDecoderTest::readsDigestsSyncAndOtherValues()
{
    const LineDecoder decoder(64);
    const DecodedLine digest = decoder.decode(R"({"id":"A","clock":{"B":1}})");
    QCOMPARE(kindName(digest.kind), kindName(Kind::Digest));
    QVERIFY(digest.message.isObject());
    QCOMPARE(kindName(decoder.decode(R"("SYNC")").kind), kindName(Kind::Sync));
    const DecodedLine other = decoder.decode(R"("A-REPLICA-ID")");
    QCOMPARE(kindName(other.kind), kindName(Kind::Other));
    QCOMPARE(other.message.toString(), u"A-REPLICA-ID");
    QCOMPARE(kindName(decoder.decode("42").kind), kindName(Kind::Other));
}

void LineDecoderTest::explainsWhatIsNotJsonOrNotAnUpdate_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<QString>("error");
    QTest::newRow("cut short") << QByteArray(R"([["k",1],2,"S)") << Kind::Invalid << "invalid JSON";
    QTest::newRow("empty array") << QByteArray("[]") << Kind::BadUpdate
                                 << "not a 5.x or 4.x update";
    QTest::newRow("numbers") << QByteArray("[1,2,3]") << Kind::BadUpdate
                             << "not a 5.x or 4.x update";
    QTest::newRow("5.x source not a string")
            << QByteArray(R"([["k",1],2,3])") << Kind::BadUpdate << "the source is not a string";
}

void LineDecoderTest::explainsWhatIsNotJsonOrNotAnUpdate()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    const DecodedLine decoded = LineDecoder(64).decode(line);
    QFETCH(Kind, kind);
    QCOMPARE(kindName(decoded.kind), kindName(kind));
    QVERIFY2(decoded.error.contains(error), qPrintable(decoded.error));
}

void LineDecoderTest::refusesAValueTooDeepToPassOnInEitherDialect()
{
    // Depth limit 4: a 5.x line's value may nest 2 deep, and so may a 4.x
    // line's, though its own frame would leave room for 3: we pass it on in 5.x.
    const LineDecoder decoder(4);
    QCOMPARE(kindName(decoder.decode(R"([["k",[[1]]],1,"S"])").kind), kindName(Kind::Update));
    QCOMPARE(kindName(decoder.decode(R"(["k",[[1]],1,"S"])").kind), kindName(Kind::Update));
    QCOMPARE(kindName(decoder.decode(R"([["k",[[[1]]]],1,"S"])").kind), kindName(Kind::Invalid));
    const DecodedLine deep4 = decoder.decode(R"(["k",[[[1]]],1,"S"])");
    QCOMPARE(kindName(deep4.kind), kindName(Kind::BadUpdate));
    QCOMPARE(deep4.error,
             u"the value of \"k\" nests 3 levels deep, more than the 2 that fit a 5.x update "
             u"within the depth limit of 4");
    // The same, not in canonical form: the general path holds the same line.
    QCOMPARE(kindName(decoder.decode(R"([ "k", [[[1]]], 1, "S" ])").kind),
             kindName(Kind::BadUpdate));
}

void LineDecoderTest::internsSourceIds()
{
    StringInterner sources;
    const LineDecoder decoder(64, &sources);
    const DecodedLine first = decoder.decode(R"([["a",1],1,"SOURCE"])");
    const DecodedLine second = decoder.decode(R"(["b",2,2,"SOURCE"])");
    QCOMPARE(kindName(first.kind), kindName(Kind::Update));
    QCOMPARE(kindName(second.kind), kindName(Kind::Update));
    QVERIFY(first.update.source().isSharedWith(second.update.source()));
}

void LineDecoderTest::hintsAtTheKeyTokenInEitherDialect()
{
    QCOMPARE(LineDecoder::keyTokenHint(R"([["k1",1],2,"A"])"), QByteArrayView(R"("k1")"));
    QCOMPARE(LineDecoder::keyTokenHint(R"(["k1",1,2,"A"])"), QByteArrayView(R"("k1")"));
    QCOMPARE(LineDecoder::keyTokenHint(R"([[""],2,"A"])"), QByteArrayView(R"("")"));
    // No hint where finding the key would need reading the line.
    QVERIFY(LineDecoder::keyTokenHint(R"([["a\"b",1],2,"A"])").isEmpty());
    QVERIFY(LineDecoder::keyTokenHint(R"({"id":"A","clock":{}})").isEmpty());
    QVERIFY(LineDecoder::keyTokenHint(R"("SYNC")").isEmpty());
    QVERIFY(LineDecoder::keyTokenHint(R"([["unterminated)").isEmpty());
    QVERIFY(LineDecoder::keyTokenHint(R"([null,2,"A"])").isEmpty());
    QVERIFY(LineDecoder::keyTokenHint("").isEmpty());
}

QTEST_GUILESS_MAIN(LineDecoderTest)
#include "tst_linedecoder.moc"
