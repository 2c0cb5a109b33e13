// SPDX-License-Identifier: MIT
#pragma once

#include <QLatin1StringView>
#include <QSortFilterProxyModel>
#include <QTimer>
#include <QVarLengthArray>

class KeysModel;

// Sorts and filters the keys table. It reads the KeysModel rows directly
// rather than through QVariant, which is what keeps sorting a million keys
// and re-filtering them on each keystroke fast. Keys sort naturally ("k2"
// before "k10"); the filter matches keys and values, ignoring case.
//
// Sorted by a column that updates change (value, source, time), each changed
// row has to move, and QSortFilterProxyModel pays for each move with the
// whole row count. When a batch would cost more than kLiveResortBudget, live
// re-sorting pauses (orderStale() turns true, rows update in place) and the
// order is rebuilt once traffic has been quiet for a second, or on request
// when the table is too large to re-sort unasked.
class KeysProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit KeysProxyModel(QObject *parent = nullptr);

    void setKeysModel(KeysModel *model);
    KeysModel *keysModel() const { return m_keys; }

    void setFilterText(const QString &text);
    QString filterText() const { return m_filter; }
    // Deleted keys (holding null) are hidden unless this is on.
    void setShowDeleted(bool show);
    bool showDeleted() const { return m_showDeleted; }

    bool isOrderStale() const { return m_orderStale; }
    // Re-sorts and re-filters now, ending a pause of live re-sorting.
    void resortNow();

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    static constexpr double kLiveResortBudget = 4e6; // changed rows x rows
    static constexpr int kAutoResortRows = 200000;

    // Negative, zero or positive as a sorts before, with or after b.
    static int naturalCompare(QStringView a, QStringView b);
    // The same order for Latin-1 text, without converting it.
    static int naturalCompare(QLatin1StringView a, QLatin1StringView b);

signals:
    void orderStaleChanged(bool stale);

protected:
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    // Room for a key decoded from the Model's text while rows are compared.
    struct KeyText
    {
        QVarLengthArray<char16_t, 128> units;
        QString string; // for a key whose JSON text has escapes
    };
    QStringView keyOf(int row, KeyText &text) const;
    void onChangesAboutToBeApplied(int rows);
    void onChangesApplied();
    void setOrderStale(bool stale);

    KeysModel *m_keys = nullptr;
    QTimer m_quietTimer;
    bool m_orderStale = false;
    QString m_filter;
    QByteArray m_filterUtf8;
    bool m_filterIsAscii = true;
    bool m_showDeleted = false;
};
