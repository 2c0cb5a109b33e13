// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class ProvenanceModel;
class QAbstractItemView;
class QLabel;
class QTableView;
class ReplicaSession;
class SessionProvenance;

// The Provenance dock: the selected key's updates seen this session, newest
// first, under one line that says why the key holds its value. It follows
// the current row of a keys table (followKeys).
class ProvenanceView : public QWidget
{
    Q_OBJECT

public:
    explicit ProvenanceView(ReplicaSession *session, QWidget *parent = nullptr);

    // Shows the key of keys' current row (its KeysModel::KeyRole).
    void followKeys(QAbstractItemView *keys);
    void showKey(const QString &key);

    SessionProvenance *provenance() const { return m_provenance; }
    ProvenanceModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLabel *keyLabel() const { return m_key; }
    QLabel *whyLabel() const { return m_why; }

private:
    SessionProvenance *m_provenance;
    ProvenanceModel *m_model;
    QLabel *m_key;
    QLabel *m_why;
    QTableView *m_table;
    QPointer<QAbstractItemView> m_keys;
};
