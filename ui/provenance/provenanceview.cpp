// SPDX-License-Identifier: MIT
#include "provenanceview.h"

#include "keysmodel.h"
#include "provenancemodel.h"
#include "sessionprovenance.h"

#include <QAbstractItemView>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

ProvenanceView::ProvenanceView(ReplicaSession *session, QWidget *parent)
    : QWidget(parent), m_provenance(new SessionProvenance(session, this)),
      m_model(new ProvenanceModel(m_provenance, this)), m_key(new QLabel(this)),
      m_why(new QLabel(this)), m_table(new QTableView(this))
{
    m_key->setTextFormat(Qt::PlainText);
    m_key->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_why->setTextFormat(Qt::PlainText);
    m_why->setWordWrap(true);
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_key);
    layout->addWidget(m_why);
    layout->addWidget(m_table, 1);

    connect(m_model, &ProvenanceModel::whyHeldChanged, m_why, &QLabel::setText);
    showKey({});
}

void ProvenanceView::followKeys(QAbstractItemView *keys)
{
    m_keys = keys;
    const auto follow = [this](const QModelIndex &current) {
        showKey(current.isValid() ? current.data(KeysModel::KeyRole).toString() : QString());
    };
    connect(keys->selectionModel(), &QItemSelectionModel::currentChanged, this, follow);
    // The table is emptied when the replica changes.
    connect(keys->model(), &QAbstractItemModel::modelReset, this, [this] {
        showKey(m_keys ? m_keys->currentIndex().data(KeysModel::KeyRole).toString() : QString());
    });
}

void ProvenanceView::showKey(const QString &key)
{
    m_key->setText(key.isEmpty() ? tr("Select a key to see where its value came from.")
                                 : tr("Key %1").arg(key));
    m_model->setKey(key);
    m_why->setVisible(!key.isEmpty());
}
