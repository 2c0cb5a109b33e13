// SPDX-License-Identifier: MIT
// The replica file reader on arbitrary file contents. ReplicaFile (read-only,
// so nothing is locked or written) must load the file or refuse it with an
// error that names the file and a line, and never crash. Then:
//  - salvaging always loads, skipping a line exactly when the strict read refused;
//  - a file that loads strictly loads the same when salvaged, and its replica,
//    written out again as a snapshot (digest, history, "SYNC"), reads back the same.
#include "dialect.h"
#include "digest.h"
#include "fuzzsupport.h"
#include "replicafile.h"
#include "scuttlebutt.h"

#include <QFile>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

using namespace sb;

namespace {

constexpr int kMaxRounds = 100000;

struct Loaded
{
    std::unique_ptr<ReplicaFile> file; // owns the replica
    std::optional<ReplicaFileError> error;
};

void writeFile(const QString &fileName, QByteArrayView bytes)
{
    QFile file(fileName);
    FUZZ_CHECK(file.open(QIODevice::WriteOnly | QIODevice::Truncate), file.errorString());
    FUZZ_CHECK(file.write(bytes.data(), bytes.size()) == bytes.size(), file.errorString());
}

Loaded load(const QString &fileName, ReplicaFileOptions::Recovery recovery)
{
    ReplicaFileOptions options;
    options.access = ReplicaFileOptions::Access::ReadOnly;
    options.recovery = recovery;
    Loaded result;
    result.file = std::make_unique<ReplicaFile>(fileName, options);
    bool done = false;
    QObject::connect(result.file.get(), &ReplicaFile::loaded, [&done] { done = true; });
    QObject::connect(result.file.get(), &ReplicaFile::failed, [&](const ReplicaFileError &error) {
        done = true;
        result.error = error;
    });
    result.file->open();
    for (int round = 0; round < kMaxRounds && !done; ++round)
        FuzzSupport::processEvents();
    FUZZ_CHECK(done, QStringLiteral("%1: neither loaded nor failed").arg(fileName));
    QObject::disconnect(result.file.get(), nullptr, nullptr, nullptr);
    FuzzSupport::deletePending(); // the reader, done with
    return result;
}

QString describe(const Update &update)
{
    return QStringLiteral("[%1, %2, %3, %4]")
            .arg(update.key(), QString::fromUtf8(update.value()))
            .arg(update.timestamp(), 0, 'g', 17)
            .arg(update.source());
}

// where() names the input, when a check fails.
template<typename Where> void checkReplica(const Scuttlebutt &replica, const Where &where)
{
    const QList<Update> history = replica.history();
    FUZZ_CHECK(history.size() == replica.updateCount(), where());
    for (const Update &update : history) {
        FUZZ_CHECK(replica.validate(update).ok(),
                   QStringLiteral("holds an invalid update %1: %2").arg(describe(update), where()));
        FUZZ_CHECK(replica.clock().latest(update.source()) >= update.timestamp(),
                   QStringLiteral("the clock lacks %1: %2").arg(describe(update), where()));
    }
}

// What a compaction writes for replica: its digest, history and "SYNC".
QByteArray snapshotOf(const Scuttlebutt &replica)
{
    JsonObject meta;
    meta.insert(QStringLiteral("type"), JsonValue(replica.typeName()));
    QByteArray out = Digest{replica.id(), replica.clock(), JsonValue(std::move(meta))}.toLine();
    for (const Update &update : replica.history())
        Dialect::v5().appendUpdate(out, update);
    out += "\"SYNC\"\n";
    return out;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    FuzzSupport::ensureApplication();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString fileName = FuzzSupport::scratchDirectory() + QStringLiteral("/input.sb");
    writeFile(fileName, input);
    // Put together only when a check fails, as every message here.
    const auto where = [input] { return FuzzSupport::excerpt(input); };
    const qint64 lineCount = input.count('\n') + (input.endsWith('\n') || input.isEmpty() ? 0 : 1);

    const Loaded strict = load(fileName, ReplicaFileOptions::Recovery::Strict);
    const Loaded salvaged = load(fileName, ReplicaFileOptions::Recovery::Salvage);
    FUZZ_CHECK(!salvaged.error,
               QStringLiteral("salvaging refused the file: %1: %2")
                       .arg(salvaged.error ? salvaged.error->message() : QString(), where()));
    const Scuttlebutt *salvagedReplica = salvaged.file->replica();
    FUZZ_CHECK(salvagedReplica, where());
    checkReplica(*salvagedReplica, [&] { return QStringLiteral("salvaged: %1").arg(where()); });
    for (const ReplicaFileError &skipped : salvaged.file->report().skippedLines)
        FUZZ_CHECK(skipped.line >= 1 && skipped.line <= lineCount && !skipped.reason.isEmpty(),
                   QStringLiteral("skipped %1: %2").arg(skipped.message(), where()));

    if (strict.error) {
        const ReplicaFileError &error = *strict.error;
        FUZZ_CHECK(error.fileName == fileName && !error.reason.isEmpty(),
                   QStringLiteral("%1: %2").arg(error.message(), where()));
        FUZZ_CHECK(error.line >= 1 && error.line <= lineCount,
                   QStringLiteral("the error names line %1 of %2: %3: %4")
                           .arg(error.line)
                           .arg(lineCount)
                           .arg(error.message(), where()));
        FUZZ_CHECK(strict.file->state() == ReplicaFile::State::Failed && !strict.file->replica(),
                   where());
        FUZZ_CHECK(!salvaged.file->report().skippedLines.isEmpty(),
                   QStringLiteral("refused (%1), yet salvaging skipped nothing: %2")
                           .arg(error.message(), where()));
        return 0;
    }

    const Scuttlebutt *replica = strict.file->replica();
    FUZZ_CHECK(replica && strict.file->state() == ReplicaFile::State::Open, where());
    checkReplica(*replica, where);
    const ReplicaFileReport &report = strict.file->report();
    FUZZ_CHECK(report.lines <= lineCount && report.validSize <= report.fileSize
                       && report.fileSize == input.size(),
               where());
    FUZZ_CHECK(!report.tornLine
                       || (report.tornLine->line >= 1 && report.tornLine->line <= lineCount),
               QStringLiteral("torn %1: %2").arg(report.tornLine->message(), where()));
    FUZZ_CHECK(salvaged.file->report().skippedLines.isEmpty(),
               QStringLiteral("loaded strictly, yet salvaging skipped %1: %2")
                       .arg(salvaged.file->report().skippedLines.first().message(), where()));
    FUZZ_CHECK(salvagedReplica->history() == replica->history()
                       && salvagedReplica->typeName() == replica->typeName(),
               QStringLiteral("salvaging read something else: %1").arg(where()));

    // Written out as a compaction would, it reads back the same.
    const QString copyName = FuzzSupport::scratchDirectory() + QStringLiteral("/copy.sb");
    const QByteArray snapshot = snapshotOf(*replica);
    writeFile(copyName, snapshot);
    const Loaded copy = load(copyName, ReplicaFileOptions::Recovery::Strict);
    FUZZ_CHECK(!copy.error,
               QStringLiteral("its snapshot is refused: %1\n  snapshot: %2\n  input: %3")
                       .arg(copy.error ? copy.error->message() : QString(),
                            FuzzSupport::excerpt(snapshot), where()));
    const Scuttlebutt *reread = copy.file->replica();
    FUZZ_CHECK(reread->id() == replica->id() && reread->typeName() == replica->typeName()
                       && reread->history() == replica->history() && !copy.file->report().tornLine,
               QStringLiteral("its snapshot reads back differently\n  snapshot: %1\n  input: %2")
                       .arg(FuzzSupport::excerpt(snapshot), where()));
    return 0;
}
