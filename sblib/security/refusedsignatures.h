// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QSet>
#include <QStringView>

#include <vector>

namespace sb {

// The signed updates whose signature did not verify, remembered by a seeded
// 64-bit digest of what was signed and the signature. A refused update moves
// no clock, so every peer holding it offers it again at each sync: remembered,
// it costs a lookup rather than two signature checks. Bounded: past capacity,
// the oldest is forgotten (and would be checked again). The default holds a
// flood of 262,144 distinct forgeries in some 7 MB, taken only as they come:
// a replica that is never sent a forgery pays for none.
class RefusedSignatures
{
public:
    static constexpr qsizetype kDefaultCapacity = 1 << 18;

    explicit RefusedSignatures(qsizetype capacity = kDefaultCapacity);

    // The seed is per process and random, so a peer cannot make an honest
    // update's digest collide with one it had refused.
    quint64 digest(QByteArrayView signedText, QStringView signature) const;
    bool contains(quint64 digest) const { return m_digests.contains(digest); }
    void insert(quint64 digest);
    qsizetype size() const { return m_digests.size(); }
    qsizetype capacity() const { return m_capacity; }

private:
    QSet<quint64> m_digests;
    std::vector<quint64> m_order; // grows to m_capacity, then a ring with its oldest at m_next
    qsizetype m_capacity;
    size_t m_next = 0;
    size_t m_seed;
};

} // namespace sb
