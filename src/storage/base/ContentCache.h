#pragma once
// The session layer's in-memory cache of loaded file contents: least recently used entries are
// dropped once the byte budget is exceeded. Entries are keyed by absolute path and remember the
// size and mtime they were read at, so a file changed on disk is never served stale.

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <list>
#include <optional>

namespace hawkmoth {

class ContentCache
{
public:
    static constexpr qint64 defaultBudget = 64 * 1024 * 1024;

    explicit ContentCache(qint64 budgetBytes = defaultBudget);

    std::optional<QByteArray> get(const QString &absolutePath, qint64 size, qint64 mtimeNs);
    void put(const QString &absolutePath, qint64 size, qint64 mtimeNs, const QByteArray &content);
    void remove(const QString &absolutePath);
    // Drops every entry under a folder (a deleted or renamed folder, a deleted workspace).
    void removeTree(const QString &absoluteFolder);
    void clear();
    // Lowers the budget (e.g. for cleanup) and evicts down to it.
    void setBudget(qint64 budgetBytes);

    qint64 budget() const;
    qint64 usedBytes() const;
    int entryCount() const;

private:
    struct Entry
    {
        QString path;
        qint64 size;
        qint64 mtimeNs;
        QByteArray content;
    };
    void evictLocked();

    mutable QMutex m_mutex;
    std::list<Entry> m_lru; // front = most recently used
    QHash<QString, std::list<Entry>::iterator> m_byPath;
    qint64 m_budget;
    qint64 m_used = 0;
};

} // namespace hawkmoth
