#include "dialect.h"

#include "dialect4.h"
#include "dialect5.h"

namespace sb {

const Dialect &Dialect::v5()
{
    static const Dialect5 dialect;
    return dialect;
}

const Dialect &Dialect::v4()
{
    static const Dialect4 dialect;
    return dialect;
}

const Dialect &Dialect::forChoice(Choice choice)
{
    return choice == Choice::V4 ? v4() : v5();
}

const Dialect *Dialect::detect(const JsonArray &message)
{
    if (v5().recognizes(message))
        return &v5();
    if (v4().recognizes(message))
        return &v4();
    return nullptr;
}

Result<Dialect::Choice> Dialect::parseChoice(const QString &text)
{
    const QString name = text.trimmed().toLower();
    if (name == u"auto")
        return Choice::Auto;
    if (name == u"5" || name == u"5.x" || name == u"v5")
        return Choice::V5;
    if (name == u"4" || name == u"4.x" || name == u"v4")
        return Choice::V4;
    return Error{QStringLiteral("unknown dialect \"%1\" (expected auto, 5 or 4)").arg(text)};
}

QString Dialect::choiceName(Choice choice)
{
    switch (choice) {
    case Choice::Auto:
        return QStringLiteral("auto");
    case Choice::V5:
        return QStringLiteral("5");
    case Choice::V4:
        return QStringLiteral("4");
    }
    return {};
}

} // namespace sb
