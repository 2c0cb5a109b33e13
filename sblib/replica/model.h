// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "scuttlebutt.h"

#include <QByteArrayView>
#include <QHash>

#include <functional>
#include <memory>
#include <vector>

namespace sb {

// A replicated key/value map: npm scuttlebutt's Model. Each key keeps only its
// latest update; set(key, null) deletes, and toJson() leaves such keys out.
//
// Ties: when two updates for a key carry the same timestamp, the JS lets the
// one that arrives last win, so two replicas can disagree for ever. Here the
// update from the greater source id wins, wherever it arrives first.
class Model : public Scuttlebutt
{
    Q_OBJECT

public:
    explicit Model(const QString &id = {}, QObject *parent = nullptr);
    ~Model() override;

    static constexpr QLatin1StringView kTypeName{"model"};
    QString typeName() const override { return kTypeName; }

    // Sets key to value (null deletes); returns the applied update, or why it
    // was refused ("__proto__" key, undefined value, nested too deep).
    Result<Update> set(const QString &key, const JsonValue &value);
    // Sets key to the JSON text json, refusing text that does not parse
    // (parseValueJson); other refusals are set's, in the same words.
    Result<Update> setJson(const QString &key, QByteArrayView json);
    Result<Update> remove(const QString &key) { return set(key, JsonValue(nullptr)); }

    // The value held for key; undefined when the key was never set.
    JsonValue get(const QString &key) const;
    // The update that set key, invalid when none.
    Update entry(const QString &key) const;
    bool contains(const QString &key) const { return indexOf(key) >= 0; }

    // Every key held, deleted ones included, in JavaScript property order.
    QStringList keys() const;

    // Each key has an entry number, from 0 in the order the keys first
    // arrived; a key keeps its number for good (a delete is a null value), so
    // a view can show entry n as its row n and read the cells when drawn.
    // The entry of key, or -1 when the key was never set.
    qsizetype indexOf(const QString &key) const;
    // The update that entry holds now; index is below updateCount().
    Update updateAt(qsizetype index) const;
    // Parts of the update entry index holds, without making an Update.
    QString keyAt(qsizetype index) const;
    // The key as its JSON string token, quotes included.
    QByteArrayView keyTokenAt(qsizetype index) const;
    // The value as JSON text; empty for a key deleted with no value at all.
    QByteArrayView valueAt(qsizetype index) const;
    double timestampAt(qsizetype index) const;
    const QString &sourceAt(qsizetype index) const;
    bool isSignedAt(qsizetype index) const;
    bool isDeleteAt(qsizetype index) const;
    // How many keys each source set last: what the clock view shows as held.
    QHash<QString, qsizetype> heldCounts() const;
    // Keys whose value is not null.
    qsizetype liveKeyCount() const;

    void prepareFor(QByteArrayView keyToken) const override;
    QList<Update> history(const Clock &remote = {}) const override;
    std::vector<HistoryRef> historyRefs(const Clock &remote) const override;
    const QString &historySource(quint32 source) const override;
    bool appendHistoryLine(const HistoryRef &ref, const Dialect &dialect,
                           QByteArray &out) const override;
    qsizetype updateCount() const override;
    qsizetype updatesLackedBy(const Clock &remote) const override;
    JsonValue toJson() const override;
    // toJson() written straight from the held text: what JSON.stringify(model) gives.
    QByteArray toJsonText() const;
    // The same text handed to write in pieces of about pieceBytes, so that a
    // million keys are printed without holding their text twice.
    void writeJsonText(const std::function<void(QByteArrayView)> &write,
                       qsizetype pieceBytes = 1 << 20) const;

signals:
    // key now holds update (a delete when update.isDelete()).
    void changed(const QString &key, const sb::Update &update);
    // The same by entry number (see indexOf()), for a view whose rows are
    // entries: the key is not made into a QString for it.
    void entryChanged(qsizetype entry, const sb::Update &update);

protected:
    bool applyUpdate(const Update &update) override;
    void connectNotify(const QMetaMethod &signal) override;

private:
    std::vector<qsizetype> orderedIndexes() const;

    // The store and its tallies stay out of the installed header, so that
    // their layout can change without breaking code built against sblib.
    struct Private;
    std::unique_ptr<Private> d;
    // Whether changed() may have a receiver: if not, the key of an update read
    // off the wire is never made into a QString. Set by connectNotify(), as
    // isSignalConnected() costs more than the rest of applying an update, and
    // never cleared: disconnectNotify() may run under QObject's own lock (a
    // receiver being destroyed), where isSignalConnected() deadlocks.
    QAtomicInt m_changedConnected;
    QAtomicInt m_entryChangedConnected; // the same for entryChanged()
};

} // namespace sb
