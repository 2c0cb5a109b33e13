// SPDX-License-Identifier: MIT
#include "trustedkeysmodel.h"

#include "keyring.h"

#include <QFontDatabase>

TrustedKeysModel::TrustedKeysModel(KeyRing *keyRing, Kind kind, QObject *parent)
    : QAbstractTableModel(parent), m_keyRing(keyRing), m_kind(kind)
{
    connect(keyRing, &KeyRing::trustChanged, this, &TrustedKeysModel::reload);
    reload();
}

void TrustedKeysModel::reload()
{
    // A handful of rows that change on a click: a reset is the honest signal.
    beginResetModel();
    m_rows.clear();
    if (m_kind == Kind::Keys) {
        for (const sb::TrustList::Entry &entry : m_keyRing->trustedKeys()) {
            const QString algorithm = entry.key.algorithm() == sb::PublicKey::Algorithm::Rsa
                    ? QStringLiteral("RSA %1").arg(entry.key.bits())
                    : entry.key.algorithmName();
            m_rows.append({entry.name, entry.sourceId, algorithm, entry.key.fingerprint()});
        }
    } else {
        for (const sb::TrustList::Pin &pin : m_keyRing->pins())
            m_rows.append({pin.name, {}, tr("TLS certificate"), pin.fingerprint});
    }
    endResetModel();
}

int TrustedKeysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int TrustedKeysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString TrustedKeysModel::idAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return {};
    return m_kind == Kind::Keys ? m_rows.at(row).sourceId : m_rows.at(row).fingerprint;
}

QVariant TrustedKeysModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn:
            return row.name.isEmpty() ? tr("(no name)") : row.name;
        case SourceIdColumn:
            return row.sourceId;
        case AlgorithmColumn:
            return row.algorithm;
        case FingerprintColumn:
            return row.fingerprint;
        }
        break;
    case Qt::FontRole:
        if (index.column() == SourceIdColumn || index.column() == FingerprintColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        break;
    }
    return {};
}

QVariant TrustedKeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SourceIdColumn:
        return m_kind == Kind::Keys ? tr("Source id") : QString();
    case AlgorithmColumn:
        return tr("Kind");
    case FingerprintColumn:
        return tr("Fingerprint (SHA-256)");
    }
    return {};
}
