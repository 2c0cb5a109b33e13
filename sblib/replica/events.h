// SPDX-License-Identifier: MIT
#pragma once

#include "scuttlebutt.h"
#include "sourcenumbers.h"

#include <QHash>

namespace sb {

// A replicated, reliable event log: npm scuttlebutt's ReliableEventEmitter.
// Every event ever emitted by any source is kept and replicated; history
// orders them by timestamp, then source.
class Events : public Scuttlebutt
{
    Q_OBJECT

public:
    explicit Events(const QString &id = {}, QObject *parent = nullptr);

    static constexpr QLatin1StringView kTypeName{"events"};
    QString typeName() const override { return kTypeName; }

    // Records event with data (undefined: no data) and replicates it; returns
    // the update, or why it was refused (the name "__proto__", nested too deep).
    Result<Update> emitEvent(const QString &event, const JsonValue &data = {});
    // The same with the data as JSON text; blank text emits no data.
    Result<Update> emitEventJson(const QString &event, QByteArrayView dataJson);

    // Every event of that name, in the order they were received.
    QList<Update> events(const QString &event) const { return m_byName.value(event); }
    QStringList eventNames() const { return m_byName.keys(); }
    // Event n of all those held, in the order received (n < updateCount()):
    // a log view reads its rows here rather than keeping a copy.
    const Update &eventAt(qsizetype index) const { return m_log.at(index); }
    // How many events each source has had held here.
    const QHash<QString, qsizetype> &heldCounts() const { return m_heldBySource; }

    QList<Update> history(const Clock &remote = {}) const override;
    std::vector<HistoryRef> historyRefs(const Clock &remote) const override;
    const QString &historySource(quint32 source) const override { return m_sources.id(source); }
    bool appendHistoryLine(const HistoryRef &ref, const Dialect &dialect,
                           QByteArray &out) const override;
    qsizetype updateCount() const override { return m_log.size(); }
    // The array of [event, data] (or [event] without data) in history order.
    JsonValue toJson() const override;

signals:
    void eventReceived(const QString &event, const sb::Update &update);

protected:
    bool applyUpdate(const Update &update) override;

private:
    QList<Update> m_log; // in the order received; history refs number its items
    QHash<QString, QList<Update>> m_byName;
    QHash<QString, qsizetype> m_heldBySource;
    SourceNumbers m_sources; // for history refs
};

} // namespace sb
