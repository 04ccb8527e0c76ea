#include "FileWorkflows.h"

#include "IndexRepair.h"
#include "JobDrain.h"
#include "LayerMover.h"

namespace hawkmoth {

FileWorkflows::FileWorkflows(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<Listing> FileWorkflows::list(const QString &dir, bool recursive)
{
    auto listing = FileStore(m_workspace, m_context).list(dir, recursive);
    if (!listing)
        return listing.error();
    // Without a readable policy the files are listed all the same, unpinned.
    if (auto policy = m_workspace.policy(); policy) {
        for (FileEntry &e : listing->files)
            e.pinned = policy->pin(e.path);
    }
    return listing;
}

Result<PinOutcome> FileWorkflows::pin(const QString &path, std::optional<Layer> layer, RunJobs run,
                                      const CancelToken &cancel)
{
    auto job = LayerMover(m_workspace, m_context).pin(path, layer);
    if (!job)
        return job.error();
    PinOutcome outcome{path, layer, *job, false, {}};
    if (run == RunJobs::Background)
        return outcome;
    // The pin is recorded either way: a move that cannot run now stays queued for the next run.
    JobHandlers relayer;
    LayerMover::registerHandlers(relayer);
    JobDrain drain(m_workspace, m_context, relayer);
    if (auto started = drain.start(2000); !started) {
        outcome.notMovedBecause = started.error().message;
        return outcome;
    }
    auto ran = drain.run({}, 0, cancel);
    outcome.moved = ran.ok();
    if (!ran)
        outcome.notMovedBecause = ran.error().message;
    return outcome;
}

Result<RescanOutcome> FileWorkflows::rescan(bool rebuild, const OperationControl &control)
{
    RescanOutcome outcome;
    if (rebuild) {
        auto aside = IndexRepair(m_workspace).rebuild();
        if (!aside)
            return aside.error();
        outcome.rebuiltAside = *aside;
    }
    auto scanned = Rescanner(m_workspace, m_context).run({}, control.cancel, control.progress);
    if (!scanned)
        return scanned.error();
    outcome.scan = std::move(*scanned);
    return outcome;
}

} // namespace hawkmoth
