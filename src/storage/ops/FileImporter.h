#pragma once
// Copies local files and folders into a workspace — the base of drag-and-drop. Streams each file
// through a staged atomic write while hashing it, so a multi-GB file is read once and never sits
// in memory, and records the copies in the index in batches. What is copied is ImportPlanner's
// choice; links that stay inside a source are recreated as links after the files.

#include "Cancellation.h"
#include "ImportReport.h"
#include "OperationControl.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth {

class FileImporter
{
public:
    FileImporter(const Workspace &workspace, const StorageContext &context);
    // sources: absolute local paths; destDir: a workspace folder ("" = root).
    Result<ImportReport> run(const QStringList &sources, const QString &destDir, OnExists onExists,
                             const OperationControl &control = {});
    // overwrite: OnExists::Replace, else OnExists::Refuse.
    Result<ImportReport> run(const QStringList &sources, const QString &destDir, bool overwrite,
                             const CancelToken &cancel = {}, const ProgressFn &progress = {});

private:
    Status createLink(const QString &target, const QString &linkText, bool overwrite,
                      ImportReport &report) const;
    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
