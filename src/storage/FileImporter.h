#pragma once
// Copies local files and folders into a workspace — the base of drag-and-drop. Streams each file
// through a staged atomic write while hashing it, so a multi-GB file is read once and never sits
// in memory, and records the copies in the index in batches.

#include "Cancellation.h"
#include "FileEntry.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth {

struct ImportReport
{
    FileEntries imported;
    QStringList errors; // one line per file that was not imported, with the reason
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
    struct Item
    {
        QString source;
        QString target; // relative, normalised
        qint64 size;
    };
    Result<QList<Item>> plan(const QStringList &sources, const QString &destDir,
                             QStringList &errors) const;

    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
