// The user's actions on one job of the queue: cancel, retry now, unblock.

#include "JobQueue.h"

#include "ChangeSink.h"

namespace hawkmoth {

Result<JobState> JobQueue::requestCancel(qint64 id)
{
    auto job = existing(id);
    if (!job)
        return job.error();
    QSqlQuery q = m_db.query();
    switch (job->state) {
    case JobState::Queued:
    case JobState::Blocked:
    case JobState::Failed:
        // Not running: it ends now, and no runner takes it again.
        q.prepare(QStringLiteral("UPDATE jobs SET state = 'cancelled', last_error = ?, "
                                 "updated_ms = ? WHERE id = ? AND state = ?"));
        q.addBindValue(QStringLiteral("cancelled by the user"));
        q.addBindValue(m_clock.nowMs());
        q.addBindValue(id);
        q.addBindValue(jobStateName(job->state));
        HM_TRY(m_db.run(q));
        if (q.numRowsAffected() == 0)
            return requestCancel(id); // it changed state meanwhile: look again
        noteJob({JobChangeKind::Finished,
                 id,
                 job->kind,
                 JobState::Cancelled,
                 {},
                 QStringLiteral("cancelled by the user"),
                 {}});
        return JobState::Cancelled;
    case JobState::Running:
        // Its runner (maybe in another process) stops it through its cancel token and ends it
        // cancelled instead of queueing it again.
        q.prepare(QStringLiteral("UPDATE jobs SET cancel_requested = 1, updated_ms = ? "
                                 "WHERE id = ? AND state = 'running'"));
        q.addBindValue(m_clock.nowMs());
        q.addBindValue(id);
        HM_TRY(m_db.run(q));
        if (q.numRowsAffected() == 0)
            return requestCancel(id); // settled meanwhile (queued again, say): look again
        return JobState::Running;
    case JobState::Done:
    case JobState::Cancelled:
        break;
    }
    return Error::conflict(
        QStringLiteral("job %1 has already ended (%2); there is nothing to cancel")
            .arg(id)
            .arg(jobStateName(job->state)));
}

Result<bool> JobQueue::cancelRequested(qint64 id)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT cancel_requested FROM jobs WHERE id = ?"));
    q.addBindValue(id);
    HM_TRY(m_db.run(q));
    return q.next() && q.value(0).toBool();
}

Status JobQueue::retryNow(qint64 id)
{
    auto job = existing(id);
    if (!job)
        return job.error();
    if (job->state != JobState::Queued && job->state != JobState::Failed &&
        job->state != JobState::Blocked)
        return Error::conflict(
            QStringLiteral("job %1 is %2; only a queued, failed or blocked job can be retried")
                .arg(id)
                .arg(jobStateName(job->state)));
    const qint64 due = qMax(m_clock.nowMs(), job->holdUntilMs);
    return requeue(*job, due, job->holdUntilMs);
}

Status JobQueue::unblockOne(qint64 id)
{
    auto job = existing(id);
    if (!job)
        return job.error();
    const bool held = job->state == JobState::Queued && job->holdUntilMs > m_clock.nowMs();
    if (job->state != JobState::Blocked && !held)
        return Error::conflict(
            QStringLiteral("job %1 is %2, neither blocked nor held; nothing to unblock")
                .arg(id)
                .arg(jobStateName(job->state)));
    // The user lifts the block (fixed credentials) or the hold (a server's Retry-After).
    return requeue(*job, m_clock.nowMs(), 0);
}

Result<Job> JobQueue::existing(qint64 id)
{
    auto job = get(id);
    if (!job)
        return job.error();
    if (!job->has_value())
        return Error::notFound(QStringLiteral("there is no job %1 (see 'hawkmoth jobs')").arg(id));
    return **job;
}

Status JobQueue::requeue(const Job &job, qint64 dueMs, qint64 holdUntilMs)
{
    if (job.state != JobState::Queued && !job.dedupKey.isEmpty()) {
        // A queued twin does the same work: it runs now and this one is settled, since two queued
        // jobs of one key are never allowed.
        QSqlQuery twin = m_db.query();
        twin.prepare(QStringLiteral("UPDATE jobs SET next_attempt_ms = MAX(?, hold_until_ms), "
                                    "updated_ms = ? WHERE dedup_key = ? AND state = 'queued'"));
        twin.addBindValue(dueMs);
        twin.addBindValue(m_clock.nowMs());
        twin.addBindValue(job.dedupKey);
        HM_TRY(m_db.run(twin));
        if (twin.numRowsAffected() > 0)
            return updateState(job.id, JobState::Cancelled,
                               QStringLiteral("superseded by a newer job"), 0);
    }
    return updateState(job.id, JobState::Queued, job.lastError, dueMs, holdUntilMs, job.fault);
}

} // namespace hawkmoth
