#pragma once
// The file operations that take more than one storage step — a pin and the move it queues, a
// rescan after a rebuilt index, a listing with its pins — as one synchronous call each, so every
// caller (the CLI, the window, a server) runs the same workflow.

#include "FileStore.h"
#include "Layer.h"
#include "OperationControl.h"
#include "Rescanner.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <optional>

namespace hawkmoth {

// Who runs the relayer job a pin queues: the caller now (a one-shot CLI run) or a background
// scheduler woken by the change (a long-lived process).
enum class RunJobs
{
    Now,
    Background,
};

struct PinOutcome
{
    QString path;
    std::optional<Layer> layer; // nothing: unpinned, the policy decides again
    qint64 job = 0;             // the relayer job that moves the files
    bool moved = false;         // the job ran to its end already (RunJobs::Now)
    QString notMovedBecause;    // why a job run now did not finish; it stays queued
};

struct RescanOutcome
{
    QString rebuiltAside; // with a rebuild: the name the old index is kept under
    ScanReport scan;
};

class FileWorkflows
{
public:
    FileWorkflows(const Workspace &workspace, const StorageContext &context);

    // The listing with each file's pin filled in.
    Result<Listing> list(const QString &dir, bool recursive);
    Result<PinOutcome> pin(const QString &path, std::optional<Layer> layer, RunJobs run,
                           const CancelToken &cancel = {});
    Result<RescanOutcome> rescan(bool rebuild, const OperationControl &control = {});

private:
    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
