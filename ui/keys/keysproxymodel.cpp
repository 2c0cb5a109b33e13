// SPDX-License-Identifier: MIT
#include "keysproxymodel.h"

#include "keysmodel.h"

#include <QLatin1StringView>

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
int jsonRank(const QByteArray &json)
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

bool jsonLess(const QByteArray &a, const QByteArray &b)
{
    const int rankA = jsonRank(a);
    const int rankB = jsonRank(b);
    if (rankA != rankB)
        return rankA < rankB;
    if (rankA == 2)
        return a.toDouble() < b.toDouble();
    return a < b;
}

int compareDigitRuns(QStringView a, qsizetype &i, QStringView b, qsizetype &j)
{
    while (i < a.size() && a[i] == u'0' && i + 1 < a.size() && a[i + 1].isDigit())
        ++i;
    while (j < b.size() && b[j] == u'0' && j + 1 < b.size() && b[j + 1].isDigit())
        ++j;
    qsizetype endA = i;
    qsizetype endB = j;
    while (endA < a.size() && a[endA].isDigit())
        ++endA;
    while (endB < b.size() && b[endB].isDigit())
        ++endB;
    // A longer run of significant digits is the larger number.
    if (endA - i != endB - j)
        return endA - i < endB - j ? -1 : 1;
    const int order = a.sliced(i, endA - i).compare(b.sliced(j, endB - j));
    i = endA;
    j = endB;
    return order;
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
    invalidateRowsFilter(); // deletions seen while paused
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
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            if (const int order = compareDigitRuns(a, i, b, j))
                return order;
            continue;
        }
        const char16_t x = foldCase(a[i]);
        const char16_t y = foldCase(b[j]);
        if (x != y)
            return x < y ? -1 : 1;
        ++i;
        ++j;
    }
    if (i < a.size() || j < b.size())
        return i < a.size() ? 1 : -1;
    return a.compare(b); // equal but for case or leading zeros: still a total order
}

bool KeysProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (!m_keys)
        return QSortFilterProxyModel::lessThan(left, right);
    const sb::Update &a = m_keys->updateAt(left.row());
    const sb::Update &b = m_keys->updateAt(right.row());
    switch (left.column()) {
    case KeysModel::ValueColumn:
        if (a.value() != b.value())
            return jsonLess(a.value(), b.value());
        break;
    case KeysModel::SourceColumn:
        if (a.source() != b.source())
            return a.source() < b.source();
        break;
    case KeysModel::SignatureColumn:
        if (a.isSigned() != b.isSigned())
            return b.isSigned();
        break;
    case KeysModel::TimestampColumn:
        if (a.timestamp() != b.timestamp())
            return a.timestamp() < b.timestamp();
        break;
    case KeysModel::AgeColumn:
        if (a.timestamp() != b.timestamp())
            return a.timestamp() > b.timestamp();
        break;
    default:
        break;
    }
    return naturalCompare(a.key(), b.key()) < 0;
}

bool KeysProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!m_keys || sourceParent.isValid())
        return true;
    const sb::Update &update = m_keys->updateAt(sourceRow);
    if (!m_showDeleted && update.isDelete())
        return false;
    if (m_filter.isEmpty())
        return true;
    if (update.key().contains(m_filter, Qt::CaseInsensitive))
        return true;
    // Values are UTF-8; an ASCII needle can be matched on the bytes directly,
    // ignoring case, without decoding each value.
    if (m_filterIsAscii)
        return QLatin1StringView(update.value())
                .contains(QLatin1StringView(m_filterUtf8), Qt::CaseInsensitive);
    return update.value().contains(m_filterUtf8);
}
