// SPDX-License-Identifier: MIT
#include "packedupdate.h"

namespace sb {

PackedUpdate PackedUpdate::pack(TextRing &ring, const Update &update, const QString &extra)
{
    PackedUpdate packed;
    packed.tombstone = update.isTombstone();
    const QByteArrayView key = packed.tombstone ? QByteArrayView() : update.keyToken();
    const QByteArrayView value = update.valueText();
    const QByteArray signature = update.signature().toUtf8();
    const QByteArray extraText = extra.toUtf8();
    packed.text = ring.append({key, value, signature, extraText});
    packed.timestamp = update.timestamp();
    packed.keyLength = quint32(key.size());
    packed.valueLength = quint32(value.size());
    packed.signatureLength = quint32(signature.size());
    packed.extraLength = quint32(extraText.size());
    return packed;
}

Update PackedUpdate::unpack(const TextRing &ring, const QString &source) const
{
    const char *text = ring.at(this->text);
    const QByteArrayView key(text, qsizetype(keyLength));
    const QByteArrayView value(text + keyLength, qsizetype(valueLength));
    const QString signature
            = QString::fromUtf8(text + keyLength + valueLength, qsizetype(signatureLength));
    return tombstone ? Update::tombstone(timestamp, source, signature)
                     : Update::fromCanonical(key, value, timestamp, source, signature);
}

QByteArrayView PackedUpdate::keyToken(const TextRing &ring) const
{
    return {ring.at(text), qsizetype(keyLength)};
}

QString PackedUpdate::extra(const TextRing &ring) const
{
    return QString::fromUtf8(ring.at(text) + keyLength + valueLength + signatureLength,
                             qsizetype(extraLength));
}

PackedUpdate PackedUpdate::copiedTo(const TextRing &from, TextRing &to) const
{
    PackedUpdate copy = *this;
    const qsizetype size = qsizetype(keyLength) + valueLength + signatureLength + extraLength;
    copy.text = to.append({QByteArrayView(from.at(text), size)});
    return copy;
}

} // namespace sb
