#pragma once
// Writes a file so that readers see the old content or the new one, never a torn mix: data goes to
// a temporary file, is synced to disk, then renamed over the target (the QSaveFile technique).
// Unlike QSaveFile, the temporary file can live in a staging folder (.hawkmoth/tmp) so that a kill
// mid-write leaves no stray "notes.md.Ab12Cd" beside the user's files for the scanner to index.
// A failure (disk full, no permission) leaves the old content intact and removes the temporary.

#include "Result.h"
#include "UniqueFd.h"

#include <QByteArrayView>
#include <QString>

#include <functional>
#include <memory>

namespace hawkmoth {

class FolderHandle;
class PosixFile;

class AtomicWriter
{
public:
    // Synced: the data reaches the disk before the rename (a power cut leaves old or new
    // content). Unsynced: for caches whose readers refuse a damaged file, where an fsync would
    // cost more than rebuilding, and for batches flushed by syncFileSystems() before their
    // renames.
    enum class Durability
    {
        Synced,
        Unsynced
    };
    // stagingDir: where the temporary goes (same file system as path); empty = beside the target.
    explicit AtomicWriter(QString path, QString stagingDir = {},
                          Durability durability = Durability::Synced);
    ~AtomicWriter();
    AtomicWriter(const AtomicWriter &) = delete;
    AtomicWriter &operator=(const AtomicWriter &) = delete;

    // Temporaries are named .hm-<pid>-<random>.part (DiskUndo's .del/.old likewise): the
    // writer's pid, so a cleanup can tell the leftovers of a killed writer from a write in
    // progress. 0 for a name without one.
    static qint64 writerPid(const QString &tempName);

    // Whether a file staged in stagingDir can be renamed to a target in targetDir (the same file
    // system); creates the staging folder. Writers of many files into one folder check it once
    // and call assumeStagingServes().
    static Result<bool> stagingServes(const QString &stagingDir, const QString &targetDir);
    // Hints from a caller that checked already, given before open(), so that a writer of many
    // small files saves the per-file checks: the staging folder serves the target's folder, and
    // no file stands at the target (created with the umask's permissions, no fchmod).
    void assumeStagingServes() { m_stagingServes = true; }
    void assumeNewTarget() { m_newTarget = true; }
    // The temporary is an unnamed file in the target's folder (O_TMPFILE) where the file system
    // has them: no name is made and removed in the staging folder, whose lock the publishing
    // thread then shares with nobody, and a kill leaves nothing to clean up. Its descriptor stays
    // open until publish() or cancel(), so a caller holding many writers bounds their number
    // (openFileLimit()).
    void preferUnnamed() { m_preferUnnamed = true; }
    // The target's folder, opened by a caller that writes many files into it: the unnamed
    // temporary is made in it and linked into it by name, without a walk of the whole path for
    // each (kept until the writer is gone).
    void inFolder(std::shared_ptr<const FolderHandle> folder) { m_folder = std::move(folder); }

    Status open();
    // open() with a finished file instead of an empty one: file is moved (renamed) to be this
    // writer's temporary, so that a download lands without a copy. False, and file untouched,
    // when it is on another file system; the caller then copies it.
    Result<bool> openByMoving(const QString &file);
    Status write(QByteArrayView data);
    // Appends the rest of source: copied by the kernel where the file systems allow it
    // (copy_file_range), never through a buffer of ours.
    Status copyFrom(PosixFile &source);
    // Syncs, applies the target's previous permissions (or the umask's), renames into place.
    Status commit();
    // commit() in two steps, so a caller can hold a lock only around the quick rename.
    Status finishWriting();
    Status publish();
    // publish() unless a file appeared at the target meanwhile: false then, and the written
    // file is dropped. Atomic where the file system supports it (renameat2 RENAME_NOREPLACE).
    Result<bool> publishUnlessTaken();
    void cancel();
    // The written file's size and modification time, known once finishWriting() succeeded (a
    // rename keeps them), so its index row can be prepared before it is published.
    qint64 writtenSize() const { return m_writtenSize; }
    qint64 writtenMtimeNs() const { return m_writtenMtimeNs; }

    // One-shot: creates the parent folders, writes and commits.
    static Status writeFile(const QString &path, QByteArrayView data,
                            const QString &stagingDir = {});

private:
    Error failure(const QString &action, int error) const;
    // Tries fresh temporary names (in the staging folder when it serves the target's folder)
    // with place(name), which returns 0 or -1 with errno, until one is not taken; then the name
    // is this writer's. 0, or the errno of a failure other than EEXIST.
    Result<int> placeTemp(const std::function<int(const QString &)> &place);
    bool openUnnamed();
    // Gives the unnamed temporary the target's name; errno on failure (EEXIST: a file is there).
    int linkUnnamed(const QString &name) const;
    // The unnamed temporary has a name now: its descriptor is closed, the file stays.
    void closeNamed();

    QString m_path;
    QString m_stagingDir;
    std::shared_ptr<const FolderHandle> m_folder;
    QString m_tempPath;
    Durability m_durability;
    UniqueFd m_fd;
    bool m_failed = false;
    bool m_written = false;
    bool m_stagingServes = false;
    bool m_newTarget = false;
    bool m_preferUnnamed = false;
    bool m_unnamed = false;
    qint64 m_writtenSize = 0;
    qint64 m_writtenMtimeNs = 0;
};

} // namespace hawkmoth
