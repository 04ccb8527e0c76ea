#include "JobQueue.h"

#include "ChangeSink.h"

#include <QDateTime>
#include <QJsonDocument>

namespace hawkmoth {

namespace {

const QString jobColumns = QStringLiteral(
    "id, kind, payload, dedup_key, state, attempts, next_attempt_ms, last_error, bytes_done, "
    "bytes_total, files_done, files_total, created_ms, updated_ms, hold_until_ms, "
    "cancel_requested, objects_done, objects_total, error_code, error_step");

// "AND kind IN ('a','b')" for the kinds a runner handles; kinds are code constants, not input.
QString kindFilter(const QStringList &kinds)
{
    if (kinds.isEmpty())
        return {};
    QStringList quoted;
    for (const QString &k : kinds)
        quoted.append(QLatin1Char('\'') +
                      QString(k).replace(QLatin1Char('\''), QLatin1String("''")) +
                      QLatin1Char('\''));
    return QStringLiteral(" AND kind IN (") + quoted.join(QLatin1Char(',')) + QLatin1Char(')');
}

Job readJob(const QSqlQuery &q)
{
    Job j;
    j.id = q.value(0).toLongLong();
    j.kind = q.value(1).toString();
    j.payload = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    j.dedupKey = q.value(3).toString();
    j.state = jobStateFromName(q.value(4).toString()).value_or(JobState::Failed);
    j.attempts = q.value(5).toInt();
    j.nextAttemptMs = q.value(6).toLongLong();
    j.lastError = q.value(7).toString();
    j.progress = {q.value(8).toLongLong(), q.value(9).toLongLong(), q.value(10).toLongLong(),
                  q.value(11).toLongLong()};
    j.createdMs = q.value(12).toLongLong();
    j.updatedMs = q.value(13).toLongLong();
    j.holdUntilMs = q.value(14).toLongLong();
    j.cancelRequested = q.value(15).toBool();
    j.progress.objectsDone = q.value(16).toLongLong();
    j.progress.objectsTotal = q.value(17).toLongLong();
    j.fault = {errorCodeFromName(q.value(18).toString()), q.value(19).toString()};
    return j;
}

} // namespace

QString jobStateName(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return QStringLiteral("queued");
    case JobState::Running:
        return QStringLiteral("running");
    case JobState::Done:
        return QStringLiteral("done");
    case JobState::Failed:
        return QStringLiteral("failed");
    case JobState::Cancelled:
        return QStringLiteral("cancelled");
    case JobState::Blocked:
        return QStringLiteral("blocked");
    }
    return {};
}

