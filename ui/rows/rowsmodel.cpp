// SPDX-License-Identifier: MIT
#include "rowsmodel.h"

#include "doc.h"
#include "format.h"
#include "jsoncodec.h"
#include "removeeach.h"

#include <algorithm>
#include <functional>

using sb::Doc;
namespace JsonCodec = sb::JsonCodec;
using sb::JsonObject;
using sb::JsonValue;

namespace {
constexpr int kBatchMs = 50;
}

RowsModel::RowsModel(Doc *doc, QObject *parent)
    : QAbstractTableModel(parent), m_doc(doc),
      m_batch(std::chrono::milliseconds(kBatchMs), [this](QDeadlineTimer) {
          flush();
          return false;
      })
{
    m_fields = doc->fieldNames();
    if (!m_fields.contains(QStringLiteral("id")))
        m_fields.prepend(QStringLiteral("id"));
    m_rowIds = doc->rowIds();
    for (int row = 0; row < m_rowIds.size(); ++row)
        m_rowOf.insert(m_rowIds.at(row), row);
    connect(doc, &Doc::rowChanged, this, [this](const QString &rowId) { onRowChanged(rowId); });
    connect(doc, &Doc::rowRemoved, this, &RowsModel::onRowChanged);
}

RowsModel::~RowsModel() = default;

int RowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rowIds.size());
}

int RowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_fields.size());
}

QVariant RowsModel::data(const QModelIndex &index, int role) const
{
    if (!m_doc || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const QString &rowId = m_rowIds.at(index.row());
    const QString &field = m_fields.at(index.column());
    const JsonObject row = m_doc->row(rowId);
    const JsonValue *value = row.find(field);
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return value ? QString::fromUtf8(JsonCodec::stringify(*value)) : QVariant();
    case Qt::ToolTipRole: {
        const sb::Update update = m_doc->fieldUpdate(rowId, field);
        if (!update.isValid())
            return value ? tr("%1 of row %2").arg(field, rowId) : QVariant();
        return tr("%1 of row %2: set by %3 at %4")
                .arg(field, rowId, update.source(), Format::dateTime(update.timestamp()));
    }
    default:
        return {};
    }
}

QVariant RowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section >= 0
        && section < m_fields.size())
        return m_fields.at(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

Qt::ItemFlags RowsModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    // crdt refuses to change a row's id.
    if (index.isValid() && m_fields.at(index.column()) != u"id")
        result |= Qt::ItemIsEditable;
    return result;
}

bool RowsModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !m_doc || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const QString &rowId = m_rowIds.at(index.row());
    const QString &field = m_fields.at(index.column());
    const QByteArray text = value.toString().toUtf8();
    // Text that reads as the value held is no edit: nothing to replicate.
    if (const auto typed = Doc::parseValueJson(text);
        typed && m_doc->fieldValue(rowId, field) == typed.value())
        return true;
    const auto update = m_doc->setFieldJson(rowId, field, text);
    if (!update) {
        emit editRejected(Format::refusal(
                tr("Field \"%1\" of row \"%2\" not changed").arg(field, rowId), update.error()));
        return false;
    }
    flush(); // one's own edit shows at once
    return true;
}

std::optional<QString> RowsModel::setFields(const QString &rowId, const QString &fieldsJson)
{
    if (!m_doc)
        return tr("No doc is open.");
    if (rowId.isEmpty())
        return tr("The row id is empty.");
    const auto update = m_doc->setJson(rowId, fieldsJson.toUtf8());
    if (!update)
        return Format::refusal(tr("Row \"%1\" not changed").arg(rowId), update.error());
    flush();
    return std::nullopt;
}

std::optional<QString> RowsModel::removeRows(const QStringList &rowIds)
{
    if (!m_doc)
        return std::nullopt;
    auto refused = removeEach(rowIds, [this](const QString &rowId) { return m_doc->remove(rowId); },
                              {tr("Row"), tr("rows"), tr("removed")});
    flush();
    return refused;
}

void RowsModel::onRowChanged(const QString &rowId)
{
    m_pending.insert(rowId);
    m_batch.schedule();
}

void RowsModel::addFields()
{
    const QStringList fields = m_doc->fieldNames();
    QStringList added;
    for (const QString &field : fields) {
        if (!m_fields.contains(field))
            added.append(field);
    }
    if (added.isEmpty())
        return;
    beginInsertColumns({}, int(m_fields.size()), int(m_fields.size() + added.size() - 1));
    m_fields += added;
    endInsertColumns();
}

void RowsModel::flush()
{
    m_batch.cancel();
    if (!m_doc || m_pending.isEmpty())
        return;
    addFields();
    const QSet<QString> pending = std::exchange(m_pending, {});
    // Removed rows go first, from the bottom, so that each row number holds.
    QList<int> removed;
    for (const QString &rowId : pending) {
        const int row = rowOf(rowId);
        if (row >= 0 && !m_doc->hasRow(rowId))
            removed.append(row);
    }
    std::sort(removed.begin(), removed.end(), std::greater<int>());
    for (int row : std::as_const(removed)) {
        beginRemoveRows({}, row, row);
        m_rowIds.removeAt(row);
        endRemoveRows();
    }
    if (!removed.isEmpty()) {
        m_rowOf.clear();
        for (int row = 0; row < m_rowIds.size(); ++row)
            m_rowOf.insert(m_rowIds.at(row), row);
    }
    QStringList added;
    for (const QString &rowId : pending) {
        if (!m_doc->hasRow(rowId))
            continue;
        const int row = rowOf(rowId);
        if (row < 0)
            added.append(rowId);
        else
            emit dataChanged(index(row, 0), index(row, int(m_fields.size()) - 1));
    }
    if (!added.isEmpty()) {
        // In the Doc's order among themselves, after the rows already shown.
        if (added.size() > 1) {
            const QSet<QString> adding(added.cbegin(), added.cend());
            added.clear();
            for (const QString &rowId : m_doc->rowIds()) {
                if (adding.contains(rowId))
                    added.append(rowId);
            }
        }
        const int first = int(m_rowIds.size());
        beginInsertRows({}, first, first + int(added.size()) - 1);
        for (const QString &rowId : std::as_const(added)) {
            m_rowOf.insert(rowId, int(m_rowIds.size()));
            m_rowIds.append(rowId);
        }
        endInsertRows();
    }
    emit heldCountsChanged(m_doc->heldCounts());
    emit batchApplied();
}
