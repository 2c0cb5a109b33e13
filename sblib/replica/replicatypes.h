// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <functional>
#include <memory>

namespace sb {

class Scuttlebutt;

// The replica types by name: what a replica file's meta, sbpeer's --type, a
// trace header and the GUI's New menu name. Model, Events and Doc are there
// from the start; a program adds its own types (a subclass of Scuttlebutt) and
// every file, stream, tool and view that takes a name then takes it too.
class ReplicaTypes
{
public:
    using Factory = std::function<std::unique_ptr<Scuttlebutt>(const QString &id)>;
    struct Type
    {
        QString name;        // as files and commands name it: "model"
        QString description; // one line for menus and help: "key/value map"
        Factory create;
    };

    // Adds type, or replaces the one of the same name. Refuses (returns false)
    // an empty name, a name that is not lowercase letters, digits and '-', and
    // a type without a factory.
    static bool add(const Type &type);
    static std::optional<Type> find(QStringView name);
    // Every type, in the order added.
    static QList<Type> all();
    // "model, events or doc", for messages and help.
    static QString namesText();
    // A new replica of the type named, with id (a random one when empty), or
    // nullptr when no type has that name.
    static std::unique_ptr<Scuttlebutt> create(QStringView name, const QString &id = {});
    // "a model", "an events": how every message names a type ("the file
    // holds an events replica").
    static QString withArticle(QStringView name);
};

} // namespace sb
