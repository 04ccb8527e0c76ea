#include "SyncPipeline.h"

#include "ChangeSink.h"
#include "FileIndex.h"
#include "JobQueue.h"
#include "PoolHelpers.h"
#include "Rescanner.h"

#include <QDateTime>

namespace hawkmoth {

namespace {

// Higher is more serious: a blocked step (credentials) outranks a retry, a retry outranks done.
int severity(JobOutcome::Kind kind)
{
    switch (kind) {
    case JobOutcome::Kind::Done:
        return 0;
    case JobOutcome::Kind::Retry:
        return 1;
    case JobOutcome::Kind::Fail:
        return 2;
    case JobOutcome::Kind::Block:
        return 3;
    case JobOutcome::Kind::Cancelled:
        return 4;
    }
    return 0;
}

} // namespace

void SyncPipeline::registerHandlers(JobHandlers &handlers) const
{
    handlers.add(m_kind, [this](JobContext &ctx) { return run(ctx); });
    handlers.add(heldKind(), [this](JobContext &ctx) { return run(ctx); });
}

QString SyncPipeline::heldStep(const Job &job)
{
    return job.payload.value(QLatin1String("step")).toString(job.kind);
}

QString SyncPipeline::describeWait(const Job &job)
{
    const QString step = isHeldKind(job.kind) ? heldStep(job) : job.kind;
    QString reason = job.lastError;
    if (reason.startsWith(step + QStringLiteral(": ")))
        reason = reason.mid(step.size() + 2);
    const QString until =
        QDateTime::fromMSecsSinceEpoch(job.nextAttemptMs, Qt::UTC).toString(Qt::ISODate);
    return reason.isEmpty() ? QStringLiteral("%1: waiting until %2").arg(step, until)
                            : QStringLiteral("%1: waiting until %2 (%3)").arg(step, until, reason);
}

namespace {

// The steps held back now, by step name, with the job that holds each.
QHash<QString, Job> activeHolds(const JobContext &ctx, const QString &heldKind)
{
    QHash<QString, Job> out;
    auto db = ctx.workspace().connect();
    if (!db)
        return out;
    auto queued = JobQueue(**db).list({JobState::Queued});
    if (!queued)
        return out;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (const Job &j : std::as_const(*queued)) {
        if (j.kind == heldKind && j.nextAttemptMs > now)
            out.insert(SyncPipeline::heldStep(j), j);
    }
    return out;
}

// Tells the process's listeners which step runs now, so a view can show as uploading only what
// that step sends (the hub's files, the git commit's). Nothing is written: a step is no state
// of the queue, and another process has no listener for it.
void announceStep(const JobContext &ctx, const QString &step)
{
    const std::shared_ptr<ChangeSink> &sink = ctx.workspace().changeSink();
    if (!sink)
        return;
    JobChange change;
    change.kind = JobChangeKind::Step;
    change.id = ctx.job().id;
    change.jobKind = ctx.job().kind;
    change.state = JobState::Running;
    change.step = step;
    sink->addJobs(ctx.workspace().name(), {change});
}

} // namespace

JobOutcome SyncPipeline::run(JobContext &ctx) const
{
    // One rescan for every step: changes made behind HAWKMOTH's back are persisted too. What it
    // finds is handled by this very job, so it queues no further sync.
    const StorageContext quiet = withoutAutoSync(ctx.context());
    {
        // Beside the rescan, on a free thread of the pool. Only a head start: a warm-up no thread
        // took before the rescan ended is dropped, and each step sets itself up when it runs.
        PoolHelpers warming(quiet.pool, 1, [this](int) {
            for (const SyncStep &step : m_steps) {
                if (step.warmUp)
                    step.warmUp();
            }
        });
        auto scanned = Rescanner(ctx.workspace(), quiet).run({}, ctx.cancel());
        warming.finish();
        if (!scanned)
            return JobOutcome::fromError(scanned.error());
    }
    // The held job itself runs every step, and a new wait holds it again.
    const bool isHeldJob = ctx.job().kind == heldKind();
    const QHash<QString, Job> holds =
        isHeldJob ? QHash<QString, Job>() : activeHolds(ctx, heldKind());
    JobOutcome worst = JobOutcome::done();
    QStringList messages;
    bool heldBack = false;
    for (const SyncStep &step : m_steps) {
        if (ctx.isCancelled())
            return JobOutcome::cancelled();
        if (const auto held = holds.constFind(step.name); held != holds.constEnd()) {
            ctx.note(describeWait(*held));
            heldBack = true;
            continue;
        }
        announceStep(ctx, step.name);
        JobOutcome outcome = step.run(ctx);
        if (outcome.kind != JobOutcome::Kind::Done && outcome.fault.step.isEmpty())
            outcome.fault.step = step.name;
        if (!isHeldJob && outcome.kind == JobOutcome::Kind::Retry && outcome.retryAfterMs > 0) {
            if (auto wait = holdStep(ctx, step, outcome); wait) {
                ctx.note(*wait);
                heldBack = true;
                continue;
            }
        }
        if (outcome.kind != JobOutcome::Kind::Done)
            messages.append(step.name + QStringLiteral(": ") + outcome.message);
        if (severity(outcome.kind) > severity(worst.kind) ||
            (outcome.kind == worst.kind && outcome.retryAfterMs > worst.retryAfterMs))
            worst = outcome;
    }
    worst.message = messages.join(QStringLiteral("; "));
    if (worst.kind == JobOutcome::Kind::Done && !heldBack && m_kind == QLatin1String(jobKind)) {
        // Only the time shown as "last sync" is lost when this fails: the sync itself landed, so
        // the job stays done and says what was not recorded.
        auto db = ctx.workspace().connect();
        const Status recorded =
            db ? FileIndex(**db).setMeta(QStringLiteral("lastSync"),
                                         QString::number(QDateTime::currentMSecsSinceEpoch()))
               : Status(db.error());
        if (!recorded)
            ctx.note(QStringLiteral("the time of this sync was not recorded: %1")
                         .arg(recorded.error().message));
    }
    return worst;
}

std::optional<QString> SyncPipeline::holdStep(const JobContext &ctx, const SyncStep &step,
                                              const JobOutcome &outcome) const
{
    auto db = ctx.workspace().connect();
    if (!db)
        return std::nullopt; // the whole job is held instead, as before
    QJsonObject payload = ctx.job().payload;
    payload.insert(QStringLiteral("step"), step.name);
    const qint64 until = QDateTime::currentMSecsSinceEpoch() + outcome.retryAfterMs;
    const QString prefix = step.name + QStringLiteral(": ");
    const QString reason =
        outcome.message.startsWith(prefix) ? outcome.message : prefix + outcome.message;
    auto id = JobQueue(**db).hold(heldKind(), payload, heldKind() + QLatin1Char(':') + step.name,
                                  until, reason);
    if (!id)
        return std::nullopt;
    auto job = JobQueue(**db).get(*id);
    if (!job || !job->has_value())
        return std::nullopt;
    return describeWait(**job);
}

} // namespace hawkmoth
