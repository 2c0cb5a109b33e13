// SPDX-License-Identifier: MIT
#include "replicatypes.h"

#include "doc.h"
#include "events.h"
#include "model.h"

#include <QMutex>

#include <algorithm>

namespace sb {

namespace {

struct Registry
{
    QMutex mutex;
    QList<ReplicaTypes::Type> types;

    Registry()
    {
        types.append({QString(Model::kTypeName),
                      QStringLiteral("key/value map (npm scuttlebutt's Model)"),
                      [](const QString &id) { return std::make_unique<Model>(id); }});
        types.append({QString(Events::kTypeName),
                      QStringLiteral("reliable event log (npm scuttlebutt's ReliableEventEmitter)"),
                      [](const QString &id) { return std::make_unique<Events>(id); }});
        types.append({QString(Doc::kTypeName),
                      QStringLiteral("rows with fields merged one by one (npm crdt's Doc)"),
                      [](const QString &id) { return std::make_unique<Doc>(id); }});
    }
};

Registry &registry()
{
    static Registry instance;
    return instance;
}

bool isTypeName(QStringView name)
{
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'-';
    });
}

} // namespace

bool ReplicaTypes::add(const Type &type)
{
    if (!isTypeName(type.name) || !type.create)
        return false;
    Registry &r = registry();
    QMutexLocker locker(&r.mutex);
    for (Type &held : r.types) {
        if (held.name == type.name) {
            held = type;
            return true;
        }
    }
    r.types.append(type);
    return true;
}

std::optional<ReplicaTypes::Type> ReplicaTypes::find(QStringView name)
{
    Registry &r = registry();
    QMutexLocker locker(&r.mutex);
    for (const Type &type : std::as_const(r.types)) {
        if (type.name == name)
            return type;
    }
    return std::nullopt;
}

QList<ReplicaTypes::Type> ReplicaTypes::all()
{
    Registry &r = registry();
    QMutexLocker locker(&r.mutex);
    return r.types;
}

QString ReplicaTypes::namesText()
{
    QStringList names;
    for (const Type &type : all())
        names.append(type.name);
    if (names.size() < 2)
        return names.join(QString());
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QStringLiteral(" or ") + last;
}

std::unique_ptr<Scuttlebutt> ReplicaTypes::create(QStringView name, const QString &id)
{
    const auto type = find(name);
    return type ? type->create(id) : nullptr;
}

QString ReplicaTypes::withArticle(QStringView name)
{
    const bool vowel = !name.isEmpty() && QStringView(u"aeiou").contains(name.front());
    return (vowel ? QStringLiteral("an ") : QStringLiteral("a ")) + name.toString();
}

} // namespace sb
