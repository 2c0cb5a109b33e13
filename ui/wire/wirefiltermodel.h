// SPDX-License-Identifier: MIT
#pragma once

#include <QSortFilterProxyModel>

// Which lines of the Wire dock show: those of one peer (or all), of a kind,
// and matching a search. The search is words; "key:NAME" and "source:ID"
// match an update's key and source (parsed from the line), any other word
// matches the line's text or the reason it was refused, case-insensitively.
class WireFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Kinds { All, Digests, Updates, History, Live, Sync, Problems };
    Q_ENUM(Kinds)

    explicit WireFilterModel(QObject *parent = nullptr);

    // An empty peer shows every peer.
    void setPeer(const QString &peer);
    QString peer() const { return m_peer; }
    void setKinds(Kinds kinds);
    Kinds kinds() const { return m_kinds; }
    void setSearch(const QString &search);
    QString search() const { return m_search; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_peer;
    Kinds m_kinds = Kinds::All;
    QString m_search;
    QStringList m_keys;
    QStringList m_sources;
    QStringList m_words;
};
