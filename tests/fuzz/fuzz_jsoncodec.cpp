// SPDX-License-Identifier: MIT
// JsonCodec::parse and stringify on arbitrary bytes. Whatever parses must come
// back unchanged through its own text: parse(stringify(parse(x))) == parse(x),
// and stringify is a fixed point. A tighter depth limit may only refuse more.
#include "fuzzsupport.h"
#include "jsoncodec.h"

#include <cstddef>
#include <cstdint>

using namespace sb;

namespace {
constexpr int kTightDepth = 3;

void checkRoundTrip(QByteArrayView input, int maxDepth)
{
    const auto parsed = JsonCodec::parse(input, {maxDepth});
    if (!parsed) {
        FUZZ_CHECK(!parsed.errorMessage().isEmpty(), FuzzSupport::excerpt(input));
        return;
    }
    const JsonValue &value = parsed.value();
    FUZZ_CHECK(!value.isUndefined(), FuzzSupport::excerpt(input));
    const QByteArray text = JsonCodec::stringify(value);
    FUZZ_CHECK(!text.isEmpty(), FuzzSupport::excerpt(input));

    const auto again = JsonCodec::parse(text, {maxDepth});
    FUZZ_CHECK(again.ok(),
               QStringLiteral("stringify wrote what parse refuses: %1 -> %2")
                       .arg(FuzzSupport::excerpt(input), again.errorMessage()));
    FUZZ_CHECK(again.value() == value,
               QStringLiteral("the value changed through its text: %1 -> %2")
                       .arg(FuzzSupport::excerpt(input), FuzzSupport::excerpt(text)));
    const QByteArray textAgain = JsonCodec::stringify(again.value());
    FUZZ_CHECK(textAgain == text,
               QStringLiteral("stringify is not a fixed point: %1 -> %2 -> %3")
                       .arg(FuzzSupport::excerpt(input), FuzzSupport::excerpt(text),
                            FuzzSupport::excerpt(textAgain)));

    // append() and a copied value write the same bytes.
    QByteArray appended = "x";
    JsonCodec::append(appended, JsonValue(value));
    FUZZ_CHECK(QByteArrayView(appended).sliced(1) == text, FuzzSupport::excerpt(input));
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    checkRoundTrip(input, JsonCodec::ParseLimits().maxDepth);
    checkRoundTrip(input, kTightDepth);

    const auto tight = JsonCodec::parse(input, {kTightDepth});
    if (tight) {
        const auto loose = JsonCodec::parse(input);
        FUZZ_CHECK(loose.ok() && loose.value() == tight.value(),
                   QStringLiteral("a looser depth limit refuses or reads differently: %1")
                           .arg(FuzzSupport::excerpt(input)));
    }
    return 0;
}
