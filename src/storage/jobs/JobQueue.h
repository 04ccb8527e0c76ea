#pragma once
// The persisted job queue of one workspace. Every state change is one SQLite statement, so a kill
// at any moment leaves each job either before or after the change; jobs found "running" by the
// next runner (which holds the workspace's runner lock) were interrupted and are queued again.

#include "Clock.h"
#include "Job.h"
#include "Result.h"
#include "SqliteConnection.h"

#include <QList>

namespace hawkmoth {

struct JobChange;

class JobQueue
{
public:
    explicit JobQueue(SqliteConnection &connection, Clock clock = {})
        : m_db(connection)
        , m_clock(std::move(clock))
    {}

    // Adds a job; with a dedupKey an equal queued job is reused instead. Returns the job id.
    Result<qint64> enqueue(const QString &kind, const QJsonObject &payload = {},
                           const QString &dedupKey = {}, qint64 notBeforeMs = 0);
    // Takes the oldest queued job that is due, marking it running. kinds: those this runner can
    // handle (empty = any).
    Result<std::optional<Job>> claimNext(qint64 nowMs, const QStringList &kinds = {});
    Result<std::optional<Job>> get(qint64 id);
    Result<QList<Job>> list(const QList<JobState> &states = {});

    Status complete(qint64 id);
    // Queues the job again at retryAtMs (transient failure). A hold (a server's Retry-After) is a
    // floor that even expedite() respects ...
    Status retryLater(qint64 id, const QString &error, qint64 retryAtMs, bool hold = false,
                      const JobFault &fault = {});
    // Queues a job (or moves its queued twin) that no run starts before untilMs, not even after
    // expedite(): a server's Retry-After for one part of a job, with the reason to show meanwhile.
    Result<qint64> hold(const QString &kind, const QJsonObject &payload, const QString &dedupKey,
                        qint64 untilMs, const QString &reason);
    // Makes queued jobs due now (the user asked to sync), except for holds.
    Status expedite();
    // ... or ends it: Failed (permanent), Blocked (needs the user, e.g. a rejected token).
    Status finish(qint64 id, JobState state, const QString &error, const JobFault &fault = {});
    Status reportProgress(qint64 id, const Progress &progress);
    // The user's cancel: a queued, blocked or failed job ends cancelled now; a running one is
    // marked, and its runner stops it and ends it cancelled. Returns the state it is in now.
    Result<JobState> requestCancel(qint64 id);
    Result<bool> cancelRequested(qint64 id);
    // The user's "retry now": a queued (backing off), failed or blocked job is due at once; a
    // server's Retry-After still holds.
    Status retryNow(qint64 id);
    // Lifts a block (credentials fixed) or a hold (a server's Retry-After) from one job: due now.
    Status unblockOne(qint64 id);
    // Requeues jobs left running by a process that died; call only while holding the runner lock.
    Result<int> recoverInterrupted();
    // Queues blocked jobs of a kind again (after the user fixed credentials).
    Result<int> unblock(const QString &kindPrefix = {});
    // Earliest next attempt among queued jobs, if any.
    Result<std::optional<qint64>> nextDueMs(const QStringList &kinds = {});
    Result<int> countActive(const QStringList &kinds = {}); // queued, running or blocked
    // Marks failed jobs with this key older than successId as settled (cancelled).
    Status settleFailures(const QString &dedupKey, qint64 successId);
    Status purgeFinished(qint64 olderThanMs);

private:
    // Records a change for notifications when the connection keeps a change log.
    void noteJob(const JobChange &change);
    void noteUpdated(QSqlQuery &query, JobChange change);
    Result<Job> existing(qint64 id); // the job, or a NotFound error naming it
    Status requeue(const Job &job, qint64 dueMs, qint64 holdUntilMs);
    Status dropSupersededTwins(const QString &fromState);
    Status updateState(qint64 id, JobState state, const QString &error, qint64 nextAttemptMs,
                       qint64 holdUntilMs = 0, const JobFault &fault = {});

    SqliteConnection &m_db;
    Clock m_clock;
};

} // namespace hawkmoth
