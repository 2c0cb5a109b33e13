// SPDX-License-Identifier: MIT
#include "sourcenumbers.h"

#include "jsoncodec.h"

namespace sb {

namespace {
// Past this many sources a hash lookup beats comparing addresses one by one.
constexpr size_t kScannedSources = 16;
} // namespace

qsizetype SourceNumbers::findShared(const QString &source) const
{
    if (m_ids.size() > kScannedSources)
        return -1;
    for (size_t i = 0; i < m_ids.size(); ++i) {
        if (m_ids[i].constData() == source.constData() && m_ids[i].size() == source.size())
            return qsizetype(i);
    }
    return -1;
}

quint32 SourceNumbers::number(const QString &source)
{
    if (const qsizetype shared = findShared(source); shared >= 0)
        return quint32(shared);
    auto it = m_numbers.constFind(source);
    if (it == m_numbers.cend()) {
        it = m_numbers.insert(source, quint32(m_ids.size()));
        m_ids.push_back(source);
        QByteArray token;
        JsonCodec::appendString(token, source);
        m_tokens.push_back(token);
    }
    return *it;
}

quint32 SourceNumbers::numberOf(const QString &source) const
{
    const qsizetype number = find(source);
    return number < 0 ? 0 : quint32(number);
}

qsizetype SourceNumbers::find(const QString &source) const
{
    if (const qsizetype shared = findShared(source); shared >= 0)
        return shared;
    const auto it = m_numbers.constFind(source);
    return it == m_numbers.cend() ? -1 : qsizetype(*it);
}

} // namespace sb
