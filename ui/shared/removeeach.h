// SPDX-License-Identifier: MIT
#pragma once

#include "result.h"
#include "update.h"

#include <QStringList>

#include <functional>
#include <optional>

// What the user asked to remove, removed one by one with remove(id); each
// one refused is counted, and the first refusal says why, as in
// "Key "a" not deleted: REASON." or "2 of 5 keys not deleted; "a": REASON.".
// noun is the capitalised singular ("Key"), nouns the plural ("keys"), done
// the verb ("deleted").
struct RemovalWords
{
    QString noun;
    QString nouns;
    QString done;
};
std::optional<QString>
removeEach(const QStringList &ids,
           const std::function<sb::Result<sb::Update>(const QString &)> &remove,
           const RemovalWords &words);
