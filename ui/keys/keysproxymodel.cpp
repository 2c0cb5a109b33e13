// SPDX-License-Identifier: MIT
#include "keysproxymodel.h"

#include "keysmodel.h"
#include "model.h"

#include <QLatin1StringView>
#include <QStringDecoder>

#include <cstring>
#include <optional>

namespace {
char16_t foldCase(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return u >= 'A' && u <= 'Z' ? char16_t(u + 32) : u;
    return c.toCaseFolded().unicode();
}

// JSON values sort by type first (null, booleans, numbers, strings, arrays,
// objects), numbers by value, the rest by their text.
int jsonRank(QByteArrayView json)
{
    if (json.isEmpty())
        return -1;
    switch (json.front()) {
    case 'n':
        return 0;
    case 't':
    case 'f':
        return 1;
    case '"':
        return 3;
    case '[':
        return 4;
    case '{':
        return 5;
    default:
        return 2;
    }
}

bool jsonLess(QByteArrayView a, QByteArrayView b)
{
    const int rankA = jsonRank(a);
    const int rankB = jsonRank(b);
    if (rankA != rankB)
        return rankA < rankB;
    if (rankA == 2)
        return a.toDouble() < b.toDouble();
    return a < b;
}

char16_t unitOf(char16_t c)
{
    return c;
}

char16_t unitOf(char c)
{
    return char16_t(uchar(c)); // Latin-1: the byte is the code point
}

bool isDigitUnit(char16_t u)
{
    return u < 0x80 ? u >= '0' && u <= '9' : QChar(u).isDigit();
}

// -1, 0 or 1 as the units of a (na of them) order before, with or after b's.
template<typename Char> int compareUnits(const Char *a, qsizetype na, const Char *b, qsizetype nb)
{
    for (qsizetype k = 0; k < qMin(na, nb); ++k) {
        if (a[k] != b[k])
            return unitOf(a[k]) < unitOf(b[k]) ? -1 : 1;
    }
    return na == nb ? 0 : (na < nb ? -1 : 1);
}

template<typename Char>
int compareDigitRuns(const Char *a, qsizetype na, qsizetype &i, const Char *b, qsizetype nb,
                     qsizetype &j)
{
    while (i + 1 < na && unitOf(a[i]) == u'0' && isDigitUnit(unitOf(a[i + 1])))
        ++i;
    while (j + 1 < nb && unitOf(b[j]) == u'0' && isDigitUnit(unitOf(b[j + 1])))
        ++j;
    qsizetype endA = i;
    qsizetype endB = j;
    while (endA < na && isDigitUnit(unitOf(a[endA])))
        ++endA;
    while (endB < nb && isDigitUnit(unitOf(b[endB])))
        ++endB;
    // A longer run of significant digits is the larger number.
    if (endA - i != endB - j)
        return endA - i < endB - j ? -1 : 1;
    const int order = compareUnits(a + i, endA - i, b + j, endB - j);
    i = endA;
    j = endB;
    return order;
}

template<typename Char>
int naturalCompareUnits(const Char *a, qsizetype na, const Char *b, qsizetype nb)
{
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < na && j < nb) {
        const char16_t x = unitOf(a[i]);
        const char16_t y = unitOf(b[j]);
        if (isDigitUnit(x) && isDigitUnit(y)) {
            if (const int order = compareDigitRuns(a, na, i, b, nb, j))
                return order;
            continue;
        }
        const char16_t foldedX = foldCase(QChar(x));
        const char16_t foldedY = foldCase(QChar(y));
        if (foldedX != foldedY)
            return foldedX < foldedY ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < na || j < nb)
        return i < na ? 1 : -1;
    return compareUnits(a, na, b, nb); // equal but for case or leading zeros: a total order
}

// The text of a key token without its quotes, when it has no escape and is
// ASCII: then its bytes are its characters, and keys compare without decoding.
std::optional<QLatin1StringView> plainAsciiBody(QByteArrayView token)
{
    const QByteArrayView body = token.sliced(1, token.size() - 2);
    for (const char c : body) {
        if (uchar(c) >= 0x80 || c == '\\')
            return std::nullopt;
    }
    return QLatin1StringView(body);
}
} // namespace

KeysProxyModel::KeysProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    m_quietTimer.setSingleShot(true);
    m_quietTimer.setInterval(1000);
    connect(&m_quietTimer, &QTimer::timeout, this, [this] {
        if (m_keys && m_keys->rowCount() <= kAutoResortRows)
            resortNow();
    });
}

void KeysProxyModel::setKeysModel(KeysModel *model)
{
    if (m_keys)
        m_keys->disconnect(this);
    m_keys = model;
    setSourceModel(model);
    if (model) {
        connect(model, &KeysModel::changesAboutToBeApplied, this,
                &KeysProxyModel::onChangesAboutToBeApplied);
        connect(model, &KeysModel::changesApplied, this, &KeysProxyModel::onChangesApplied);
    }
    setOrderStale(false);
}

