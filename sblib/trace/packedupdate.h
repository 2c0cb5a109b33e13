// SPDX-License-Identifier: MIT
#pragma once

#include "textring.h"
#include "update.h"

namespace sb {

// An Update laid out for a ring of records (the timeline's rows, provenance's
// recent updates): its key token, value and signature copied into a TextRing,
// followed by one text of the owner's (a reason), and its fixed fields beside.
// The source is the owner's to number (SourceNumbers). unpack() makes the
// Update again, equal to the one packed.
struct PackedUpdate
{
    TextRing::Place text;
    double timestamp = 0;
    quint32 keyLength = 0;
    quint32 valueLength = 0;
    quint32 signatureLength = 0;
    quint32 extraLength = 0;
    bool tombstone = false;

    static PackedUpdate pack(TextRing &ring, const Update &update, const QString &extra = {});
    Update unpack(const TextRing &ring, const QString &source) const;
    QByteArrayView keyToken(const TextRing &ring) const;
    QString extra(const TextRing &ring) const;
    // The same update with its text copied from one ring into another.
    PackedUpdate copiedTo(const TextRing &from, TextRing &to) const;
};

} // namespace sb
