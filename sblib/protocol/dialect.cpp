// SPDX-License-Identifier: MIT
#include "dialect.h"

#include "canonicalscanner_p.h"
#include "dialect4_p.h"
#include "dialect5_p.h"
#include "jsoncodec.h"
#include "stringinterner.h"

#include <cstring>

namespace sb {

namespace {
// Room for n more bytes at the end of out, growing it geometrically.
char *extend(QByteArray &out, qsizetype n)
{
    const qsizetype size = out.size();
    if (size + n > out.capacity())
        out.reserve(qMax(size + n, 2 * out.capacity()));
    out.resize(size + n);
    return out.data() + size;
}
} // namespace

void Dialect::appendUpdate(QByteArray &out, const Update &update) const
{
    appendLine(out, update, true);
}

QByteArray Dialect::signedText(const Update &update) const
{
    // The line as it would be sent unsigned, without its newline.
    QByteArray line;
    appendLine(line, update, false);
    line.chop(1);
    return line;
}

void Dialect::appendLine(QByteArray &out, const Update &update, bool withSignature) const
{
    // The source and signature as JSON strings, end to end.
    QByteArray tokens;
    JsonCodec::appendString(tokens, update.source());
    const qsizetype sourceLength = tokens.size();
    if (withSignature && update.isSigned())
        JsonCodec::appendString(tokens, update.signature());
    const QByteArrayView tokenView(tokens);
    appendText(out,
               {update.keyToken(), update.valueText(), update.timestamp(),
                tokenView.first(sourceLength), tokenView.sliced(sourceLength),
                update.isTombstone()});
}

void Dialect::appendPieces(QByteArray &out, std::initializer_list<QByteArrayView> pieces)
{
    qsizetype total = 0;
    for (QByteArrayView piece : pieces)
        total += piece.size();
    char *p = extend(out, total);
    for (QByteArrayView piece : pieces) {
        if (!piece.isEmpty())
            std::memcpy(p, piece.data(), size_t(piece.size()));
        p += piece.size();
    }
}

std::optional<Update> Dialect::scanTail(CanonicalScanner &s, QByteArrayView keyToken,
                                        QByteArrayView value, StringInterner *sources)
{
    QByteArrayView source;
    QByteArrayView signature;
    double timestamp = 0;
    if (!s.number(&timestamp) || !s.consume(',') || !s.plainString(&source))
        return std::nullopt;
    if (s.consume(',') && !s.plainString(&signature))
        return std::nullopt;
    if (!s.consume(']') || !s.atEnd())
        return std::nullopt;
    return Update::fromCanonical(keyToken, value, timestamp,
                                 sources ? sources->intern(source) : QString::fromUtf8(source),
                                 QString::fromUtf8(signature));
}

QByteArrayView Dialect::plainTokenAt(QByteArrayView line, qsizetype start)
{
    if (line.size() <= start || line.at(start) != '"')
        return {};
    const qsizetype end = line.indexOf('"', start + 1);
    if (end < 0 || line.at(end - 1) == '\\')
        return {};
    return line.sliced(start, end + 1 - start);
}

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

const Dialect &Dialect::forLine(QByteArrayView line)
{
    // [[key... or [null... in 5.x, [key... in 4.x.
    return line.size() > 1 && line.at(1) != '"' ? v5() : v4();
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
