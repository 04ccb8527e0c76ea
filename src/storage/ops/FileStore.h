#pragma once
// File operations on one workspace: save, load, list, delete and move. Each validates its paths,
// records the change in the index and changes the disk inside one transaction, and puts the disk
// back when the commit fails (a full disk): it completes or changes nothing. A crash between the
// disk step and the commit is healed by the next rescan.

#include "FileEntry.h"
#include "FileIndex.h"
#include "FileVersion.h"
#include "OperationControl.h"
#include "PosixFile.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QIODevice>

namespace hawkmoth {

class DiskUndo;
class Transaction;

struct Listing
{
    QString dir;
    QList<FolderEntry> folders; // direct subfolders (non-recursive listings only)
    FileEntries files;
};

class FileStore
{
public:
    // Loading into memory is for editing; larger files are streamed (cat, export).
    static constexpr qint64 maxLoadBytes = 256LL * 1024 * 1024;

    FileStore(const Workspace &workspace, const StorageContext &context);

    // With expected, fails with ErrorCode::Conflict when the file on disk is no longer that
    // version (another program or another window saved it meanwhile).
    Result<FileEntry> save(const QString &path, const QByteArray &content,
                           const std::optional<FileVersion> &expected = std::nullopt);
    Result<QByteArray> load(const QString &path);
    // Loads for editing: the content and its version. A Hub-only file is downloaded first, under
    // control (cancel, progress).
    Result<LoadedFile> open(const QString &path, const OperationControl &control = {});
    // Streams a file to out (for files of any size).
    Status copyTo(const QString &path, QIODevice &out);
    // Lists dir from the index after checking the files directly in it against the disk (never
    // the rest of the workspace); with recursive, rescans and lists everything below dir.
    Result<Listing> list(const QString &dir, bool recursive);
    // Rescans dir, then hands each file below it to each in path order, one at a time: a listing
    // of any size in bounded memory. Returns dir as a workspace path ("" = the root).
    Result<QString> eachBelow(const QString &dir, const FileIndex::EntryVisitor &each);
    // Deletes a file, or a folder with recursive. Returns the removed file paths.
    Result<QStringList> remove(const QString &path, bool recursive);
    // Creates an empty folder and its missing parents; fails when a file is in the way.
    Status makeFolder(const QString &path);
    // Renames a file or folder; into dst when dst is an existing folder. Never overwrites.
    Result<QString> move(const QString &src, const QString &dst);

private:
    Result<FileEntry> existingEntry(const QString &path);

    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
