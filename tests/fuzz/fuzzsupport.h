// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

// What the fuzz targets share: a QCoreApplication for the targets that run an
// event loop, and checks that abort with a readable message, so that libFuzzer
// keeps the input that broke an invariant as a crash artifact.
namespace FuzzSupport {

// Creates the application once per process (argv[0] only).
void ensureApplication();

// Delivers the events posted so far (zero-timeout single shots among them),
// as a turn of the event loop would, without polling or sleeping.
void processEvents();
// Deletes the objects deleteLater() was called on.
void deletePending();

// A directory on tmpfs when there is one: the file targets write and fsync a
// temporary file per input.
QString scratchDirectory();

[[noreturn]] void fail(const char *file, int line, const char *condition, const QString &detail);

// The input as a short printable excerpt for messages.
QString excerpt(QByteArrayView bytes);

} // namespace FuzzSupport

#define FUZZ_CHECK(condition, detail) \
    do { \
        if (!(condition)) \
            FuzzSupport::fail(__FILE__, __LINE__, #condition, (detail)); \
    } while (false)
