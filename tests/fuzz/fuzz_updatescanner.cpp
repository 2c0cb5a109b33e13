// SPDX-License-Identifier: MIT
// UpdateScanner, the fast path for update lines, against the general path
// (JsonCodec::parse, Dialect::detect and decode): whenever the scanner accepts
// a line, the general path must accept it too and read the identical Update,
// for both dialects and at any depth limit. isCanonical must only say yes to
// text that stringify writes back byte for byte.
#include "dialect.h"
#include "fuzzsupport.h"
#include "jsoncodec.h"
#include "update.h"
#include "updatescanner_p.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

using namespace sb;

namespace {
constexpr int kDepths[] = {0, 1, 2, 3, 4, 64};

QString describe(const Update &update)
{
    return QStringLiteral("key %1, value %2, timestamp %3, source %4, signature %5")
            .arg(update.key(), QString::fromUtf8(update.value()))
            .arg(update.timestamp(), 0, 'g', 17)
            .arg(update.source(), update.signature());
}

bool sameTimestamp(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0; // -0 and 0 differ here
}

void checkScan(QByteArrayView line, int version, int maxDepth)
{
    const auto scanned = (version == 5 ? Dialect::v5() : Dialect::v4()).scan(line, maxDepth);
    if (!scanned)
        return;
    const QString where = QStringLiteral("dialect %1, depth %2: %3")
                                  .arg(version)
                                  .arg(maxDepth)
                                  .arg(FuzzSupport::excerpt(line));
    FUZZ_CHECK(scanned->isValid(), where);
    const auto parsed = JsonCodec::parse(line, {maxDepth});
    FUZZ_CHECK(parsed.ok(),
               QStringLiteral("the scanner accepts what parse refuses (%1): %2")
                       .arg(parsed.errorMessage(), where));
    FUZZ_CHECK(parsed.value().isArray(), where);
    const JsonArray &message = parsed.value().toArray();
    const Dialect *dialect = Dialect::detect(message);
    FUZZ_CHECK(dialect && dialect->version() == version,
               QStringLiteral("the general path detects dialect %1: %2")
                       .arg(dialect ? dialect->version() : 0)
                       .arg(where));
    const auto decoded = dialect->decode(message);
    FUZZ_CHECK(decoded.ok(),
               QStringLiteral("the scanner accepts what decode refuses (%1): %2")
                       .arg(decoded.errorMessage(), where));
    const Update &general = decoded.value();
    FUZZ_CHECK(*scanned == general && sameTimestamp(scanned->timestamp(), general.timestamp()),
               QStringLiteral("%1\n  scanner: %2\n  general: %3")
                       .arg(where, describe(*scanned), describe(general)));

    // What the scanner accepts is written back as it came; except an empty
    // signature, which reads as none and is left out (as node's security.js
    // would refuse either).
    const bool emptySignature = message.size() == size_t(version == 5 ? 4 : 5)
            && message.back().isString() && message.back().toString().isEmpty();
    QByteArray written;
    dialect->appendUpdate(written, *scanned);
    FUZZ_CHECK(emptySignature || QByteArrayView(written).chopped(1) == line,
               QStringLiteral("written back as %1: %2").arg(FuzzSupport::excerpt(written), where));
    FUZZ_CHECK(UpdateScanner::isCanonical(line, maxDepth),
               QStringLiteral("scanned, but not canonical: %1").arg(where));
}

void checkCanonical(QByteArrayView text, int maxDepth)
{
    if (!UpdateScanner::isCanonical(text, maxDepth))
        return;
    const QString where
            = QStringLiteral("depth %1: %2").arg(maxDepth).arg(FuzzSupport::excerpt(text));
    const auto parsed = JsonCodec::parse(text, {maxDepth});
    FUZZ_CHECK(parsed.ok(),
               QStringLiteral("canonical, but parse refuses it (%1): %2")
                       .arg(parsed.errorMessage(), where));
    const QByteArray written = JsonCodec::stringify(parsed.value());
    FUZZ_CHECK(written == text,
               QStringLiteral("canonical, but stringify writes %1: %2")
                       .arg(FuzzSupport::excerpt(written), where));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    // Seeds are wire lines: their newline is not part of the message.
    if (input.endsWith('\n'))
        input.chop(1);
    for (int maxDepth : kDepths) {
        checkScan(input, 5, maxDepth);
        checkScan(input, 4, maxDepth);
        checkCanonical(input, maxDepth);
    }
    return 0;
}
