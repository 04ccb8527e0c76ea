#pragma once
// Brings Hub files down: what the manifest lists but the disk lacks (after a clone, on another
// machine), files another client changed or added on the Hub, and single files on demand (opening
// one that is not on disk). Every download goes through the blob cache and is verified before it is
// materialised; a file changed both here and there keeps both versions.

#include "HubApi.h"
#include "HubManifest.h"
#include "JobRunner.h"

namespace hawkmoth::hub {

class HubPull
{
public:
    HubPull(const Workspace &workspace, const StorageContext &context, HubApi &api)
        : m_ws(workspace)
        , m_ctx(context)
        , m_api(api)
    {}

    // The pull step of the pull pipeline.
    static JobOutcome runStep(JobContext &context);
    // Records the manifest's files that are not on disk as "remote" rows of the index.
    static Status markRemoteOnly(const Workspace &workspace);
    // Downloads one file the index knows as remote-only (FileStore's hook for loading it).
    static Status fetchOne(const Workspace &workspace, const StorageContext &context,
                           const QString &path, const OperationControl &control);

    struct Report
    {
        int downloaded = 0;
        int removed = 0;
        QStringList conflicts;
        QStringList refused; // paths that break the rules for workspace paths: never written
    };
    // One line for people naming the refused paths.
    static QString refusedNote(const QStringList &refused);
    Result<Report> run(const QString &dataset, const ProgressFn &progress = {});

    // How many files a pull fetches at a time (the setting hubParallelDownloads).
    static int parallelDownloads(const StorageContext &context);

private:
    const Workspace &m_ws;
    const StorageContext &m_ctx;
    HubApi &m_api;
};

} // namespace hawkmoth::hub
