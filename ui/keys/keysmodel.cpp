// SPDX-License-Identifier: MIT
#include "keysmodel.h"

#include "format.h"
#include "jsoncodec.h"
#include "lockicon.h"
#include "model.h"
#include "removeeach.h"
#include "sourcepalette.h"

#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QFontDatabase>

#include <algorithm>

using namespace sb;

namespace {
// Changed rows this close are reported as one range. Ranges are not merged
// further: a proxy re-checks every row of a range, so one range spanning a
// million rows costs far more than a few thousand single-row signals.
constexpr int kMergeGap = 4;
} // namespace

KeysModel::KeysModel(Model *model, QObject *parent)
    : QAbstractTableModel(parent), m_model(model), m_rowCount(int(model->updateCount())),
      m_flashes(size_t(model->updateCount()), 0), m_epochMs(QDateTime::currentMSecsSinceEpoch()),
      m_heldCounts(model->heldCounts()),
      m_batch(std::chrono::milliseconds(kFlushIntervalMs),
              [this](QDeadlineTimer deadline) { return applySlice(deadline); })
{
    connect(model, &Model::entryChanged, this, &KeysModel::onEntryChanged);
}

KeysModel::~KeysModel() = default;

int KeysModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rowCount;
}

int KeysModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant KeysModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (m_cachedRow != index.row()) {
        m_cachedUpdate = m_model->updateAt(index.row());
        m_cachedRow = index.row();
    }
    const Update &update = m_cachedUpdate;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KeyColumn:
            return update.key();
        case ValueColumn:
            return update.hasValue() ? Format::jsonCell(update.value()) : QStringLiteral("null");
        case SourceColumn:
            return update.source();
        case SignatureColumn:
            return SignatureChecker::label(signatureAt(index.row()));
        case TimestampColumn:
            return Format::compactDateTime(update.timestamp()); // the date when not today
        case AgeColumn:
            return Format::age(update.timestamp(), QDateTime::currentMSecsSinceEpoch());
        }
        break;
    case Qt::EditRole:
        if (index.column() == ValueColumn)
            return update.hasValue() ? QString::fromUtf8(update.value()) : QStringLiteral("null");
        return data(index, Qt::DisplayRole);
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ValueColumn:
            return Format::prettyJson(QByteArrayView(update.value())
                                              .first(qMin<qsizetype>(update.value().size(), 4000)));
        case SourceColumn: {
            QString tip = update.source();
            if (update.source() == m_model->id())
                tip += QStringLiteral("\n(this replica)");
            if (const QString name = m_checker.nameOf(update.source()); !name.isEmpty())
                tip += QStringLiteral("\nthe id of key \"%1\"").arg(name);
            return tip;
        }
        case SignatureColumn:
            return SignatureChecker::explain(signatureAt(index.row()), update.source());
        case TimestampColumn:
        case AgeColumn:
            return QStringLiteral("%1\n%2").arg(Format::dateTime(update.timestamp()),
                                                Format::rawTimestamp(update.timestamp()));
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SourceColumn)
            return SourcePalette::decoration(update.source());
        if (index.column() == SignatureColumn && update.isSigned())
            return LockIcon::icon(signatureAt(index.row()).state);
        break;
    case Qt::FontRole:
        if (index.column() == ValueColumn || update.isDelete()) {
            QFont font = index.column() == ValueColumn
                    ? QFontDatabase::systemFont(QFontDatabase::FixedFont)
                    : QFont();
            font.setItalic(update.isDelete());
            return font;
        }
        break;
    case Qt::ForegroundRole:
        if (update.isDelete())
            return QColor(Qt::gray);
        break;
    case Qt::BackgroundRole: {
        const qint64 changedAt = remoteChangeAt(index.row());
        const qint64 elapsed = QDateTime::currentMSecsSinceEpoch() - changedAt;
        if (changedAt > 0 && elapsed < kFlashMs) {
            // Fades out over kFlashMs so that a burst of remote changes is visible.
            const int alpha = int(150 * (1.0 - double(elapsed) / kFlashMs));
            return QColor(255, 196, 0, alpha);
        }
        break;
    }
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case KeyRole:
        return update.key();
    case TimestampRole:
        return update.timestamp();
    case DeletedRole:
        return update.isDelete();
    case RemoteChangeRole:
        return remoteChangeAt(index.row());
    case SignatureRole:
        return int(signatureAt(index.row()).state);
    }
    return {};
}

