#include "linereader.h"

#include <QtTest>

using namespace sb;

// LineReader cuts a byte stream into lines however the bytes were chunked on
// the way, and notices a line that grows past its limit before it ends.
class tst_LineReader : public QObject
{
    Q_OBJECT

private slots:
    void linesDoNotDependOnChunking_data();
    void linesDoNotDependOnChunking();
    void remainderIsTheUnfinishedLine();
    void unfinishedLineOverLimitIsOverLong();
    void manyLinesThroughASmallWindowStayCorrect();
    void clearForgetsEverything();
};

static QList<QByteArray> readAll(LineReader &reader)
{
    QList<QByteArray> lines;
    while (const auto line = reader.nextLine())
        lines.append(line->toByteArray());
    return lines;
}

void tst_LineReader::linesDoNotDependOnChunking_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QList<QByteArray>>("lines");
    QTest::addColumn<QByteArray>("rest");

    QTest::newRow("three lines") << QByteArray("{\"id\":\"A\"}\n[1]\n\"SYNC\"\n")
                                 << QList<QByteArray> {"{\"id\":\"A\"}", "[1]", "\"SYNC\""}
                                 << QByteArray();
    QTest::newRow("empty lines are lines")
            << QByteArray("\n\na\n") << QList<QByteArray> {"", "", "a"} << QByteArray();
    QTest::newRow("unfinished last line")
            << QByteArray("a\nbc") << QList<QByteArray> {"a"} << QByteArray("bc");
    QTest::newRow("carriage return is kept")
            << QByteArray("a\r\nb\n") << QList<QByteArray> {"a\r", "b"} << QByteArray();
    QTest::newRow("multi-byte UTF-8 split anywhere")
            << QByteArray("\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\"\n")
            << QList<QByteArray> {"\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\""} << QByteArray();
}

void tst_LineReader::linesDoNotDependOnChunking()
{
    QFETCH(QByteArray, input);
    QFETCH(QList<QByteArray>, lines);
    QFETCH(QByteArray, rest);

    // Every chunk size, from one byte at a time to all at once.
    for (qsizetype chunk = 1; chunk <= input.size(); ++chunk) {
        LineReader reader(1024);
        QList<QByteArray> got;
        for (qsizetype at = 0; at < input.size(); at += chunk) {
            reader.append(input.mid(at, chunk));
            got += readAll(reader);
        }
        QCOMPARE(got, lines);
        QCOMPARE(reader.remainder().toByteArray(), rest);
        QCOMPARE(reader.buffered(), rest.size());
        QVERIFY(!reader.overLong());
    }
}

void tst_LineReader::remainderIsTheUnfinishedLine()
{
    LineReader reader(1024);
    reader.append("one\ntw");
    QCOMPARE(readAll(reader), QList<QByteArray> {"one"});
    QCOMPARE(reader.remainder().toByteArray(), QByteArray("tw"));
    reader.append("o\n");
    QCOMPARE(readAll(reader), QList<QByteArray> {"two"});
    QVERIFY(reader.remainder().isEmpty());
}

void tst_LineReader::unfinishedLineOverLimitIsOverLong()
{
    LineReader reader(10);
    QCOMPARE(reader.maxLineLength(), qsizetype(10));
    reader.append("short\n0123456789");
    QCOMPARE(readAll(reader), QList<QByteArray> {"short"});
    QVERIFY(!reader.overLong()); // exactly at the limit
    reader.append("X");
    QCOMPARE(readAll(reader), QList<QByteArray> {});
    QVERIFY(reader.overLong());
}

void tst_LineReader::manyLinesThroughASmallWindowStayCorrect()
{
    // Enough traffic for the reader to compact its buffer many times over.
    LineReader reader(1 << 20);
    QByteArray pending;
    qsizetype expected = 0;
    for (int i = 0; i < 20000; ++i) {
        pending += QByteArray::number(i) + '\n';
        if (pending.size() > 777 || i == 19999) {
            reader.append(pending.left(pending.size() - 3));
            const QByteArray tail = pending.right(3);
            pending.clear();
            for (const QByteArray &line : readAll(reader))
                QCOMPARE(line, QByteArray::number(expected++));
            reader.append(tail);
            for (const QByteArray &line : readAll(reader))
                QCOMPARE(line, QByteArray::number(expected++));
        }
    }
    QCOMPARE(expected, qsizetype(20000));
    QCOMPARE(reader.buffered(), qsizetype(0));
}

void tst_LineReader::clearForgetsEverything()
{
    LineReader reader(4);
    reader.append("abcdefgh");
    QVERIFY(reader.overLong());
    reader.clear();
    QVERIFY(!reader.overLong());
    QCOMPARE(reader.buffered(), qsizetype(0));
    reader.append("x\n");
    QCOMPARE(readAll(reader), QList<QByteArray> {"x"});
}

QTEST_GUILESS_MAIN(tst_LineReader)
#include "tst_linereader.moc"
