// SPDX-License-Identifier: MIT
#include "rowsview.h"

#include "doc.h"
#include "filterlineedit.h"
#include "jsoncodec.h"
#include "messagebar.h"
#include "rowsmodel.h"
#include "severity.h"

#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <map>

namespace JsonCodec = sb::JsonCodec;
using sb::JsonValue;

namespace {
// The value a Set compares with: a field's JSON text, kept per list item.
constexpr int kValueRole = Qt::UserRole + 1;
constexpr int kRowIdRole = Qt::UserRole + 2;
} // namespace

RowsView::RowsView(QWidget *parent)
    : QWidget(parent), m_proxy(new QSortFilterProxyModel(this)), m_filter(new FilterLineEdit(this)),
      m_count(new QLabel(this)), m_messages(new MessageBar(this)), m_table(new QTableView(this)),
      m_rowId(new QLineEdit(this)), m_fields(new QLineEdit(this)),
      m_setRow(new QPushButton(tr("Set Row"), this)),
      m_removeRows(new QAction(tr("&Remove Rows"), this)), m_groupField(new QComboBox(this)),
      m_sets(new QListWidget(this)), m_sequence(new QListWidget(this))
{
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterKeyColumn(-1); // any field
    m_proxy->setSortRole(Qt::DisplayRole);
    m_table->setModel(m_proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder); // arrival order until a header is clicked
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addAction(m_removeRows);

    m_filter->setPlaceholderText(tr("Filter rows by any field"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &FilterLineEdit::filterChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateCount();
    });

    m_rowId->setPlaceholderText(tr("row id"));
    m_fields->setPlaceholderText(tr("fields: {\"name\": \"text\", \"done\": false}"));
    m_fields->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    connect(m_setRow, &QPushButton::clicked, this, &RowsView::setRow);
    connect(m_fields, &QLineEdit::returnPressed, this, &RowsView::setRow);
    m_removeRows->setStatusTip(tr("Remove the selected rows (crdt's doc.rm)"));
    connect(m_removeRows, &QAction::triggered, this, &RowsView::removeSelectedRows);

    m_groupField->setToolTip(tr("The field whose values make crdt Sets"));
    connect(m_groupField, &QComboBox::currentIndexChanged, this, &RowsView::updateSets);
    connect(m_sets, &QListWidget::currentRowChanged, this, &RowsView::updateSequence);
    connect(m_sequence, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { selectRow(item->data(kRowIdRole).toString()); });
    connect(m_sequence, &QListWidget::currentItemChanged, this, [this](QListWidgetItem *item) {
        if (item)
            selectRow(item->data(kRowIdRole).toString());
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_filter, 1);
    top->addWidget(m_count);
    auto *edit = new QHBoxLayout;
    edit->addWidget(m_rowId, 1);
    edit->addWidget(m_fields, 3);
    edit->addWidget(m_setRow);

    auto *side = new QWidget(this);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(new QLabel(tr("Sets by field:"), side));
    sideLayout->addWidget(m_groupField);
    sideLayout->addWidget(m_sets, 1);
    sideLayout->addWidget(new QLabel(tr("Sequence (by _sort):"), side));
    sideLayout->addWidget(m_sequence, 2);

    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_table);
    splitter->addWidget(side);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addWidget(m_messages);
    layout->addWidget(splitter, 1);
    layout->addLayout(edit);
    updateCount();
}

RowsView::~RowsView() = default;

void RowsView::setModel(RowsModel *model)
{
    if (m_model)
        m_model->disconnect(this);
    m_model = model;
    m_proxy->setSourceModel(model);
    if (model) {
        connect(model, &RowsModel::editRejected, this, [this](const QString &message) {
            m_messages->showMessage(Severity::Warning, message);
        });
        connect(model, &QAbstractItemModel::rowsInserted, this, &RowsView::updateCount);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &RowsView::updateCount);
        connect(model, &QAbstractItemModel::columnsInserted, this, &RowsView::updateGroupFields);
        // Sets and sequences follow the rows they list: once a batch, since
        // listing them reads every row.
        connect(model, &RowsModel::batchApplied, this, &RowsView::updateSets);
    }
    updateGroupFields();
    updateCount();
}

RowsModel *RowsView::model() const
{
    return m_model;
}

void RowsView::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    m_table->setEditTriggers(readOnly ? QAbstractItemView::NoEditTriggers
                                      : QAbstractItemView::DoubleClicked
                                             | QAbstractItemView::EditKeyPressed
                                             | QAbstractItemView::AnyKeyPressed);
    for (QWidget *widget : {static_cast<QWidget *>(m_rowId), static_cast<QWidget *>(m_fields),
                            static_cast<QWidget *>(m_setRow)})
        widget->setEnabled(!readOnly);
    m_removeRows->setEnabled(!readOnly);
}