std::optional<JobState> jobStateFromName(const QString &name)
{
    for (auto s : {JobState::Queued, JobState::Running, JobState::Done, JobState::Failed,
                   JobState::Cancelled, JobState::Blocked}) {
        if (jobStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

Result<qint64> JobQueue::enqueue(const QString &kind, const QJsonObject &payload,
                                 const QString &dedupKey, qint64 notBeforeMs)
{
    const qint64 now = m_clock.nowMs();
    QSqlQuery q = m_db.query();
    if (!dedupKey.isEmpty()) {
        // Reuse a queued twin; the partial unique index guarantees there is at most one.
        q.prepare(QStringLiteral(
            "UPDATE jobs SET payload = ?, next_attempt_ms = MAX(next_attempt_ms, ?), "
            "updated_ms = ? WHERE dedup_key = ? AND state = 'queued' RETURNING id"));
        q.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
        q.addBindValue(notBeforeMs);
        q.addBindValue(now);
        q.addBindValue(dedupKey);
        HM_TRY(m_db.run(q));
        if (q.next())
            return q.value(0).toLongLong();
        q.finish();
    }
    q.prepare(QStringLiteral("INSERT INTO jobs (kind, payload, dedup_key, state, next_attempt_ms, "
                             "created_ms, updated_ms) VALUES (?, ?, ?, 'queued', ?, ?, ?)"));
    q.addBindValue(kind);
    q.addBindValue(QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    q.addBindValue(dedupKey.isEmpty() ? QVariant() : QVariant(dedupKey));
    q.addBindValue(notBeforeMs);
    q.addBindValue(now);
    q.addBindValue(now);
    HM_TRY(m_db.run(q));
    const qint64 id = q.lastInsertId().toLongLong();
    noteJob({JobChangeKind::Queued, id, kind, JobState::Queued, {}, {}, {}});
    return id;
}

Result<std::optional<Job>> JobQueue::claimNext(qint64 now, const QStringList &kinds)
{
    // One statement picks and marks the job, so two runners can never take the same one.
    QSqlQuery q = m_db.query();
    q.prepare(
        QStringLiteral(
            "UPDATE jobs SET state = 'running', attempts = attempts + 1, cancel_requested = 0, "
            "updated_ms = ? "
            "WHERE id = (SELECT id FROM jobs WHERE state = 'queued' AND next_attempt_ms <= ?") +
        kindFilter(kinds) + QStringLiteral(" ORDER BY next_attempt_ms, id LIMIT 1) RETURNING ") +
        jobColumns);
    q.addBindValue(now);
    q.addBindValue(now);
    HM_TRY(m_db.run(q));
    if (!q.next())
        return std::optional<Job>();
    const Job job = readJob(q);
    noteJob({JobChangeKind::Started, job.id, job.kind, job.state, job.progress, {}, {}});
    return std::optional<Job>(job);
}

void JobQueue::noteJob(const JobChange &change)
{
    if (PendingChanges *changes = m_db.pendingChanges()) {
        changes->addJob(change);
        m_db.changesWritten();
    }
}

void JobQueue::noteUpdated(QSqlQuery &q, JobChange change)
{
    // q ran an UPDATE ... RETURNING id, kind.
    if (!m_db.pendingChanges())
        return;
    while (q.next()) {
        change.id = q.value(0).toLongLong();
        change.jobKind = q.value(1).toString();
        noteJob(change);
    }
}

Result<std::optional<Job>> JobQueue::get(qint64 id)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT ") + jobColumns + QStringLiteral(" FROM jobs WHERE id = ?"));
    q.addBindValue(id);
    HM_TRY(m_db.run(q));
    if (!q.next())
        return std::optional<Job>();
    return std::optional<Job>(readJob(q));
}

Result<QList<Job>> JobQueue::list(const QList<JobState> &states)
{
    QString where;
    if (!states.isEmpty()) {
        QStringList names;
        for (JobState s : states)
            names.append(QLatin1Char('\'') + jobStateName(s) + QLatin1Char('\''));
        where =
            QStringLiteral(" WHERE state IN (") + names.join(QLatin1Char(',')) + QLatin1Char(')');
    }
    QSqlQuery q = m_db.query();
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + jobColumns + QStringLiteral(" FROM jobs") + where +
              QStringLiteral(" ORDER BY id"));
    HM_TRY(m_db.run(q));
    QList<Job> out;
    while (q.next())
        out.append(readJob(q));
    return out;
}

Status JobQueue::updateState(qint64 id, JobState state, const QString &error, qint64 nextAttemptMs,
                             qint64 holdUntilMs, const JobFault &fault)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE jobs SET state = ?, last_error = ?, error_code = ?, "
                             "error_step = ?, next_attempt_ms = ?, hold_until_ms = ?, "
                             "updated_ms = ? WHERE id = ? RETURNING id, kind"));
    q.addBindValue(jobStateName(state));
    q.addBindValue(sqlText(error));
    q.addBindValue(sqlText(fault.code ? errorCodeName(*fault.code) : QString()));
    q.addBindValue(sqlText(fault.step));
    q.addBindValue(nextAttemptMs);
    q.addBindValue(holdUntilMs);
    q.addBindValue(m_clock.nowMs());
    q.addBindValue(id);
    HM_TRY(m_db.run(q));
    noteUpdated(q, {JobChangeKind::Finished, id, {}, state, {}, error, {}});
    return {};
}

Status JobQueue::complete(qint64 id)
{
    return updateState(id, JobState::Done, {}, 0);
}

Status JobQueue::retryLater(qint64 id, const QString &error, qint64 retryAtMs, bool hold,
                            const JobFault &fault)
{
    // A queued twin may have been added meanwhile; then this one is redundant.
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT 1 FROM jobs a JOIN jobs b ON a.dedup_key = b.dedup_key "
                             "WHERE a.id = ? AND b.state = 'queued' AND b.id != a.id"));
    q.addBindValue(id);
    HM_TRY(m_db.run(q));
    if (q.next())
        return updateState(id, JobState::Cancelled, error + QStringLiteral(" (superseded)"), 0);
    return updateState(id, JobState::Queued, error, retryAtMs, hold ? retryAtMs : 0, fault);
}

Result<qint64> JobQueue::hold(const QString &kind, const QJsonObject &payload,
                              const QString &dedupKey, qint64 untilMs, const QString &reason)
{
    auto id = enqueue(kind, payload, dedupKey, untilMs);
    if (!id)
        return id.error();
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE jobs SET next_attempt_ms = ?, hold_until_ms = ?, "
                             "last_error = ? WHERE id = ?"));
    q.addBindValue(untilMs);
    q.addBindValue(untilMs);
    q.addBindValue(sqlText(reason));
    q.addBindValue(*id);
    HM_TRY(m_db.run(q));
    return *id;
}

Status JobQueue::expedite()
{
    QSqlQuery q = m_db.query();
    q.prepare(
        QStringLiteral("UPDATE jobs SET next_attempt_ms = hold_until_ms WHERE state = 'queued'"));
    return m_db.run(q);
}

Status JobQueue::finish(qint64 id, JobState state, const QString &error, const JobFault &fault)
{
    return updateState(id, state, error, 0, 0, fault);
}

