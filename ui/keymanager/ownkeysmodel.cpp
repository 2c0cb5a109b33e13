// SPDX-License-Identifier: MIT
#include "ownkeysmodel.h"

#include "keyring.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>

OwnKeysModel::OwnKeysModel(KeyRing *keyRing, QObject *parent)
    : QAbstractTableModel(parent), m_keyRing(keyRing)
{
    // A handful of rows that change on a click: a reset is the honest signal.
    connect(keyRing, &KeyRing::ownKeysChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
}

int OwnKeysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_keyRing->ownKeys().size());
}

int OwnKeysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OwnKeysModel::nameAt(int row) const
{
    return row >= 0 && row < rowCount() ? m_keyRing->ownKeys().at(row).name : QString();
}

int OwnKeysModel::rowOfName(const QString &name) const
{
    const auto &keys = m_keyRing->ownKeys();
    for (int row = 0; row < keys.size(); ++row) {
        if (keys.at(row).name == name)
            return row;
    }
    return -1;
}

QVariant OwnKeysModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const KeyRing::OwnKey &key = m_keyRing->ownKeys().at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return key.encrypted ? tr("%1 (passphrase)").arg(key.name) : key.name;
        case AlgorithmColumn:
            return key.error.isEmpty() ? key.algorithm : tr("unreadable");
        case SourceIdColumn:
            return key.sourceId;
        case FingerprintColumn:
            return key.fingerprint;
        }
        break;
    case Qt::ToolTipRole:
        if (!key.error.isEmpty())
            return key.error;
        if (index.column() == NameColumn)
            return key.encrypted ? tr("Encrypted: signing asks for its passphrase")
                                 : tr("Not encrypted: readable by you alone (0600)");
        return index.data().toString();
    case Qt::FontRole:
        if (index.column() == SourceIdColumn || index.column() == FingerprintColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    case Qt::ForegroundRole:
        if (!key.error.isEmpty())
            return QColor(0xc6, 0x28, 0x28);
        break;
    case Qt::UserRole:
        return key.name;
    }
    return {};
}

QVariant OwnKeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case AlgorithmColumn:
        return tr("Algorithm");
    case SourceIdColumn:
        return tr("Source id");
    case FingerprintColumn:
        return tr("Fingerprint (SHA-256)");
    }
    return {};
}