void RowsView::setRow()
{
    if (!m_model || m_readOnly)
        return;
    const QString rowId = m_rowId->text().trimmed();
    if (auto error = m_model->setFields(rowId, m_fields->text())) {
        m_messages->showMessage(Severity::Warning, *error);
        return;
    }
    m_messages->clear();
    emit statusMessage(tr("Row \"%1\" set").arg(rowId));
    m_fields->clear();
    selectRow(rowId);
}

void RowsView::removeSelectedRows()
{
    if (!m_model || m_readOnly)
        return;
    QStringList rowIds;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rowIds.append(m_model->rowIdAt(m_proxy->mapToSource(index).row()));
    if (rowIds.isEmpty())
        return;
    if (const auto refused = m_model->removeRows(rowIds)) {
        m_messages->showMessage(Severity::Warning, *refused);
        return;
    }
    emit statusMessage(rowIds.size() == 1 ? tr("Row \"%1\" removed").arg(rowIds.first())
                                          : tr("%n rows removed", nullptr, int(rowIds.size())));
}

void RowsView::updateCount()
{
    const int all = m_model ? m_model->rowCount() : 0;
    const int shown = m_proxy->rowCount();
    m_count->setText(shown == all ? tr("%1 rows").arg(all)
                                  : tr("%1 of %2 rows").arg(shown).arg(all));
}

void RowsView::updateGroupFields()
{
    const QString current = m_groupField->currentText();
    const QSignalBlocker blocker(m_groupField);
    m_groupField->clear();
    if (m_model) {
        for (int column = 0; column < m_model->columnCount(); ++column) {
            const QString field = m_model->fieldAt(column);
            if (field != u"id" && field != u"_sort")
                m_groupField->addItem(field);
        }
    }
    const int keep = m_groupField->findText(current);
    m_groupField->setCurrentIndex(keep >= 0 ? keep : 0);
    updateSets();
}

void RowsView::updateSets()
{
    const QString field = m_groupField->currentText();
    const QString selected = m_sets->currentItem()
            ? m_sets->currentItem()->data(kValueRole).toString()
            : QString();
    const QSignalBlocker blocker(m_sets);
    m_sets->clear();
    if (m_model && !field.isEmpty()) {
        // Each primitive value of the field is a set: crdt compares with ===.
        std::map<QString, int> counts;
        const sb::Doc *doc = m_model->doc();
        for (const QString &rowId : doc->rowIds()) {
            const JsonValue value = doc->fieldValue(rowId, field);
            if (!value.isUndefined() && !value.isArray() && !value.isObject())
                ++counts[QString::fromUtf8(JsonCodec::stringify(value))];
        }
        for (const auto &[value, count] : counts) {
            auto *item
                    = new QListWidgetItem(QStringLiteral("%1 (%2)").arg(value).arg(count), m_sets);
            item->setData(kValueRole, value);
            if (value == selected)
                m_sets->setCurrentItem(item);
        }
        // Some sequence is always shown: the largest set's, until another is picked.
        if (!m_sets->currentItem() && m_sets->count() > 0) {
            int largest = 0;
            int row = 0;
            for (const auto &[value, count] : counts) {
                if (count > counts.at(m_sets->item(largest)->data(kValueRole).toString()))
                    largest = row;
                ++row;
            }
            m_sets->setCurrentRow(largest);
        }
    }
    updateSequence();
}

void RowsView::updateSequence()
{
    const QSignalBlocker blocker(m_sequence);
    m_sequence->clear();
    const QListWidgetItem *set = m_sets->currentItem();
    if (!m_model || !set)
        return;
    const auto value = JsonCodec::parse(set->data(kValueRole).toString().toUtf8());
    if (!value)
        return;
    for (const QString &rowId : m_model->doc()->sequence(m_groupField->currentText(), *value)) {
        auto *item = new QListWidgetItem(rowId, m_sequence);
        item->setData(kRowIdRole, rowId);
    }
}

void RowsView::selectRow(const QString &rowId)
{
    if (!m_model)
        return;
    m_model->flush();
    const int row = m_model->rowOf(rowId);
    if (row < 0)
        return;
    const QModelIndex shown = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!shown.isValid())
        return;
    m_table->selectionModel()->setCurrentIndex(
            shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(shown);
}
