#pragma once
// Job control on the async API (core.jobs()): what the persisted queue holds, and the user's
// cancel, retry-now and unblock of one job. Jobs run by runDue() or by the scheduler report their
// start, progress and end as signals on this object's thread, never as calls on a pool thread.

#include "Clock.h"
#include "Job.h"
#include "JobDrain.h"
#include "JobQueue.h"
#include "JobRunner.h"
#include "ProgressChannel.h"
#include "Result.h"
#include "RunningJobs.h"
#include "Workspace.h"

#include <QFuture>
#include <QHash>
#include <QMutex>
#include <QObject>

namespace hawkmoth {

class StorageCore;

class JobControl : public QObject
{
    Q_OBJECT

public:
    explicit JobControl(StorageCore &core, QObject *parent = nullptr);

    // The queue of a workspace, oldest first; finished (done) jobs only with includeDone.
    QFuture<Result<QList<Job>>> list(const Workspace &ws, bool includeDone = false);
    // Queues a job of kind for whichever process runs the workspace's jobs; its id.
    QFuture<Result<qint64>> enqueue(const Workspace &ws, const QString &kind,
                                    const QJsonObject &payload);
    // Cancels one job for good: a queued, blocked or failed one ends now; a running one is
    // stopped through its cancel token and ends cancelled (never queued again). The job as it is
    // now: still "running" with cancelRequested while its runner stops it.
    QFuture<Result<Job>> cancel(const Workspace &ws, qint64 id);
    // Makes a queued (backing off), failed or blocked job due now.
    QFuture<Result<Job>> retry(const Workspace &ws, qint64 id);
    // Lifts a job's block (credentials fixed) or hold (a server's Retry-After): due now.
    QFuture<Result<Job>> unblock(const Workspace &ws, qint64 id);
    // Runs the due jobs of those kinds (empty: every kind) on the pool, waiting through backoffs
    // of up to maxWaitMs; for callers without a background scheduler (the CLI).
    QFuture<Result<DrainReport>> runDue(const Workspace &ws, const QStringList &kinds = {},
                                        qint64 maxWaitMs = 0, const CancelToken &cancel = {});

    // An observer whose calls (from any thread) become this object's signals.
    JobObserver observer(const QString &workspace);
    // The jobs running in this process, for runners to register with.
    RunningJobs &running() { return m_running; }
    // The clock of backoffs and holds for what this object runs (tests move it by hand).
    void setClock(const Clock &clock) { m_clock = clock; }

Q_SIGNALS:
    void jobStarted(const QString &workspace, qint64 id, const QString &kind);
    void jobProgress(const QString &workspace, qint64 id, const hawkmoth::Progress &progress);
    void jobNote(const QString &workspace, qint64 id, const QString &line);
    // A run of the job ended; state is where the queue has it now (queued: it retries later).
    void jobFinished(const QString &workspace, qint64 id, const QString &kind,
                     hawkmoth::JobState state, const QString &message);
    // The user changed a job's state (cancel, retry, unblock).
    void jobStateChanged(const QString &workspace, qint64 id, hawkmoth::JobState state);

private:
    // Runs one user action on the queue on the pool and reports the job's new state.
    QFuture<Result<Job>> change(const Workspace &ws, qint64 id,
                                std::function<Status(JobQueue &)> action);
    void postProgress(const QString &workspace, qint64 id, const Progress &progress);

    StorageCore &m_core;
    RunningJobs m_running;
    Clock m_clock;
    QMutex m_progressMutex;
    // The latest progress of each job whose delivery is queued: a fast job cannot flood the
    // event loop, the receiver sees the newest value.
    QHash<qint64, Progress> m_pendingProgress;
};

} // namespace hawkmoth

Q_DECLARE_METATYPE(hawkmoth::JobState)
