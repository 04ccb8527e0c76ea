#pragma once
// The stamp snapshot kept in a file beside the index (index.db.stamps), mapped into memory when it
// is read: a rescan of an unchanged workspace reads one file instead of every row. A random token,
// recorded in the index in the same transaction as the generation it was built at, ties the file
// to that one state of the files table; a rolled-back transaction, a crash before the file was
// written or an index restored from a backup leaves a token that no longer matches.

#include "Result.h"
#include "StampSnapshot.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace hawkmoth {

// Which state of the index a snapshot file describes.
struct StampSnapshotKey
{
    QByteArray token; // 32 hex digits
    qint64 generation = -1;
};

class StampSnapshotFile
{
public:
    explicit StampSnapshotFile(QString file)
        : m_file(std::move(file))
    {}

    // The table stored for key; nullopt when there is none, it is for another key, or damaged.
    std::optional<StampSnapshot> load(const StampSnapshotKey &key) const;
    // Replaces the file at once (a temporary renamed over it); readers holding the old mapping
    // keep reading the old table.
    Status store(const StampSnapshot &table, const StampSnapshotKey &key) const;
    static QByteArray newToken();

private:
    QString m_file;
};

} // namespace hawkmoth
