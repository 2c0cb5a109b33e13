// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "tracerecord.h"

#include <QFile>

#include <optional>

namespace sb {

// Reads a trace file (TraceWriter's format) one record at a time, so that a
// trace of any size is never held whole. Each refusal names the file, the
// line and the reason: a header that is not one, a line that is not JSON or
// lacks a field, a file cut short inside a line.
class TraceReader
{
public:
    // A line longer than this is refused (a wire line is at most 4 MiB by
    // default, and JSON escaping can make it some times longer).
    static constexpr qint64 kMaxLineBytes = 64 * 1024 * 1024;

    explicit TraceReader(const QString &fileName);

    // Opens the file and reads its header.
    Result<TraceHeader> open();
    // The next record, or nothing at the end of the file.
    Result<std::optional<TraceRecord>> next();

    qint64 lineNumber() const { return m_lineNumber; }
    qint64 position() const { return m_file.pos(); }
    qint64 size() const { return m_file.size(); }

private:
    Error error(const QString &reason) const;
    // The next line, newline included unless the file ends first or it
    // reaches kMaxLineBytes.
    QByteArray readLine();

    QFile m_file;
    qint64 m_lineNumber = 0;
};

} // namespace sb
