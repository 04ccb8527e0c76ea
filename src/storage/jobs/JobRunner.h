#pragma once
// Runs the persisted jobs of one workspace. Only one process at a time runs a workspace's jobs
// (the runner lock, .hawkmoth/jobs.lock), which is what makes it safe to requeue jobs found
// "running" at start: their process died. Handlers are registered per job kind by the layers.

#include "Clock.h"
#include "FileLock.h"
#include "Job.h"
#include "JobOutcome.h"
#include "Result.h"
#include "RunningJobs.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QHash>
#include <QThread>

#include <functional>
#include <memory>

namespace hawkmoth {

class JobQueue;

class JobContext
{
public:
    JobContext(const Workspace &workspace, const StorageContext &context, const Job &job,
               CancelToken cancel, std::function<void(const Progress &)> report,
               std::function<void(const QString &)> note = {})
        : m_workspace(workspace)
        , m_context(context)
        , m_job(job)
        , m_cancel(std::move(cancel))
        , m_report(std::move(report))
        , m_note(std::move(note))
    {}
    const Workspace &workspace() const { return m_workspace; }
    const StorageContext &context() const { return m_context; }
    const Job &job() const { return m_job; }
    const CancelToken &cancel() const { return m_cancel; }
    bool isCancelled() const { return m_cancel.isCancelled(); }
    void reportProgress(const Progress &progress) const
    {
        if (m_report)
            m_report(progress);
    }
    // A line for people about what the job did ("committed 3 files: +2 ~1").
    void note(const QString &line) const
    {
        if (m_note)
            m_note(line);
    }

private:
    const Workspace &m_workspace;
    const StorageContext &m_context;
    const Job &m_job;
    CancelToken m_cancel;
    std::function<void(const Progress &)> m_report;
    std::function<void(const QString &)> m_note;
};

using JobHandler = std::function<JobOutcome(JobContext &)>;

class JobHandlers
{
public:
    void add(const QString &kind, JobHandler handler)
    {
        m_handlers.insert(kind, std::move(handler));
    }
    const JobHandler *find(const QString &kind) const
    {
        const auto it = m_handlers.constFind(kind);
        return it == m_handlers.constEnd() ? nullptr : &it.value();
    }
    QStringList kinds() const { return m_handlers.keys(); }

private:
    QHash<QString, JobHandler> m_handlers;
};

struct JobObserver
{
    std::function<void(const Job &)> started;
    std::function<void(const Job &, const Progress &)> progress;
    std::function<void(const Job &, const JobOutcome &)> finished;
    std::function<void(const Job &, const QString &)> note;
    // After the queue recorded the outcome: the state the job is in now (queued again for a
    // retry, done, failed, blocked, cancelled) and why.
    std::function<void(const Job &, JobState, const QString &)> settled;
};

class JobRunner
{
public:
    static constexpr qint64 maxBackoffMs = 5 * 60 * 1000;

    JobRunner(const Workspace &workspace, const StorageContext &context,
              const JobHandlers &handlers, Clock clock = {});
    ~JobRunner();

    // Where the jobs this runner runs are registered while they run, so a user's cancel in this
    // process stops them at once (one in another process is stopped at its next progress report).
    void setRunningJobs(RunningJobs *running) { m_running = running; }

    // Takes the runner lock, waiting up to waitMs; then requeues jobs interrupted by a crash.
    Status start(int waitMs = 0);
    bool isStarted() const;

    // Runs every job that is due now (of the given kinds; empty = every handled kind). Returns how
    // many ran.
    Result<int> runDue(const CancelToken &cancel, const JobObserver &observer = {},
                       const QStringList &onlyKinds = {});
    // Runs until no such job is queued, sleeping through backoffs of up to maxWaitMs. Returns how
    // many ran; jobs of those kinds still queued afterwards are counted in pendingAfter.
    Result<int> drain(const CancelToken &cancel, const JobObserver &observer, qint64 maxWaitMs,
                      int *pendingAfter = nullptr, const QStringList &onlyKinds = {});
    // Earliest due time of a queued job of those kinds.
    Result<std::optional<qint64>> nextDueMs(const QStringList &onlyKinds = {});

    // Exponential backoff with jitter: 1 s, 2 s, 4 s ... capped at maxBackoffMs, each ±25 %.
    static qint64 backoffMs(int attempts);

private:
    QStringList kinds(const QStringList &onlyKinds) const;
    Status runOne(const Job &job, const CancelToken &cancel, const JobObserver &observer);
    // Records what the handler said; returns the state the job is in now.
    Result<JobState> settle(const Job &job, const JobOutcome &outcome, const CancelToken &cancel,
                            QString &message);
    Result<JobState> settleWith(JobQueue &queue, const Job &job, const JobOutcome &outcome,
                                const CancelToken &cancel, QString &message);
    // The runner's own connection for the queue's bookkeeping, kept for its life: a drain touches
    // the queue a dozen times, and each new connection parses the schema again. A call from
    // another thread than the first gets a connection of its own, for that call.
    Result<std::shared_ptr<SqliteConnection>> queueDb();

    const Workspace &m_workspace;
    const StorageContext &m_context;
    const JobHandlers &m_handlers;
    Clock m_clock;
    RunningJobs *m_running = nullptr;
    std::unique_ptr<FileLock> m_lock;
    std::shared_ptr<SqliteConnection> m_db;
    QThread *m_dbThread = nullptr;
};

} // namespace hawkmoth
