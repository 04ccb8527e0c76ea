#include "SyncPipeline.h"

#include "FileIndex.h"
#include "Reconciler.h"

#include <QDateTime>

#include <thread>

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
}

JobOutcome SyncPipeline::run(JobContext &ctx) const
{
    // One rescan for every step: changes made behind HAWKMOTH's back are persisted too. What it
    // finds is handled by this very job, so it queues no further sync.
    const StorageContext quiet = withoutAutoSync(ctx.context());
    {
        // On a thread of its own: the rescan keeps the pool's threads busy.
        const std::jthread warming([this] {
            for (const SyncStep &step : m_steps) {
                if (step.warmUp)
                    step.warmUp();
            }
        });
        if (auto scanned = Reconciler(ctx.workspace(), quiet).run({}, ctx.cancel()); !scanned)
            return JobOutcome::fromError(scanned.error());
    }
    JobOutcome worst = JobOutcome::done();
    QStringList messages;
    for (const SyncStep &step : m_steps) {
        if (ctx.isCancelled())
            return JobOutcome::cancelled();
        const JobOutcome outcome = step.run(ctx);
        if (outcome.kind != JobOutcome::Kind::Done)
            messages.append(step.name + QStringLiteral(": ") + outcome.message);
        if (severity(outcome.kind) > severity(worst.kind) ||
            (outcome.kind == worst.kind && outcome.retryAfterMs > worst.retryAfterMs))
            worst = outcome;
    }
    worst.message = messages.join(QStringLiteral("; "));
    if (worst.kind == JobOutcome::Kind::Done && m_kind == QLatin1String(jobKind)) {
        if (auto db = ctx.workspace().connect(); db)
            (void)FileIndex(**db).setMeta(QStringLiteral("lastSync"),
                                          QString::number(QDateTime::currentMSecsSinceEpoch()));
    }
    return worst;
}

} // namespace hawkmoth
