#pragma once
// The per-workspace file index (.hawkmoth/index.db, table files): what HAWKMOTH knows of each
// file's size, time, hash, layer and sync state. Callers group writes in a Transaction.

#include "FileEntry.h"
#include "NameFilter.h"
#include "Result.h"
#include "SqliteConnection.h"

#include <QHash>

#include <functional>
#include <memory>
#include <optional>

namespace hawkmoth {

// Per layer totals, as the statistics panel and "storage status" show them.
struct LayerTotals
{
    qint64 files = 0;
    qint64 bytes = 0;
};

// What one folder directly holds: its files, and its subfolders with the totals below each.
struct FolderContents
{
    FileEntries files;
    QList<FolderEntry> folders;
};

class FileIndex
{
public:
    explicit FileIndex(SqliteConnection &connection);
    ~FileIndex();
    FileIndex(const FileIndex &) = delete;
    FileIndex &operator=(const FileIndex &) = delete;

    Result<std::optional<FileEntry>> get(const QString &path);
    // When path's row was last written (indexed_ns), or nothing when it has none: how a scan
    // tells whether another writer came between its snapshot and its own write.
    Result<std::optional<qint64>> indexedAt(const QString &path);
    // Files directly in dir ("" = root), or everything below it when recursive.
    Result<FileEntries> list(const QString &dir, bool recursive);
    // Hands each file below dir ("" = everything) to each, in path order, one row at a time: a
    // listing of any size in bounded memory. each returns false to stop early.
    using EntryVisitor = std::function<bool(const FileEntry &)>;
    Status eachBelow(const QString &dir, const EntryVisitor &each);
    // The files directly in dir ("" = root) and the subfolders holding files at any depth, with
    // their totals: reads dir's own rows and one folder_totals row per folder below it, never
    // the file rows of other folders (schema 5).
    Result<FolderContents> folder(const QString &dir);
    // SQLite virtual-machine steps the last folder() took: they grow with the rows it visited, so
    // a test can check that a listing does not grow with the rest of the workspace.
    qint64 lastFolderSteps() const { return m_lastFolderSteps; }
    Result<FileEntries> all();
    // Confirms an unchanged file at a new mtime.
    Status touch(const QString &path, qint64 size, qint64 mtimeNs);
    Result<FileEntries> withState(SyncState state);
    Result<FileEntries> inLayer(Layer layer);
    // The rows of a layer still to persist (neither synced, nor in conflict, nor remote-only), and
    // the rows of every other layer: what a commit in a large workspace needs, without the rest.
    Result<FileEntries> unsettledInLayer(Layer layer);
    Result<FileEntries> outsideLayer(Layer layer);
    // The rows of a layer that differ from what it persisted: pending, failed or in conflict.
    Result<FileEntries> awaitingSync(Layer layer);
    // Whether a file of this name lies anywhere in the workspace (name: no '/').
    Result<bool> containsFileNamed(const QString &name);
    // Up to limit files and folders whose name matches, in path order; inside a matching folder
    // only the folder counts (the tree shows what it holds).
    Result<QStringList> findNames(const NameFilter &filter, int limit);

    Status upsert(const FileEntry &entry);
    Status upsertMany(const FileEntries &entries);
    Status remove(const QString &path);
    // Removes path and everything below it; returns the removed paths.
    Result<QStringList> removeTree(const QString &path);
    // Announces that from (a file, or a folder and everything below it) now lives at to, when the
    // connection keeps a change log. The rows themselves move by remove and upsert.
    void noteMove(const QString &from, const QString &to);
    Status setState(const QString &path, SyncState state, const QString &error = {});
    // Records where files were persisted (state, remote id, no error), leaving their stamps as the
    // last scan took them.
    struct Settlement
    {
        QString path;
        QString remoteId;
    };
    Status settle(const QList<Settlement> &files, SyncState state);

    Result<QHash<Layer, LayerTotals>> totals();
    // The hub layer's rows with only their path, size, sha256 and state, read from an index that
    // holds just these (schema 8): what the hub status compares with the manifest.
    Result<FileEntries> hubSummaries();
    Result<qint64> count();

    Result<QString> meta(const QString &key);
    Status setMeta(const QString &key, const QString &value);

private:
    Result<FileEntries> select(const QString &where, const QVariantList &bindings,
                               qint64 *steps = nullptr);
    Status visit(const QString &where, const QVariantList &bindings, const EntryVisitor &each,
                 qint64 *steps = nullptr);
    Result<QList<FolderEntry>> subfolders(const QString &dir, qint64 *steps);
    // Records the rows of paths as state changes when the connection keeps a change log.
    Status noteStateChanges(const QStringList &paths);

    SqliteConnection &m_db;
    std::unique_ptr<SqliteStatement> m_getStatement;
    std::unique_ptr<SqliteStatement> m_indexedStatement;
    std::unique_ptr<SqliteStatement> m_upsertStatement;
    std::unique_ptr<SqliteStatement> m_touchStatement;
    qint64 m_lastFolderSteps = 0;
};

} // namespace hawkmoth