void KeysProxyModel::onChangesAboutToBeApplied(int rows)
{
    const bool orderCanChange = sortColumn() > KeysModel::KeyColumn;
    if (m_orderStale || !orderCanChange)
        return;
    if (double(rows) * double(m_keys->rowCount()) <= kLiveResortBudget)
        return;
    setDynamicSortFilter(false);
    setOrderStale(true);
}

void KeysProxyModel::onChangesApplied()
{
    if (m_orderStale)
        m_quietTimer.start();
}

void KeysProxyModel::resortNow()
{
    m_quietTimer.stop();
    if (!m_orderStale)
        return;
    setOrderStale(false);
    setDynamicSortFilter(true); // sorts
    invalidateRowsFilter();     // deletions seen while paused
}

void KeysProxyModel::sort(int column, Qt::SortOrder order)
{
    QSortFilterProxyModel::sort(column, order);
    resortNow();
}

void KeysProxyModel::setOrderStale(bool stale)
{
    if (stale == m_orderStale)
        return;
    m_orderStale = stale;
    emit orderStaleChanged(stale);
}

void KeysProxyModel::setFilterText(const QString &text)
{
    if (text == m_filter)
        return;
    m_filter = text;
    m_filterUtf8 = text.toUtf8();
    m_filterIsAscii
            = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
    invalidateRowsFilter();
}

void KeysProxyModel::setShowDeleted(bool show)
{
    if (show == m_showDeleted)
        return;
    m_showDeleted = show;
    invalidateRowsFilter();
}

int KeysProxyModel::naturalCompare(QStringView a, QStringView b)
{
    return naturalCompareUnits(a.utf16(), a.size(), b.utf16(), b.size());
}

int KeysProxyModel::naturalCompare(QLatin1StringView a, QLatin1StringView b)
{
    return naturalCompareUnits(a.data(), a.size(), b.data(), b.size());
}

QStringView KeysProxyModel::keyOf(int row, KeyText &text) const
{
    const QByteArrayView token = m_keys->model()->keyTokenAt(row);
    const QByteArrayView body = token.sliced(1, token.size() - 2);
    if (std::memchr(body.data(), '\\', size_t(body.size())) != nullptr) {
        text.string = m_keys->model()->keyAt(row);
        return text.string;
    }
    // UTF-8 never takes fewer bytes than UTF-16 takes units.
    text.units.resize(body.size());
    QStringDecoder decoder(QStringConverter::Utf8,
                           QStringConverter::Flag::Stateless
                                   | QStringConverter::Flag::ConvertInitialBom);
    QChar *const begin = reinterpret_cast<QChar *>(text.units.data());
    const QChar *const end = decoder.appendToBuffer(begin, body);
    return QStringView(begin, end - begin);
}

bool KeysProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_keys)
        return QSortFilterProxyModel::lessThan(left, right);
    // Sorting a million rows compares them tens of millions of times: each
    // comparison reads the parts it needs from the Model, making no Update.
    const sb::Model *model = m_keys->model();
    const int a = left.row();
    const int b = right.row();
    switch (left.column()) {
    case KeysModel::ValueColumn:
        if (model->valueAt(a) != model->valueAt(b))
            return jsonLess(model->valueAt(a), model->valueAt(b));
        break;
    case KeysModel::SourceColumn:
        if (model->sourceAt(a) != model->sourceAt(b))
            return model->sourceAt(a) < model->sourceAt(b);
        break;
    case KeysModel::SignatureColumn:
        if (model->isSignedAt(a) != model->isSignedAt(b))
            return model->isSignedAt(b);
        break;
    case KeysModel::TimestampColumn:
        if (model->timestampAt(a) != model->timestampAt(b))
            return model->timestampAt(a) < model->timestampAt(b);
        break;
    case KeysModel::AgeColumn:
        if (model->timestampAt(a) != model->timestampAt(b))
            return model->timestampAt(a) > model->timestampAt(b);
        break;
    default:
        break;
    }
    // Most keys are plain ASCII: compared as they lie in the store, a million
    // of them sort in about half the time (the proxy compares each new row
    // with about twenty others).
    const auto asciiA = plainAsciiBody(model->keyTokenAt(a));
    const auto asciiB = asciiA ? plainAsciiBody(model->keyTokenAt(b)) : std::nullopt;
    if (asciiA && asciiB)
        return naturalCompare(*asciiA, *asciiB) < 0;
    KeyText keyA;
    KeyText keyB;
    return naturalCompare(keyOf(a, keyA), keyOf(b, keyB)) < 0;
}

bool KeysProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_keys || sourceParent.isValid())
        return true;
    const sb::Model *model = m_keys->model();
    if (!m_showDeleted && model->isDeleteAt(sourceRow))
        return false;
    if (m_filter.isEmpty())
        return true;
    KeyText key;
    if (keyOf(sourceRow, key).contains(m_filter, Qt::CaseInsensitive))
        return true;
    // Values are UTF-8; an ASCII needle can be matched on the bytes directly,
    // ignoring case, without decoding each value.
    const QByteArrayView value = model->valueAt(sourceRow);
    if (m_filterIsAscii)
        return QLatin1StringView(value).contains(QLatin1StringView(m_filterUtf8),
                                                 Qt::CaseInsensitive);
    return value.indexOf(m_filterUtf8) >= 0;
}
