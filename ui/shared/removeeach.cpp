// SPDX-License-Identifier: MIT
#include "removeeach.h"

#include <QCoreApplication>

std::optional<QString>
removeEach(const QStringList &ids,
           const std::function<sb::Result<sb::Update>(const QString &)> &remove,
           const RemovalWords &words)
{
    QStringList refused;
    QString reason;
    for (const QString &id : ids) {
        if (const auto removed = remove(id); !removed) {
            if (refused.isEmpty())
                reason = removed.errorMessage();
            refused.append(id);
        }
    }
    if (refused.isEmpty())
        return std::nullopt;
    if (refused.size() == 1)
        return QCoreApplication::translate("RemoveEach", "%1 \"%2\" not %3: %4.")
                .arg(words.noun, refused.constFirst(), words.done, reason);
    return QCoreApplication::translate("RemoveEach", "%1 of %2 %3 not %4; \"%5\": %6.")
            .arg(refused.size())
            .arg(ids.size())
            .arg(words.nouns, words.done, refused.constFirst(), reason);
}
