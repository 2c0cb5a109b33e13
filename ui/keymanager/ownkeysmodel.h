// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

class KeyRing;

// Our own key pairs as a table: name, algorithm, the source id the key gives
// a replica, and its fingerprint.
class OwnKeysModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, AlgorithmColumn, SourceIdColumn, FingerprintColumn, ColumnCount };

    explicit OwnKeysModel(KeyRing *keyRing, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    QString nameAt(int row) const;
    int rowOfName(const QString &name) const;

private:
    KeyRing *m_keyRing;
};