QVariant KeysModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return QStringLiteral("Key");
    case ValueColumn:
        return QStringLiteral("Value");
    case SourceColumn:
        return QStringLiteral("Source");
    case SignatureColumn:
        return QStringLiteral("Signed");
    case TimestampColumn:
        return QStringLiteral("Timestamp");
    case AgeColumn:
        return QStringLiteral("Age");
    }
    return {};
}

Qt::ItemFlags KeysModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags result = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == ValueColumn)
        result |= Qt::ItemIsEditable;
    return result;
}

bool KeysModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || index.column() != ValueColumn
        || !checkIndex(index, CheckIndexOption::IndexIsValid))
        return false;
    const Update current = updateAt(index.row());
    const QString text = value.toString();
    // Text that reads as the value held is no edit: no update to replicate.
    if (const auto typed = Scuttlebutt::parseValueJson(text.toUtf8());
        typed && JsonCodec::stringify(typed.value()) == current.value())
        return true;
    if (auto error = setValueJson(current.key(), text)) {
        emit editRejected(*error);
        return false;
    }
    return true;
}

std::optional<QString> KeysModel::setValueJson(const QString &key, const QString &json)
{
    if (key.isEmpty())
        return tr("The key is empty.");
    const auto update = m_model->setJson(key, json.toUtf8());
    if (!update)
        return Format::refusal(tr("Key \"%1\" not changed").arg(key), update.error());
    showOwnChange();
    return std::nullopt;
}

std::optional<QString> KeysModel::removeKeys(const QStringList &keys)
{
    auto refused = removeEach(
            keys, [this](const QString &key) { return m_model->remove(key); },
            {QStringLiteral("Key"), QStringLiteral("keys"), QStringLiteral("deleted")});
    showOwnChange();
    return refused;
}

QString KeysModel::captionForRow(int row) const
{
    const Update &update = updateAt(row);
    const bool local = update.source() == m_model->id();
    const QString signature = update.isSigned()
            ? QStringLiteral("<br>%1").arg(
                    SignatureChecker::explain(signatureAt(row), update.source()).toHtmlEscaped())
            : QString();
    return QStringLiteral("<b>%1</b><br><small>set by %2%3 at %4%5</small>")
            .arg(update.key().toHtmlEscaped(), Format::shortId(update.source()).toHtmlEscaped(),
                 local ? QStringLiteral(" (this replica)") : QString(),
                 Format::dateTime(update.timestamp()), signature);
}

QString KeysModel::textForRows(const QList<int> &rows, Column column) const
{
    QStringList parts;
    for (int row : rows) {
        const Update &update = updateAt(row);
        parts.append(column == KeyColumn
                             ? update.key()
                             : QString::fromUtf8(update.hasValue() ? update.value() : "null"));
    }
    return parts.join(u'\n');
}

QByteArray KeysModel::jsonForRows(const QList<int> &rows) const
{
    QByteArray out = "{";
    for (int row : rows) {
        const Update &update = updateAt(row);
        if (out.size() > 1)
            out += ',';
        JsonCodec::appendString(out, update.key());
        out += ':';
        out += update.hasValue() ? update.value() : QByteArray("null");
    }
    out += '}';
    return out;
}

void KeysModel::setSignatureChecker(const SignatureChecker &checker)
{
    m_checker = checker;
    m_signatures.clear();
    if (m_rowCount > 0)
        emit dataChanged(index(0, SignatureColumn), index(rowCount() - 1, SignatureColumn));
}

SignatureChecker::Check KeysModel::signatureAt(int row) const
{
    if (!m_model->isSignedAt(row))
        return {};
    auto it = m_signatures.constFind(row);
    if (it == m_signatures.cend())
        it = m_signatures.insert(row, m_checker.check(updateAt(row)));
    return *it;
}

bool KeysModel::hasPendingChanges() const
{
    return !m_changedRows.empty() || pendingInsertCount() > 0;
}

