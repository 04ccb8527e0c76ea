#pragma once
// Runs a workspace's due jobs now, for callers without a background scheduler (the CLI's "run
// jobs", an explicit sync, a retried job, a pin moved at once): takes the runner lock, runs what
// is due, and reports every job that ran, what they said and what is left.

#include "Clock.h"
#include "JobRunner.h"

#include <QList>
#include <QStringList>

namespace hawkmoth {

// One job a run took, and how it ended.
struct FinishedJob
{
    qint64 id = 0;
    QString kind;
    JobOutcome::Kind outcome = JobOutcome::Kind::Done; // what its handler said
    JobState state = JobState::Done; // where the queue has it now (queued: it retries later)
    QString message;
};

struct DrainReport
{
    QList<FinishedJob> finished;
    QStringList notes; // lines for people, in order
    int pending = 0;   // jobs of the drained kinds still queued, running or blocked afterwards
};

class JobDrain
{
public:
    // How long start() waits by default for another process to release the workspace's jobs.
    static constexpr int defaultLockWaitMs = 10000;

    JobDrain(const Workspace &workspace, const StorageContext &context, const JobHandlers &handlers,
             Clock clock = {});

    // Where the jobs it runs are registered, so a user's cancel stops them at once.
    void setRunningJobs(RunningJobs *running) { m_runner.setRunningJobs(running); }
    // Takes the runner lock, waiting up to waitMs.
    Status start(int waitMs = defaultLockWaitMs) { return m_runner.start(waitMs); }
    // Runs the due jobs of kinds (empty: every kind), waiting through backoffs of up to maxWaitMs.
    // forward sees every call of the run as it happens (signals, a command's live output).
    Result<DrainReport> run(const QStringList &kinds, qint64 maxWaitMs, const CancelToken &cancel,
                            const JobObserver &forward = {});

private:
    JobRunner m_runner;
};

} // namespace hawkmoth
