#include "JobRunner.h"

#include "FileLock.h"
#include "JobQueue.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QMutex>
#include <QRandomGenerator>
#include <QThread>

namespace hawkmoth {

namespace {
// Progress is persisted (for other processes and restarts) at most this often.
constexpr qint64 progressPersistMs = 500;

// Every count the report knows a total of has reached it.
bool endsStep(const Progress &p)
{
    const auto reached = [](qint64 done, qint64 total) { return total == 0 || done >= total; };
    return (p.bytesTotal > 0 || p.filesTotal > 0 || p.objectsTotal > 0) &&
           reached(p.bytesDone, p.bytesTotal) && reached(p.filesDone, p.filesTotal) &&
           reached(p.objectsDone, p.objectsTotal);
}

} // namespace

JobRunner::JobRunner(const Workspace &workspace, const StorageContext &context,
                     const JobHandlers &handlers, Clock clock)
    : m_workspace(workspace)
    , m_context(context)
    , m_handlers(handlers)
    , m_clock(std::move(clock))
{}

JobRunner::~JobRunner() = default;

Result<std::shared_ptr<SqliteConnection>> JobRunner::queueDb()
{
    if (m_db && m_dbThread == QThread::currentThread())
        return m_db;
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    std::shared_ptr<SqliteConnection> opened(std::move(*db));
    if (!m_db) {
        m_db = opened;
        m_dbThread = QThread::currentThread();
    }
    return opened;
}

bool JobRunner::isStarted() const
{
    return m_lock != nullptr;
}

Status JobRunner::start(int waitMs)
{
    if (isStarted())
        return {};
    QDir().mkpath(m_workspace.metaDir());
    auto lock = FileLock::acquire(m_workspace.runnerLockFile(), waitMs);
    if (!lock) {
        if (lock.error().code != ErrorCode::Conflict)
            return lock.error();
        return Error::conflict(QStringLiteral("the jobs of workspace '%1' are being run by another "
                                              "HAWKMOTH process (pid %2); it will finish them")
                                   .arg(m_workspace.name())
                                   .arg(FileLock::holderPid(m_workspace.runnerLockFile())));
    }
    m_lock = std::move(*lock);
    auto db = queueDb();
    if (!db)
        return db.error();
    JobQueue queue(**db, m_clock);
    auto recovered = queue.recoverInterrupted();
    if (!recovered)
        return recovered.error();
    return {};
}

qint64 JobRunner::backoffMs(int attempts)
{
    const int exponent = qBound(0, attempts - 1, 20);
    const qint64 base = qMin(maxBackoffMs, qint64(1000) << exponent);
    const double jitter = 0.75 + QRandomGenerator::global()->generateDouble() * 0.5;
    return qMin(maxBackoffMs, qint64(double(base) * jitter));
}

QStringList JobRunner::kinds(const QStringList &onlyKinds) const
{
    if (onlyKinds.isEmpty())
        return m_handlers.kinds();
    QStringList out;
    for (const QString &k : onlyKinds) {
        if (m_handlers.find(k))
            out.append(k);
    }
    return out;
}

Result<std::optional<qint64>> JobRunner::nextDueMs(const QStringList &onlyKinds)
{
    const QStringList wanted = kinds(onlyKinds);
    if (wanted.isEmpty())
        return std::optional<qint64>();
    auto db = queueDb();
    if (!db)
        return db.error();
    JobQueue queue(**db, m_clock);
    return queue.nextDueMs(wanted);
}

Status JobRunner::runOne(const Job &job, const CancelToken &cancel, const JobObserver &observer)
{
    const JobHandler *handler = m_handlers.find(job.kind);
    // The job's own token: the user cancels this job, the runner's token stops the whole run.
    const CancelToken jobCancel = cancel.linked();
    struct Registration
    {
        RunningJobs *running;
        qint64 id;
        ~Registration()
        {
            if (running)
                running->remove(id);
        }
    } registration{m_running, job.id};
    if (m_running)
        m_running->add(job.id, jobCancel);
    if (observer.started)
        observer.started(job);
    qint64 lastPersist = 0;
    Progress persisted;              // the last report written
    std::optional<Progress> unsaved; // the latest report, when not persisted yet
    QMutex reportMutex;              // a handler may report from threads of its own
    auto report = [&](const Progress &p) {
        if (observer.progress)
            observer.progress(job, p);
        const QMutexLocker lock(&reportMutex);
        unsaved = p;
        const qint64 now = m_clock.nowMs();
        // A step's last report is kept at once: the job may then wait long (a commit's answer),
        // and a reader in another process would see the step unfinished all that time.
        if (now - lastPersist >= progressPersistMs || (endsStep(p) && p != persisted)) {
            lastPersist = now;
            // Best effort and never waiting: the handler itself may hold the write lock. A
            // cancel asked for by another process is noticed here.
            if (auto db = m_workspace.connect(0); db) {
                JobQueue queue(**db, m_clock);
                if (queue.reportProgress(job.id, p)) {
                    unsaved.reset();
                    persisted = p;
                }
                if (queue.cancelRequested(job.id).valueOr(false))
                    jobCancel.cancel();
            }
        }
    };
    auto note = [&](const QString &line) {
        if (observer.note)
            observer.note(job, line);
    };
    JobContext ctx(m_workspace, m_context, job, jobCancel, report, note);
    const JobOutcome outcome =
        handler ? (*handler)(ctx)
                : JobOutcome::fail(QStringLiteral("no handler for job kind '%1'").arg(job.kind));
    if (unsaved) {
        // Where the job got to stays visible after it ended.
        auto db = queueDb();
        if (!db)
            return db.error();
        HM_TRY(JobQueue(**db, m_clock).reportProgress(job.id, *unsaved));
    }
    QString message = outcome.message;
    auto state = settle(job, outcome, cancel, message);
    if (!state)
        return state.error();
    if (observer.finished)
        observer.finished(job, outcome);
    if (observer.settled)
        observer.settled(job, *state, message);
    return {};
}

Result<JobState> JobRunner::settle(const Job &job, const JobOutcome &outcome,
                                   const CancelToken &cancel, QString &message)
{
    auto db = queueDb();
    if (!db)
        return db.error();
    // One transaction from reading the user's cancel to writing the state: a cancel written by
    // another process in between would otherwise be overwritten by a requeue and then cleared
    // when the job is taken again.
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    JobQueue queue(**db, m_clock);
    auto state = settleWith(queue, job, outcome, cancel, message);
    if (!state)
        return state; // rolled back with the transaction
    HM_TRY((*tx)->commit());
    return state;
}

Result<JobState> JobRunner::settleWith(JobQueue &queue, const Job &job, const JobOutcome &outcome,
                                       const CancelToken &cancel, QString &message)
{
    const qint64 now = m_clock.nowMs();
    auto userCancelled = queue.cancelRequested(job.id);
    if (!userCancelled)
        return userCancelled.error();
    if (*userCancelled && outcome.kind != JobOutcome::Kind::Done) {
        // What the user cancelled ends here, whatever the handler made of it.
        message = QStringLiteral("cancelled by the user");
        HM_TRY(queue.finish(job.id, JobState::Cancelled, message));
        return JobState::Cancelled;
    }
    switch (outcome.kind) {
    case JobOutcome::Kind::Done:
        HM_TRY(queue.complete(job.id));
        // An older failure of the same kind of work is settled by this success.
        if (!job.dedupKey.isEmpty())
            HM_TRY(queue.settleFailures(job.dedupKey, job.id));
        return JobState::Done;
    case JobOutcome::Kind::Retry: {
        const bool hold = outcome.retryAfterMs >= 0;
        const qint64 wait = hold ? outcome.retryAfterMs : backoffMs(job.attempts);
        HM_TRY(queue.retryLater(job.id, outcome.message, now + wait, hold, outcome.fault));
        return JobState::Queued;
    }
    case JobOutcome::Kind::Fail:
        HM_TRY(queue.finish(job.id, JobState::Failed, outcome.message, outcome.fault));
        return JobState::Failed;
    case JobOutcome::Kind::Block:
        HM_TRY(queue.finish(job.id, JobState::Blocked, outcome.message, outcome.fault));
        return JobState::Blocked;
    case JobOutcome::Kind::Cancelled:
        // The run was stopped (the process ends, the workspace changes): the job resumes at the
        // next run. A job that called itself cancelled while nobody asked (a step's own cancel)
        // backs off like a retry: queued due now, the loop would take it again at once, forever.
        HM_TRY(queue.retryLater(job.id, outcome.message,
                                cancel.isCancelled() ? now : now + backoffMs(job.attempts)));
        return JobState::Queued;
    }
    return JobState::Queued;
}

Result<int> JobRunner::runDue(const CancelToken &cancel, const JobObserver &observer,
                              const QStringList &onlyKinds)
{
    if (!isStarted())
        HM_TRY(start());
    int ran = 0;
    const QStringList wanted = kinds(onlyKinds);
    if (wanted.isEmpty())
        return 0;
    while (!cancel.isCancelled()) {
        std::optional<Job> job;
        {
            auto db = queueDb();
            if (!db)
                return db.error();
            auto claimed = JobQueue(**db, m_clock).claimNext(m_clock.nowMs(), wanted);
            if (!claimed)
                return claimed.error();
            job = std::move(*claimed);
        }
        if (!job)
            break;
        HM_TRY(runOne(*job, cancel, observer));
        ++ran;
    }
    return ran;
}

Result<int> JobRunner::drain(const CancelToken &cancel, const JobObserver &observer,
                             qint64 maxWaitMs, int *pendingAfter, const QStringList &onlyKinds)
{
    int total = 0;
    for (;;) {
        auto ran = runDue(cancel, observer, onlyKinds);
        if (!ran)
            return ran.error();
        total += *ran;
        if (cancel.isCancelled())
            break;
        auto next = nextDueMs(onlyKinds);
        if (!next)
            return next.error();
        if (!next->has_value() || **next - m_clock.nowMs() > maxWaitMs)
            break;
        // Sleep through a short backoff in slices, so a cancel is honoured quickly.
        while (!cancel.isCancelled() && m_clock.nowMs() < **next)
            m_clock.sleepMs(qBound<qint64>(1, **next - m_clock.nowMs(), 100LL));
    }
    if (pendingAfter) {
        auto db = queueDb();
        *pendingAfter = db ? JobQueue(**db).countActive(kinds(onlyKinds)).valueOr(0) : 0;
    }
    return total;
}

} // namespace hawkmoth
