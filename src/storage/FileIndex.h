#pragma once
// The per-workspace file index (.hawkmoth/index.db, table files): what HAWKMOTH knows of each
// file's size, time, hash, layer and sync state. Callers group writes in a Transaction.

#include "FileEntry.h"
#include "Result.h"
#include "SqliteConnection.h"
#include "StampTable.h"

#include <QHash>

#include <optional>

namespace hawkmoth {

// Per layer totals, as the statistics panel and "storage status" show them.
struct LayerTotals
{
    qint64 files = 0;
    qint64 bytes = 0;
};

class FileIndex
{
public:
    explicit FileIndex(SqliteConnection &connection)
        : m_db(connection)
    {}

    Result<std::optional<FileEntry>> get(const QString &path);
    // Files directly in dir ("" = root), or everything below it when recursive.
    Result<FileEntries> list(const QString &dir, bool recursive);
    Result<FileEntries> all();
    // Stamps of every file at or below dir ("" = all). For the whole workspace this is the cached
    // table when it is current (fromCache tells), else it is read from the rows.
    Result<StampTable> stamps(const QString &dir, bool *fromCache = nullptr);
    // Rewrites the cached stamp table from the rows; call after changes, in a write transaction.
    Status refreshStampCache();
    // Confirms an unchanged file at a new mtime.
    Status touch(const QString &path, qint64 size, qint64 mtimeNs);
    Result<FileEntries> withState(SyncState state);
    Result<FileEntries> inLayer(Layer layer);
    // The rows of a layer still to persist (neither synced, nor in conflict, nor remote-only), and
    // the rows of every other layer: what a commit in a large workspace needs, without the rest.
    Result<FileEntries> unsettledInLayer(Layer layer);
    Result<FileEntries> outsideLayer(Layer layer);
    // Just the paths of a layer, as bytes, for set lookups across the whole index.
    Result<QSet<QByteArray>> pathsInLayer(Layer layer);

    Status upsert(const FileEntry &entry);
    Status upsertMany(const FileEntries &entries);
    Status remove(const QString &path);
    // Removes path and everything below it; returns the removed paths.
    Result<QStringList> removeTree(const QString &path);
    Status setState(const QString &path, SyncState state, const QString &error = {});

    Result<QHash<Layer, LayerTotals>> totals();
    Result<qint64> count();

    Result<QString> meta(const QString &key);
    Status setMeta(const QString &key, const QString &value);

private:
    Result<FileEntries> select(const QString &where, const QVariantList &bindings);

    SqliteConnection &m_db;
};

} // namespace hawkmoth
