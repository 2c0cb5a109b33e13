// SPDX-License-Identifier: MIT
#pragma once

#include "scuttlebutt.h"

#include <QHash>
#include <QLatin1StringView>

// A replicated grow-only counter, written as npm scuttlebutt asks of a
// subclass: history() and applyUpdate(), and a name. Nothing else of the
// Scuttlebutt base is overridden, and sblib knows nothing of it; registered
// with sb::ReplicaTypes, it replicates over every stream, dialect and peer.
//
// Each source keeps its own running total, ["count", total]; the counter's
// value is the sum of the latest total of every source.
class Counter : public sb::Scuttlebutt
{
    Q_OBJECT

public:
    static constexpr QLatin1StringView kTypeName{"counter"};

    explicit Counter(const QString &id = {}, QObject *parent = nullptr);

    QString typeName() const override { return kTypeName; }
    // Adds amount (above 0) to this source's total and replicates it.
    sb::Result<sb::Update> add(qint64 amount);
    qint64 value() const;

    QList<sb::Update> history(const sb::Clock &remote = {}) const override;

protected:
    bool applyUpdate(const sb::Update &update) override;

private:
    QHash<QString, sb::Update> m_latest; // source -> its latest ["count", total]
};
