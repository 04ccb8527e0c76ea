#include "SyncOnDemand.h"

#include "JobQueue.h"
#include "SyncPipeline.h"

namespace hawkmoth {

SyncOnDemand::SyncOnDemand(const Workspace &workspace, const StorageContext &context,
                           const JobHandlers &handlers)
    : m_workspace(workspace)
    , m_context(context)
    , m_handlers(handlers)
{}

QString SyncOnDemand::jobKind(SyncRequest request)
{
    return QString::fromLatin1(request == SyncRequest::Pull ? SyncPipeline::pullJobKind
                                                            : SyncPipeline::jobKind);
}

Result<qint64> SyncOnDemand::enqueue(SqliteConnection &db, SyncRequest request)
{
    // One transaction for the three writes: each commit of its own would cost a WAL append.
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    JobQueue queue(db);
    // The user asked: what waits for quiet or backoff runs now (a server's Retry-After still
    // holds), and the job knows it was asked for (a rejected token is tried again).
    QJsonObject payload{{QStringLiteral("requested"), true}};
    if (request == SyncRequest::Push)
        payload.insert(QStringLiteral("push"), true);
    const QString kind = jobKind(request);
    auto id = queue.enqueue(kind, payload, kind);
    if (!id)
        return id.error();
    HM_TRY(queue.expedite());
    if (auto unblocked = queue.unblock(); !unblocked)
        return unblocked.error();
    HM_TRY((*tx)->commit());
    return *id;
}

Result<qint64> SyncOnDemand::queue(SyncRequest request)
{
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    return enqueue(**db, request);
}

Result<SyncOutcome> SyncOnDemand::run(SyncRequest request, const OperationControl &control)
{
    // Stays open while the jobs run: while any connection is open, the next ones share its WAL
    // index instead of rebuilding it from the whole WAL.
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    auto id = enqueue(**db, request);
    if (!id)
        return id.error();
    auto outcome = runJobs(jobKind(request), control);
    if (outcome)
        outcome->queuedJob = *id;
    return outcome;
}

Result<SyncOutcome> SyncOnDemand::runDueJobs(const OperationControl &control)
{
    return runJobs({}, control);
}

QString SyncOnDemand::waitingFor(const QString &kind) const
{
    QStringList out;
    if (auto db = m_workspace.read(); db) {
        if (auto queued = JobQueue(**db).list({JobState::Queued}); queued) {
            for (const Job &j : std::as_const(*queued)) {
                if (j.kind == kind || j.kind == SyncPipeline::heldKindOf(kind))
                    out.append(SyncPipeline::describeWait(j));
            }
        }
    }
    return out.isEmpty() ? QStringLiteral("still queued") : out.join(QStringLiteral("; "));
}

Result<SyncOutcome> SyncOnDemand::runJobs(const QString &firstKind, const OperationControl &control)
{
    JobDrain drain(m_workspace, m_context, m_handlers);
    HM_TRY(drain.start());
    SyncOutcome outcome;
    outcome.workspace = m_workspace.name();
    bool other = firstKind.isEmpty(); // while running the jobs that were due anyway
    JobObserver observer;
    observer.note = [&](const Job &, const QString &line) {
        outcome.notes.append(line);
        control.say(line);
    };
    observer.finished = [&](const Job &job, const JobOutcome &result) {
        if (result.kind == JobOutcome::Kind::Done)
            return;
        if (other)
            outcome.notes.append(QStringLiteral("%1: %2").arg(job.kind, result.message));
        else
            outcome.problems.append(result.message);
    };
    int pending = 0;
    if (!firstKind.isEmpty()) {
        const qint64 waitMs = qint64(m_context.settings.value(QStringLiteral("syncWaitSeconds"))
                                         .toInt(defaultWaitSeconds)) *
                              1000;
        // With the part of it a server's Retry-After holds apart (see SyncPipeline).
        auto ran = drain.run({firstKind, SyncPipeline::heldKindOf(firstKind)}, waitMs,
                             control.cancel, observer);
        if (!ran)
            return ran.error();
        outcome.jobs = ran->finished;
        pending = ran->pending;
        other = true;
    }
    auto rest = drain.run({}, 0, control.cancel, observer);
    if (!rest)
        return rest.error();
    outcome.jobs.append(rest->finished);
    // What waits for its time is not a failure of "run jobs": it reports what is left instead.
    outcome.pending = firstKind.isEmpty() ? rest->pending : pending;
    if (!firstKind.isEmpty() && pending > 0 && outcome.problems.isEmpty())
        outcome.waitingFor = waitingFor(firstKind);
    return outcome;
}

} // namespace hawkmoth
