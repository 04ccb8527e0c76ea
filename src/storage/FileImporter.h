#pragma once
// Copies local files and folders into a workspace — the base of drag-and-drop. Streams each file
// through a staged atomic write while hashing it, so a multi-GB file is read once and never sits
// in memory, and records the copies in the index in batches. What is copied is ImportPlanner's
// choice; links that stay inside a source are recreated as links after the files.

#include "Cancellation.h"
#include "FileEntry.h"
#include "Result.h"
#include "SkippedPath.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth {

struct ImportReport
{
    FileEntries imported;
    QStringList errors;   // one line per file that was not imported, with the reason
    SkippedPaths skipped; // left out on purpose: links leading out, .git folders, FIFOs...
    QStringList links;    // links recreated inside the workspace, as "path -> target"
    qint64 bytes = 0;
    bool cancelled = false;
};

class FileImporter
{
public:
    FileImporter(const Workspace &workspace, const StorageContext &context);
    // sources: absolute local paths; destDir: a workspace folder ("" = root).
    Result<ImportReport> run(const QStringList &sources, const QString &destDir, bool overwrite,
                             const CancelToken &cancel = {}, const ProgressFn &progress = {});

private:
    Status createLink(const QString &target, const QString &linkText, bool overwrite,
                      ImportReport &report) const;

    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
