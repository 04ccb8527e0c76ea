#pragma once
// Where a rescan gets the stamps of a workspace's files table, as one StampSnapshot: from the
// snapshot file (StampSnapshotFile) while it describes the current generation of the table, else
// from the rows. After a scan's writes it patches the snapshot with just the rows it wrote and
// stores it in the file again.

#include "SqliteConnection.h"
#include "StampSnapshot.h"
#include "StampSnapshotFile.h"

#include <QSet>

namespace hawkmoth {

class StampSnapshots
{
public:
    explicit StampSnapshots(SqliteConnection &connection)
        : m_db(connection)
    {}

    // Stamps of every file at or below dir ("" = all). For the whole workspace this is the
    // snapshot file when it is current (fromFile tells), else it is read from the rows. readAt gets
    // the generation the table shows, or -1 when another writer came between the rows read.
    Result<StampSnapshot> read(const QString &dir, bool *fromFile = nullptr,
                               qint64 *readAt = nullptr);
    // Stamps of the files directly in dir ("" = the root), from their rows.
    Result<StampSnapshot> readFolder(const QString &dir);
    // Rewrites the snapshot file from every row, in a write transaction of its own.
    Status refresh();
    // The stamps as the rows are now, from the table that was current when this write transaction
    // began and the rows of the paths it wrote: only those are read again.
    Result<StampSnapshot> patch(const StampSnapshot &before, const QSet<QByteArray> &written);
    // In a write transaction, after its last change to the files table: the key a snapshot of that
    // state is stored under. store() only once the transaction committed (a rolled-back claim
    // leaves the file unused).
    Result<StampSnapshotKey> claim();
    Status store(const StampSnapshot &table, const StampSnapshotKey &key);
    // Moves with every write to the files table that changes a stamp (a trigger keeps it).
    Result<qint64> generation();

private:
    StampSnapshotFile file() const;

    SqliteConnection &m_db;
};

} // namespace hawkmoth
