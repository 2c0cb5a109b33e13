// SPDX-License-Identifier: MIT
#include "provenancemodel.h"

#include "format.h"
#include "jsoncodec.h"
#include "keyprovenance.h"
#include "model.h"
#include "replicasession.h"
#include "sessionprovenance.h"

#include <QColor>
#include <QFont>

using sb::ProvenanceEntry;
using Fate = ProvenanceEntry::Fate;

ProvenanceModel::ProvenanceModel(SessionProvenance *provenance, QObject *parent)
    : QAbstractTableModel(parent), m_provenance(provenance),
      m_checker(provenance->session()->signatureChecker())
{
    ReplicaSession *session = provenance->session();
    connect(session, &ReplicaSession::trustChanged, this, [this, session] {
        m_checker = session->signatureChecker();
        if (!m_entries.isEmpty())
            emit dataChanged(index(0, SignatureColumn), index(rowCount() - 1, SignatureColumn));
    });
    // A new record (another replica) watches nothing: watch the key again.
    connect(provenance, &SessionProvenance::restarted, this, [this] { setKey(m_key); });
    m_refresh.setInterval(kRefreshIntervalMs);
    connect(&m_refresh, &QTimer::timeout, this, &ProvenanceModel::refresh);
}

sb::Update ProvenanceModel::held() const
{
    const sb::Model *model = m_provenance->session()->model();
    return model && !m_key.isEmpty() ? model->entry(m_key) : sb::Update();
}

void ProvenanceModel::setKey(const QString &key)
{
    beginResetModel();
    m_key = key;
    m_keyToken.clear();
    m_entries.clear();
    m_held = {};
    m_revision = -1;
    if (!key.isEmpty() && m_provenance->session()->model()) {
        sb::JsonCodec::appendString(m_keyToken, key);
        m_held = held();
        m_provenance->provenance().watch(m_keyToken, m_held);
        m_revision = m_provenance->provenance().revision(m_keyToken);
        m_entries = m_provenance->provenance().history(m_keyToken, m_held);
    }
    endResetModel();
    setWhy(m_keyToken.isEmpty() ? QString() : sb::KeyProvenance::whyHeld(m_entries, m_held));
    if (m_keyToken.isEmpty())
        m_refresh.stop();
    else
        m_refresh.start();
}

void ProvenanceModel::refresh()
{
    if (m_keyToken.isEmpty())
        return;
    const sb::Update current = held();
    const qint64 revision = m_provenance->provenance().revision(m_keyToken);
    if (revision == m_revision && current == m_held)
        return;
    m_revision = revision;
    m_held = current;
    reload();
}

void ProvenanceModel::reload()
{
    QList<ProvenanceEntry> entries = m_provenance->provenance().history(m_keyToken, m_held);
    // New updates come first and the oldest may have gone from the end: the
    // rows kept are a run of the old ones, found by their sequence numbers.
    const qint64 newestShown = m_entries.isEmpty() ? 0 : m_entries.first().sequence;
    qsizetype added = 0;
    while (added < entries.size() && entries.at(added).sequence > newestShown)
        ++added;
    const qsizetype kept = entries.size() - added;
    bool run = newestShown > 0 && kept <= m_entries.size();
    for (qsizetype i = 0; run && i < kept; ++i)
        run = entries.at(added + i).sequence == m_entries.at(i).sequence;
    if (!run) {
        beginResetModel();
        m_entries = std::move(entries);
        endResetModel();
    } else {
        if (kept < m_entries.size()) {
            beginRemoveRows({}, int(kept), int(m_entries.size() - 1));
            m_entries.resize(kept);
            endRemoveRows();
        }
        if (added > 0) {
            beginInsertRows({}, 0, int(added - 1));
            m_entries = std::move(entries);
            endInsertRows();
        } else {
            m_entries = std::move(entries);
        }
        // What each older update is now depends on the newest.
        if (kept > 0)
            emit dataChanged(index(int(added), 0), index(rowCount() - 1, ColumnCount - 1));
    }
    setWhy(sb::KeyProvenance::whyHeld(m_entries, m_held));
}

void ProvenanceModel::setWhy(const QString &why)
{
    if (why == m_why)
        return;
    m_why = why;
    emit whyHeldChanged(why);
}

int ProvenanceModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ProvenanceModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QColor ProvenanceModel::fateColor(Fate fate)
{
    switch (fate) {
    case Fate::Current:
        return QColor(0x1b, 0x5e, 0x20);
    case Fate::Superseded:
        return QColor(0x75, 0x75, 0x75);
    case Fate::OldData:
        return QColor(0x8d, 0x6e, 0x00);
    case Fate::Rejected:
        break;
    }
    return QColor(0xb7, 0x1c, 0x1c);
}

QString ProvenanceModel::signatureLabel(const sb::Update &update, const SignatureChecker &checker)
{
    if (!update.isSigned())
        return tr("unsigned");
    switch (checker.check(update).state) {
    case SignatureChecker::State::Verified:
        return tr("signed and verified");
    case SignatureChecker::State::BadSignature:
        return tr("bad signature");
    case SignatureChecker::State::Unsigned:
    case SignatureChecker::State::UnknownSigner:
        break;
    }
    return tr("unverified");
}

QVariant ProvenanceModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const ProvenanceEntry &entry = m_entries.at(index.row());
    const Fate fate = entry.fate(m_held);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeenColumn:
            if (entry.sequence == 0)
                return tr("before");
            return Format::delta(
                    double(entry.nanoseconds - m_provenance->provenance().startNanoseconds())
                    / 1e6);
        case ValueColumn:
            return entry.update.isDelete() ? tr("(deleted)")
                                           : Format::jsonCell(entry.update.value());
        case SourceColumn:
            return entry.update.source();
        case StampColumn:
            return Format::dateTime(entry.update.timestamp());
        case SignatureColumn:
            return signatureLabel(entry.update, m_checker);
        case FromColumn:
            return entry.origin == ProvenanceEntry::Origin::Peer
                    ? entry.peer
                    : ProvenanceEntry::originName(entry.origin);
        case OutcomeColumn:
            return ProvenanceEntry::fateName(fate);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == StampColumn)
            return Format::rawTimestamp(entry.update.timestamp());
        return Format::asSentence(sb::KeyProvenance::explain(entry, m_held));
    case Qt::ForegroundRole:
        if (index.column() == OutcomeColumn || fate == Fate::Rejected)
            return fateColor(fate);
        break;
    case Qt::FontRole:
        if (fate == Fate::Current) {
            QFont font;
            font.setBold(true);
            return font;
        }
        break;
    case FateRole:
        return int(fate);
    case ReasonRole:
        return sb::KeyProvenance::explain(entry, m_held);
    }
    return {};
}

QVariant ProvenanceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeenColumn:
        return tr("Seen");
    case ValueColumn:
        return tr("Value");
    case SourceColumn:
        return tr("Source");
    case StampColumn:
        return tr("Stamp");
    case SignatureColumn:
        return tr("Signature");
    case FromColumn:
        return tr("From");
    case OutcomeColumn:
        return tr("Outcome");
    }
    return {};
}
