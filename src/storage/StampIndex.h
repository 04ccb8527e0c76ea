#pragma once
// The stamps of a workspace's files table as one StampTable: what a rescan compares the disk
// against. Read from the cache file (StampCache) while it describes the current generation of the
// table, else from the rows; after a scan's writes, patched with just the rows it wrote.

#include "SqliteConnection.h"
#include "StampCache.h"
#include "StampTable.h"

#include <QSet>

namespace hawkmoth {

class StampIndex
{
public:
    explicit StampIndex(SqliteConnection &connection)
        : m_db(connection)
    {}

    // Stamps of every file at or below dir ("" = all). For the whole workspace this is the cached
    // table when it is current (fromCache tells), else it is read from the rows. readAt gets the
    // generation the table shows, or -1 when another writer came between the rows read.
    Result<StampTable> read(const QString &dir, bool *fromCache = nullptr,
                            qint64 *readAt = nullptr);
    // Rewrites the cache from every row, in a write transaction of its own.
    Status refresh();
    // The stamps as the rows are now, from the table that was current when this write transaction
    // began and the rows of the paths it wrote: only those are read again.
    Result<StampTable> patch(const StampTable &before, const QSet<QByteArray> &written);
    // In a write transaction, after its last change to the files table: the key a cache of that
    // state is stored under. store() only once the transaction committed (a rolled-back claim
    // leaves the cache unused).
    Result<StampCacheKey> claim();
    Status store(const StampTable &table, const StampCacheKey &key);
    // Moves with every write to the files table that changes a stamp (a trigger keeps it).
    Result<qint64> generation();

private:
    StampCache cache() const;

    SqliteConnection &m_db;
};

} // namespace hawkmoth
