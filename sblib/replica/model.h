// SPDX-License-Identifier: MIT
#pragma once

#include "modelstore.h"
#include "result.h"
#include "scuttlebutt.h"

#include <QByteArrayView>

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

    Kind kind() const override { return Kind::Model; }

    // Sets key to value (null deletes); returns the applied update, or why it
    // was refused ("__proto__" key, undefined value, nested too deep).
    Result<Update> set(const QString &key, const JsonValue &value);
    // Sets key to the JSON text json, refusing text that does not parse.
    Result<Update> setJson(const QString &key, QByteArrayView json);
    Result<Update> remove(const QString &key) { return set(key, JsonValue(nullptr)); }

    // The value held for key; undefined when the key was never set.
    JsonValue get(const QString &key) const;
    // The update that set key, invalid when none.
    Update entry(const QString &key) const;
    bool contains(const QString &key) const { return find(key) >= 0; }

    // Every key held, deleted ones included, in JavaScript property order.
    QStringList keys() const;
    // Keys whose value is not null.
    qsizetype liveKeyCount() const { return m_liveKeys; }

    void prepareFor(QByteArrayView keyToken) const override { m_store.prefetch(keyToken); }
    QList<Update> history(const Clock &remote = {}) const override;
    std::vector<HistoryRef> historyRefs(const Clock &remote) const override;
    const QString &historySource(quint32 source) const override { return m_store.source(source); }
    bool appendHistoryLine(const HistoryRef &ref, const Dialect &dialect,
                           QByteArray &out) const override;
    qsizetype updateCount() const override { return m_store.size(); }
    qsizetype updatesLackedBy(const Clock &remote) const override;
    JsonValue toJson() const override;
    // toJson() written straight from the held text: what JSON.stringify(model) gives.
    QByteArray toJsonText() const;

signals:
    // key now holds update (a delete when update.isDelete()).
    void changed(const QString &key, const sb::Update &update);

protected:
    bool applyUpdate(const Update &update) override;
    void connectNotify(const QMetaMethod &signal) override;

private:
    qsizetype find(const QString &key) const;
    Update updateAt(qsizetype index) const;
    std::vector<qsizetype> orderedIndexes() const;

    ModelStore m_store; // one entry per key, in insertion order
    qsizetype m_liveKeys = 0;
    // Whether changed() may have a receiver: if not, the key of an update read
    // off the wire is never made into a QString. Set by connectNotify(), as
    // isSignalConnected() costs more than the rest of applying an update, and
    // never cleared: disconnectNotify() may run under QObject's own lock (a
    // receiver being destroyed), where isSignalConnected() deadlocks.
    QAtomicInt m_changedConnected;
};

} // namespace sb
