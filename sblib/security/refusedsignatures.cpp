// SPDX-License-Identifier: MIT
#include "refusedsignatures.h"

#include <QHashFunctions>
#include <QRandomGenerator>

namespace sb {

RefusedSignatures::RefusedSignatures(qsizetype capacity)
    : m_capacity(qMax<qsizetype>(capacity, 1)),
      m_seed(size_t(QRandomGenerator::system()->generate64()))
{ }

quint64 RefusedSignatures::digest(QByteArrayView signedText, QStringView signature) const
{
    // Two seeded hashes, so that 64 bits differ even where size_t has 32.
    const quint64 text = qHash(signedText, m_seed);
    const quint64 mark = qHash(signature, m_seed ^ 0x9e3779b97f4a7c15u);
    return (text << 32 | text >> 32) ^ mark;
}

void RefusedSignatures::insert(quint64 digest)
{
    if (m_digests.contains(digest))
        return;
    m_digests.insert(digest);
    if (qsizetype(m_order.size()) < m_capacity) {
        m_order.push_back(digest);
        return;
    }
    m_digests.remove(m_order[m_next]);
    m_order[m_next] = digest;
    m_next = (m_next + 1) % m_order.size();
}

} // namespace sb
