#pragma once

#include "result.h"
#include "scuttlebutt.h"

#include <QByteArrayView>
#include <QHash>

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

    // Sets key to value (null deletes); returns the applied update, or an
    // invalid one when refused ("__proto__" key, undefined value).
    Update set(const QString &key, const JsonValue &value);
    // Sets key to the JSON text json, refusing text that does not parse.
    Result<Update> setJson(const QString &key, QByteArrayView json);
    Update remove(const QString &key) { return set(key, JsonValue(nullptr)); }

    // The value held for key; undefined when the key was never set.
    JsonValue get(const QString &key) const;
    // The update that set key, invalid when none.
    Update entry(const QString &key) const;
    bool contains(const QString &key) const { return m_index.contains(key); }

    // Every key held, deleted ones included, in JavaScript property order.
    QStringList keys() const;
    // Keys whose value is not null.
    qsizetype liveKeyCount() const { return m_liveKeys; }

    QList<Update> history(const Clock &remote = {}) const override;
    qsizetype updateCount() const override { return qsizetype(m_entries.size()); }
    JsonValue toJson() const override;
    // toJson() written straight from the held text: what JSON.stringify(model) gives.
    QByteArray toJsonText() const;

signals:
    // key now holds update (a delete when update.isDelete()).
    void changed(const QString &key, const sb::Update &update);

protected:
    bool applyUpdate(const Update &update) override;

private:
    std::vector<qsizetype> orderedIndexes() const;

    std::vector<Update> m_entries; // in insertion order, one per key
    QHash<QString, qsizetype> m_index;
    qsizetype m_liveKeys = 0;
};

} // namespace sb
