// SPDX-License-Identifier: MIT
#include "linereader.h"

#include <QBuffer>
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
    void readsStraightFromADeviceAsFromChunks();
    void failedDeviceReadAddsNothing();
    void peekShowsTheNextLineWithoutTakingIt();
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
                                 << QList<QByteArray>{"{\"id\":\"A\"}", "[1]", "\"SYNC\""}
                                 << QByteArray();
    QTest::newRow("empty lines are lines")
            << QByteArray("\n\na\n") << QList<QByteArray>{"", "", "a"} << QByteArray();
    QTest::newRow("unfinished last line")
            << QByteArray("a\nbc") << QList<QByteArray>{"a"} << QByteArray("bc");
    QTest::newRow("carriage return is kept")
            << QByteArray("a\r\nb\n") << QList<QByteArray>{"a\r", "b"} << QByteArray();
    QTest::newRow("multi-byte UTF-8 split anywhere")
            << QByteArray("\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\"\n")
            << QList<QByteArray>{"\"\xc3\xa9\xe2\x80\xa8\xf0\x9f\x98\x80\""} << QByteArray();
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
    QCOMPARE(readAll(reader), QList<QByteArray>{"one"});
    QCOMPARE(reader.remainder().toByteArray(), QByteArray("tw"));
    reader.append("o\n");
    QCOMPARE(readAll(reader), QList<QByteArray>{"two"});
    QVERIFY(reader.remainder().isEmpty());
}

void tst_LineReader::unfinishedLineOverLimitIsOverLong()
{
    LineReader reader(10);
    QCOMPARE(reader.maxLineLength(), qsizetype(10));
    reader.append("short\n0123456789");
    QCOMPARE(readAll(reader), QList<QByteArray>{"short"});
    QVERIFY(!reader.overLong()); // exactly at the limit
    reader.append("X");
    QCOMPARE(readAll(reader), QList<QByteArray>{});
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
    QCOMPARE(readAll(reader), QList<QByteArray>{"x"});
}

void tst_LineReader::readsStraightFromADeviceAsFromChunks()
{
    QByteArray input;
    for (int i = 0; i < 2000; ++i)
        input += "[[\"k" + QByteArray::number(i) + "\"," + QByteArray::number(i * 7)
                + "],1,\"A\"]\n";
    input += "unfinished";
    for (qint64 chunk : {1, 7, 64, 4096, 1 << 20}) {
        QBuffer device(&input);
        QVERIFY(device.open(QIODevice::ReadOnly));
        LineReader reader(1024);
        QList<QByteArray> got;
        qint64 total = 0;
        while (const qint64 read = reader.readFrom(&device, chunk)) {
            QVERIFY(read > 0 && read <= chunk);
            total += read;
            got += readAll(reader);
        }
        QCOMPARE(total, input.size());
        QCOMPARE(got.size(), 2000);
        QCOMPARE(got.first(), QByteArray(R"([["k0",0],1,"A"])"));
        QCOMPARE(got.last(), QByteArray(R"([["k1999",13993],1,"A"])"));
        QCOMPARE(reader.remainder().toByteArray(), QByteArray("unfinished"));
    }
}

void tst_LineReader::failedDeviceReadAddsNothing()
{
    LineReader reader(1024);
    reader.append("held\nhalf");
    QBuffer closed; // not open: read() fails with -1
    QTest::ignoreMessage(QtWarningMsg, "QIODevice::read (QBuffer): device not open");
    QCOMPARE(reader.readFrom(&closed, 100), qint64(-1));
    QCOMPARE(reader.nextLine()->toByteArray(), QByteArray("held"));
    QCOMPARE(reader.remainder().toByteArray(), QByteArray("half"));
}

void tst_LineReader::peekShowsTheNextLineWithoutTakingIt()
{
    LineReader reader(1024);
    QVERIFY(!reader.peekLine());
    reader.append("one\ntw");
    QCOMPARE(reader.peekLine()->toByteArray(), QByteArray("one"));
    QCOMPARE(reader.peekLine()->toByteArray(), QByteArray("one"));
    QCOMPARE(reader.nextLine()->toByteArray(), QByteArray("one"));
    QVERIFY(!reader.peekLine()); // "tw" has no newline yet
    reader.append("o\nthree\n");
    QCOMPARE(reader.peekLine()->toByteArray(), QByteArray("two"));
    QCOMPARE(reader.nextLine()->toByteArray(), QByteArray("two"));
    QCOMPARE(reader.nextLine()->toByteArray(), QByteArray("three"));
    QVERIFY(!reader.peekLine());
    QVERIFY(!reader.nextLine());
    QCOMPARE(reader.buffered(), 0);
}

QTEST_GUILESS_MAIN(tst_LineReader)
#include "tst_linereader.moc"