qsizetype KeysModel::pendingInsertCount() const
{
    return m_model->updateCount() - m_rowCount;
}

Update KeysModel::updateAt(int row) const
{
    return m_model->updateAt(row);
}

qint64 KeysModel::remoteChangeAt(int row) const
{
    const quint32 flash = m_flashes[size_t(row)];
    return flash == 0 || flash == kPendingRemote ? 0 : m_epochMs + flash;
}

int KeysModel::rowOfKey(const QString &key) const
{
    const qsizetype entry = m_model->indexOf(key);
    return entry < m_rowCount ? int(entry) : -1;
}

void KeysModel::onEntryChanged(qsizetype entry, const Update &update)
{
    m_cachedRow = -1;
    m_countsChanged = true;
    const qsizetype seen = qsizetype(m_flashes.size());
    if (entry >= seen)
        m_flashes.resize(size_t(entry) + 1, 0);
    if (update.source() != m_model->id())
        m_flashes[size_t(entry)] = kPendingRemote;
    if (entry < m_rowCount) {
        m_changedRows.push_back(int(entry));
        m_signatures.remove(int(entry));
    }
    m_batch.schedule();
}

void KeysModel::flush()
{
    m_batch.cancel();
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    applyPendingChanges(now);
    applyPendingInserts(now, pendingInsertCount());
    emitCountsIfChanged();
}

void KeysModel::showOwnChange()
{
    // Shows one's own edit at once, without waiting for the next batch; but
    // not a whole backlog of new keys with it: a new key takes its turn.
    if (applySlice(QDeadlineTimer(kSliceBudgetMs)))
        m_batch.scheduleNow();
    else
        m_batch.cancel();
}

bool KeysModel::applySlice(QDeadlineTimer deadline)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    applyPendingChanges(now);
    m_pacer.insertChunk(deadline, pendingInsertCount(),
                        [this, now](qsizetype rows) { applyPendingInserts(now, rows); });
    emitCountsIfChanged();
    return pendingInsertCount() > 0;
}

void KeysModel::emitCountsIfChanged()
{
    if (!m_countsChanged)
        return;
    m_countsChanged = false;
    QHash<QString, qsizetype> counts = m_model->heldCounts();
    if (counts == m_heldCounts)
        return;
    m_heldCounts = std::move(counts);
    emit heldCountsChanged(m_heldCounts);
}

void KeysModel::markApplied(qsizetype row, qint64 now)
{
    quint32 &flash = m_flashes[size_t(row)];
    if (flash != kPendingRemote)
        return;
    flash = quint32(qBound<qint64>(1, now - m_epochMs, kPendingRemote - 1));
    m_lastRemoteChangeAt = now;
}

void KeysModel::applyPendingChanges(qint64 now)
{
    if (m_changedRows.empty())
        return;
    std::vector<int> rows;
    rows.swap(m_changedRows);
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (int row : rows)
        markApplied(row, now);
    emit changesAboutToBeApplied(int(rows.size()));
    emitChangedRows(rows);
    emit changesApplied();
}

void KeysModel::applyPendingInserts(qint64 now, qsizetype insertCount)
{
    insertCount = qMin(insertCount, pendingInsertCount());
    if (insertCount <= 0)
        return;
    // Every entry is seen as the Model signals it; this only keeps the
    // flashes as long as the rows should a change ever go unsignalled.
    if (m_flashes.size() < size_t(m_model->updateCount()))
        m_flashes.resize(size_t(m_model->updateCount()), 0);
    const int first = m_rowCount;
    beginInsertRows({}, first, first + int(insertCount) - 1);
    for (qsizetype row = first; row < first + insertCount; ++row)
        markApplied(row, now);
    m_rowCount += int(insertCount);
    endInsertRows();
}

void KeysModel::emitChangedRows(std::vector<int> &rows)
{
    std::sort(rows.begin(), rows.end());
    std::vector<std::pair<int, int>> ranges;
    for (int row : rows) {
        if (!ranges.empty() && row - ranges.back().second <= kMergeGap)
            ranges.back().second = row;
        else
            ranges.emplace_back(row, row);
    }
    for (const auto &[first, last] : ranges)
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
}
