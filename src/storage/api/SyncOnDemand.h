#pragma once
// Sync, push, pull and "run jobs" when a user asks for them: the pipeline job is queued as
// requested (what waits for quiet or backoff runs now, a rejected token is tried again) and run
// at once with everything else that is due, or only queued for a process whose scheduler runs
// jobs in the background. The outcome lists every job that ran and what still waits.

#include "JobDrain.h"
#include "OperationControl.h"

namespace hawkmoth {

enum class SyncRequest
{
    Sync, // hub, then git commit and push when pushing is on
    Push, // sync, and push even with automatic pushing off
    Pull  // git fetch and merge, then the hub files
};

struct SyncOutcome
{
    QString workspace;
    qint64 queuedJob = 0;    // the pipeline job this call queued; 0 for "run jobs"
    QList<FinishedJob> jobs; // every job that ran, in order
    QStringList notes;       // what they said, for people
    int pending = 0;      // jobs of the requested kind still queued after waiting ("run jobs": all)
    QStringList problems; // how jobs of the requested kind failed
    QString waitingFor;   // what the pending ones wait for, when none failed

    // Whether the requested job finished; "run jobs" asks for none, and only reports pending.
    bool complete() const { return pending == 0 && problems.isEmpty(); }
};

class SyncOnDemand
{
public:
    // How long an explicit sync waits through retries (a 5xx burst, a short Retry-After) before it
    // leaves the rest to the queue; the setting syncWaitSeconds changes it.
    static constexpr int defaultWaitSeconds = 30;

    SyncOnDemand(const Workspace &workspace, const StorageContext &context,
                 const JobHandlers &handlers);

    static QString jobKind(SyncRequest request);

    // Queues the pipeline job as requested; returns its id.
    Result<qint64> queue(SyncRequest request);
    // Queues it and runs it now, with everything else that is due.
    Result<SyncOutcome> run(SyncRequest request, const OperationControl &control);
    // Runs the jobs that are due, as the window's scheduler does in the background.
    Result<SyncOutcome> runDueJobs(const OperationControl &control);

private:
    // Runs the jobs of firstKind first (waiting through their retries), then the rest. Only the
    // former decide the outcome: a stale queued job failing afterwards is noted, not blamed.
    Result<SyncOutcome> runJobs(const QString &firstKind, const OperationControl &control);
    Result<qint64> enqueue(SqliteConnection &db, SyncRequest request);
    QString waitingFor(const QString &kind) const;

    const Workspace &m_workspace;
    const StorageContext &m_context;
    const JobHandlers &m_handlers;
};

} // namespace hawkmoth
