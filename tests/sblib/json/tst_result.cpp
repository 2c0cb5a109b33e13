// SPDX-License-Identifier: MIT
#include "result.h"

#include <QTest>

#include <type_traits>

using namespace Qt::StringLiterals;
using sb::Error;
using sb::Result;

// if (result) means success: an accidental bool conversion would let an
// unchecked failure pass as one.
static_assert(!std::is_convertible_v<Result<void>, bool>);

class TestResult : public QObject
{
    Q_OBJECT

private slots:
    void voidResultSucceedsByDefault();
    void voidResultFromAnErrorFails();
    void voidResultPassesOnAnotherResultsError();
};

void TestResult::voidResultSucceedsByDefault()
{
    const Result<void> done;
    QVERIFY(done.ok());
    QVERIFY(bool(done));
    // Validation returns this once per received update: no string is made.
    QVERIFY(done.errorMessage().isNull());
}

void TestResult::voidResultFromAnErrorFails()
{
    const Result<void> refused = Error{u"the value is not valid JSON"_s, Error::Kind::InvalidJson};
    QVERIFY(!refused.ok());
    QVERIFY(!refused);
    QCOMPARE(refused.errorMessage(), u"the value is not valid JSON"_s);
    QCOMPARE(refused.error().kind, Error::Kind::InvalidJson);
}

void TestResult::voidResultPassesOnAnotherResultsError()
{
    const Result<int> parsed = Error{u"not a number"_s};
    const Result<void> checked = parsed.error();
    QVERIFY(!checked.ok());
    QCOMPARE(checked.errorMessage(), u"not a number"_s);
    QCOMPARE(checked.error().kind, Error::Kind::Refused);
}

QTEST_APPLESS_MAIN(TestResult)
#include "tst_result.moc"