Status JobQueue::reportProgress(qint64 id, const Progress &p)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE jobs SET bytes_done = ?, bytes_total = ?, files_done = ?, "
                             "files_total = ?, objects_done = ?, objects_total = ?, updated_ms = ? "
                             "WHERE id = ? RETURNING id, kind"));
    q.addBindValue(p.bytesDone);
    q.addBindValue(p.bytesTotal);
    q.addBindValue(p.filesDone);
    q.addBindValue(p.filesTotal);
    q.addBindValue(p.objectsDone);
    q.addBindValue(p.objectsTotal);
    q.addBindValue(m_clock.nowMs());
    q.addBindValue(id);
    HM_TRY(m_db.run(q));
    noteUpdated(q, {JobChangeKind::Progress, id, {}, JobState::Running, p, {}, {}});
    return {};
}

Status JobQueue::dropSupersededTwins(const QString &fromState)
{
    // A job about to be queued again is redundant when a queued twin (same dedup key) exists;
    // requeueing both would also break the one-queued-per-key rule.
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral(
        "UPDATE jobs SET state = 'cancelled', last_error = 'superseded by a newer job' "
        "WHERE state = ? AND dedup_key IS NOT NULL AND dedup_key IN "
        "(SELECT dedup_key FROM jobs WHERE state = 'queued' AND dedup_key IS NOT NULL)"));
    q.addBindValue(fromState);
    HM_TRY(m_db.run(q));
    // Twins among themselves (two syncs interrupted one after the other): the newest stays.
    QSqlQuery twins = m_db.query();
    twins.prepare(QStringLiteral(
        "UPDATE jobs SET state = 'cancelled', last_error = 'superseded by a newer job' "
        "WHERE state = ? AND dedup_key IS NOT NULL AND id NOT IN "
        "(SELECT MAX(id) FROM jobs WHERE state = ? AND dedup_key IS NOT NULL "
        "GROUP BY dedup_key)"));
    twins.addBindValue(fromState);
    twins.addBindValue(fromState);
    return m_db.run(twins);
}

Result<int> JobQueue::recoverInterrupted()
{
    HM_TRY(dropSupersededTwins(QStringLiteral("running")));
    QSqlQuery q = m_db.query();
    // A job the user cancelled while its runner died ends cancelled instead of running again.
    q.prepare(QStringLiteral(
        "UPDATE jobs SET state = CASE WHEN cancel_requested THEN 'cancelled' ELSE 'queued' END, "
        "next_attempt_ms = 0, last_error = CASE WHEN cancel_requested THEN 'cancelled by the "
        "user' ELSE 'interrupted; resumed' END WHERE state = 'running' RETURNING id, kind, state"));
    HM_TRY(m_db.run(q));
    int resumed = 0;
    while (q.next()) {
        if (q.value(2).toString() == QLatin1String("cancelled"))
            noteJob({JobChangeKind::Finished,
                     q.value(0).toLongLong(),
                     q.value(1).toString(),
                     JobState::Cancelled,
                     {},
                     QStringLiteral("cancelled by the user"),
                     {}});
        else
            ++resumed;
    }
    return resumed;
}

Result<int> JobQueue::unblock(const QString &kindPrefix)
{
    HM_TRY(dropSupersededTwins(QStringLiteral("blocked")));
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE jobs SET state = 'queued', next_attempt_ms = 0 "
                             "WHERE state = 'blocked' AND substr(kind, 1, ?) = ?"));
    q.addBindValue(kindPrefix.size());
    q.addBindValue(sqlText(kindPrefix));
    HM_TRY(m_db.run(q));
    return q.numRowsAffected();
}

Result<std::optional<qint64>> JobQueue::nextDueMs(const QStringList &kinds)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT MIN(next_attempt_ms) FROM jobs WHERE state = 'queued'") +
              kindFilter(kinds));
    HM_TRY(m_db.run(q));
    if (q.next() && !q.value(0).isNull())
        return std::optional<qint64>(q.value(0).toLongLong());
    return std::optional<qint64>();
}

Status JobQueue::settleFailures(const QString &dedupKey, qint64 successId)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE jobs SET state = 'cancelled', last_error = last_error || ' "
                             "(settled by a later success)' "
                             "WHERE state = 'failed' AND dedup_key = ? AND id < ?"));
    q.addBindValue(dedupKey);
    q.addBindValue(successId);
    return m_db.run(q);
}

Result<int> JobQueue::countActive(const QStringList &kinds)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral(
                  "SELECT COUNT(*) FROM jobs WHERE state IN ('queued', 'running', 'blocked')") +
              kindFilter(kinds));
    HM_TRY(m_db.run(q));
    return q.next() ? q.value(0).toInt() : 0;
}

Status JobQueue::purgeFinished(qint64 olderThanMs)
{
    QSqlQuery q = m_db.query();
    q.prepare(
        QStringLiteral("DELETE FROM jobs WHERE state IN ('done', 'cancelled') AND updated_ms < ?"));
    q.addBindValue(olderThanMs);
    return m_db.run(q);
}

} // namespace hawkmoth
