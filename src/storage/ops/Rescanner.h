#pragma once
// Brings the file index in line with the disk: finds files added, changed (size or mtime, then
// content hash) and removed behind HAWKMOTH's back. The disk walk and the index read run in
// parallel; only new, changed or racily-clean files are hashed, on the thread pool.

#include "Cancellation.h"
#include "Result.h"
#include "SkippedPath.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QStringList>

#include <functional>

namespace hawkmoth {

struct ScanReport
{
    QStringList added;
    QStringList changed;
    QStringList removed;
    qint64 unchanged = 0;
    qint64 bytesHashed = 0;
    SkippedPaths
        skipped; // not regular files (symlinks, sockets), non-UTF-8 names, unreadable folders
    QStringList errors; // files that could not be read; their index rows are left as they were
    qint64 foldersScanned = 0; // folders listed on disk

    bool hasChanges() const { return !added.isEmpty() || !changed.isEmpty() || !removed.isEmpty(); }
};

class Rescanner
{
public:
    Rescanner(const Workspace &workspace, const StorageContext &context);
    // subdir "" scans the whole workspace.
    Result<ScanReport> run(const QString &subdir = {}, const CancelToken &cancel = {},
                           const ProgressFn &progress = {});
    // Only the files directly in dir ("" = the root folder), none below it: how a listing notices
    // edits made by other programs without walking the workspace. Takes no write lock when the
    // folder is as indexed.
    Result<ScanReport> runFolder(const QString &dir, const CancelToken &cancel = {});
    // Runs on the scan's thread just before it reads the index, while the walk goes on: where a
    // test puts another writer between the two.
    void setBeforeIndexRead(std::function<void()> hook) { m_beforeIndexRead = std::move(hook); }

private:
    Result<ScanReport> scan(const QString &subdir, bool recursive, const CancelToken &cancel,
                            const ProgressFn &progress);

    const Workspace &m_workspace;
    const StorageContext &m_context;
    std::function<void()> m_beforeIndexRead;
};

} // namespace hawkmoth
