// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractTableModel>

class KeyRing;

// The trust list as a table: first the keys whose signed updates we accept
// (name, source id, algorithm, fingerprint), then the pinned TLS certificates
// of peers we accept connections with.
class TrustedKeysModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, SourceIdColumn, AlgorithmColumn, FingerprintColumn, ColumnCount };
    enum class Kind { Keys, Pins };

    TrustedKeysModel(KeyRing *keyRing, Kind kind, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The source id of a trusted key, or the fingerprint of a pin.
    QString idAt(int row) const;

private:
    void reload();

    KeyRing *m_keyRing;
    Kind m_kind;
    struct Row
    {
        QString name;
        QString sourceId;
        QString algorithm;
        QString fingerprint;
    };
    QList<Row> m_rows;
};
