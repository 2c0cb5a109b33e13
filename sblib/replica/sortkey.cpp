// SPDX-License-Identifier: MIT
#include "sortkey_p.h"

#include <QRandomGenerator>

namespace sb {

namespace {

// between's alphabet, sorted (it is already).
constexpr char16_t kChars[] = u"!0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~";
constexpr int kCharCount = int(std::size(kChars)) - 1;

int indexOfChar(const QString &text, qsizetype at, int fallback)
{
    if (at >= text.size())
        return fallback;
    for (int i = 0; i < kCharCount; ++i) {
        if (kChars[i] == text.at(at).unicode())
            return i;
    }
    return fallback;
}

} // namespace

std::optional<QString> SortKey::between(const QString &a, const QString &b)
{
    if (!(a < b))
        return std::nullopt;
    QString key;
    // Each round adds a character and stops at the first key strictly between;
    // a < b guarantees one within a few characters past their common prefix.
    const qsizetype rounds = std::max(a.size(), b.size()) + 64;
    for (qsizetype i = 0; i < rounds; ++i) {
        const int low = indexOfChar(a, i, 0);
        const int high = indexOfChar(b, i, kCharCount - 1);
        // Math.round((low + high) / 2) of non-negative integers.
        const int c = low + 1 < high ? (low + high + 1) / 2 : low;
        key.append(QChar(kChars[c]));
        if (a < key && key < b && QChar(kChars[c]) != kLowest)
            return key;
    }
    return std::nullopt;
}

QString SortKey::randomTail(int length)
{
    QString tail;
    tail.reserve(length);
    for (int i = 0; i < length; ++i)
        tail.append(QChar(kChars[QRandomGenerator::global()->bounded(kCharCount)]));
    return tail;
}

} // namespace sb
