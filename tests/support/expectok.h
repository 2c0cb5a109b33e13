// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"

#include <QTest>

// For a step of a test's setup whose outcome the test does not examine (a
// set, an emit, a remove): a refusal fails the test, with its reason.
template<typename T> void expectOk(const sb::Result<T> &result)
{
    QVERIFY2(result.ok(), qPrintable(result.errorMessage()));
}
