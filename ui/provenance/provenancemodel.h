// SPDX-License-Identifier: MIT
#pragma once

#include "provenanceentry.h"
#include "signaturechecker.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

class SessionProvenance;

// Every update seen this session for one key of the session's Model, newest
// first: its value, source, stamp, signature, where it came from and what it
// is now (current, superseded, old data, rejected, with the reason in the
// tooltip), and whyHeld(), the rule that made the current value win. The key
// is watched while shown, so its history outlives the bounded ring of recent
// updates; new updates show on a timer, inserted at the top.
class ProvenanceModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SeenColumn,
        ValueColumn,
        SourceColumn,
        StampColumn,
        SignatureColumn,
        FromColumn,
        OutcomeColumn,
        ColumnCount
    };
    enum Role { FateRole = Qt::UserRole + 1, ReasonRole };

    static constexpr int kRefreshIntervalMs = 200;

    explicit ProvenanceModel(SessionProvenance *provenance, QObject *parent = nullptr);

    // Shows key's history (an empty key shows nothing).
    void setKey(const QString &key);
    QString key() const { return m_key; }
    QString whyHeld() const { return m_why; }
    const sb::ProvenanceEntry &entryAt(int row) const { return m_entries.at(row); }
    // Reads the record again now rather than at the next tick.
    void refresh();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QColor fateColor(sb::ProvenanceEntry::Fate fate);
    static QString signatureLabel(const sb::Update &update, const SignatureChecker &checker);

signals:
    void whyHeldChanged(const QString &text);

private:
    sb::Update held() const;
    void reload();
    void setWhy(const QString &why);

    SessionProvenance *m_provenance;
    SignatureChecker m_checker;
    QTimer m_refresh;
    QString m_key;
    QByteArray m_keyToken;
    QList<sb::ProvenanceEntry> m_entries; // newest first
    sb::Update m_held;
    qint64 m_revision = -1;
    QString m_why;
};
