#include "ContentCache.h"

namespace hawkmoth {

ContentCache::ContentCache(qint64 budgetBytes)
    : m_budget(budgetBytes)
{}

std::optional<QByteArray> ContentCache::get(const QString &absolutePath, qint64 size,
                                            qint64 mtimeNs)
{
    QMutexLocker lock(&m_mutex);
    const auto it = m_byPath.find(absolutePath);
    if (it == m_byPath.end())
        return std::nullopt;
    auto entry = it.value();
    if (entry->size != size || entry->mtimeNs != mtimeNs) {
        m_used -= entry->content.size();
        m_lru.erase(entry);
        m_byPath.erase(it);
        return std::nullopt;
    }
    m_lru.splice(m_lru.begin(), m_lru, entry);
    return entry->content;
}

void ContentCache::put(const QString &absolutePath, qint64 size, qint64 mtimeNs,
                       const QByteArray &content)
{
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_byPath.find(absolutePath); it != m_byPath.end()) {
        m_used -= it.value()->content.size();
        m_lru.erase(it.value());
        m_byPath.erase(it);
    }
    if (content.size() > m_budget)
        return; // never evict everything for one oversized file
    m_lru.push_front({absolutePath, size, mtimeNs, content});
    m_byPath.insert(absolutePath, m_lru.begin());
    m_used += content.size();
    evictLocked();
}

void ContentCache::remove(const QString &absolutePath)
{
    QMutexLocker lock(&m_mutex);
    if (const auto it = m_byPath.find(absolutePath); it != m_byPath.end()) {
        m_used -= it.value()->content.size();
        m_lru.erase(it.value());
        m_byPath.erase(it);
    }
}

void ContentCache::removeTree(const QString &absoluteFolder)
{
    QMutexLocker lock(&m_mutex);
    const QString prefix = absoluteFolder + QLatin1Char('/');
    for (auto it = m_lru.begin(); it != m_lru.end();) {
        if (it->path == absoluteFolder || it->path.startsWith(prefix)) {
            m_used -= it->content.size();
            m_byPath.remove(it->path);
            it = m_lru.erase(it);
        } else {
            ++it;
        }
    }
}

void ContentCache::clear()
{
    QMutexLocker lock(&m_mutex);
    m_lru.clear();
    m_byPath.clear();
    m_used = 0;
}

void ContentCache::setBudget(qint64 budgetBytes)
{
    QMutexLocker lock(&m_mutex);
    m_budget = budgetBytes;
    evictLocked();
}

qint64 ContentCache::budget() const
{
    QMutexLocker lock(&m_mutex);
    return m_budget;
}

qint64 ContentCache::usedBytes() const
{
    QMutexLocker lock(&m_mutex);
    return m_used;
}

int ContentCache::entryCount() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_lru.size());
}

void ContentCache::evictLocked()
{
    while (m_used > m_budget && !m_lru.empty()) {
        m_used -= m_lru.back().content.size();
        m_byPath.remove(m_lru.back().path);
        m_lru.pop_back();
    }
}

} // namespace hawkmoth
