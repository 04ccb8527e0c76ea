// "sync", "push", "pull" and "run jobs": persist every pending change now, through the sync
// pipeline (hub, then git) and any other queued job, instead of waiting for the automatic,
// debounced sync. Each is a call on core.sync() whose outcome is formatted here.

#include "SyncCommands.h"

#include "CommandCatalog.h"
#include "Formatting.h"
#include "StorageCore.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

QString outcomeName(JobOutcome::Kind kind)
{
    static const char *const names[] = {"done", "retry", "failed", "blocked", "cancelled"};
    return QLatin1String(names[int(kind)]);
}

// verb: "sync", "push", "pull" or "run jobs"; requested: false for "run jobs", which reports
// what is left instead of failing on it.
CommandResult report(const Result<SyncOutcome> &ran, const QString &verb, bool requested)
{
    if (!ran)
        return fail(ran.error());
    const SyncOutcome &outcome = *ran;
    QJsonArray jobs;
    for (const FinishedJob &job : outcome.jobs)
        jobs.append(QJsonObject{{QStringLiteral("id"), double(job.id)},
                                {QStringLiteral("kind"), job.kind},
                                {QStringLiteral("outcome"), outcomeName(job.outcome)},
                                {QStringLiteral("message"), job.message}});
    const QJsonObject data{{QStringLiteral("workspace"), outcome.workspace},
                           {QStringLiteral("jobs"), jobs},
                           {QStringLiteral("pending"), outcome.pending},
                           {QStringLiteral("notes"), QJsonArray::fromStringList(outcome.notes)}};
    if (requested && !outcome.complete()) {
        const QString why =
            outcome.problems.isEmpty() ? outcome.waitingFor : outcome.problems.last();
        return {false,
                ErrorCode::Network,
                QStringLiteral("%1 of %2 incomplete: %3 job(s) pending; %4")
                    .arg(verb, outcome.workspace)
                    .arg(outcome.pending)
                    .arg(why),
                data,
                {}};
    }
    QStringList lines = outcome.notes;
    if (lines.isEmpty())
        lines.append(!requested && outcome.jobs.isEmpty() ? QStringLiteral("no job is due")
                                                          : QStringLiteral("nothing to do"));
    return CommandResult::success(
        QStringLiteral("%1 of %2: %3")
            .arg(verb, outcome.workspace, lines.join(QStringLiteral("; "))),
        data);
}

} // namespace

CommandResult runPipeline(ExecutionContext &ctx, SyncRequest request, const QString &verb)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    SyncOperations &sync = ctx.core.sync();
    if (ctx.wakeJobs) {
        auto queued = sync.queue(*ws, request).result();
        if (!queued)
            return fail(queued.error());
        ctx.wakeJobs(*ws);
        return CommandResult::success(
            QStringLiteral("%1 of %2 started (job %3)").arg(verb, ws->name()).arg(*queued),
            QJsonObject{{QStringLiteral("workspace"), ws->name()},
                        {QStringLiteral("started"), true},
                        {QStringLiteral("job"), double(*queued)}});
    }
    const OperationControl control = ctx.control();
    switch (request) {
    case SyncRequest::Sync:
        return report(sync.sync(*ws, control).result(), verb, true);
    case SyncRequest::Push:
        return report(sync.push(*ws, control).result(), verb, true);
    case SyncRequest::Pull:
        return report(sync.pull(*ws, control).result(), verb, true);
    }
    return fail(Error::invalid(QStringLiteral("unknown sync request")));
}

namespace {

// What the GUI's scheduler does in the background, once: for headless machines (cron, a
// systemd timer) that want automatic syncs without the window.
CommandResult runDueJobs(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return fail(ws.error());
    if (ctx.wakeJobs) {
        ctx.wakeJobs(*ws);
        return CommandResult::success(
            QStringLiteral("the background scheduler runs the jobs of %1").arg(ws->name()));
    }
    return report(ctx.core.sync().runDueJobs(*ws, ctx.control()).result(),
                  QStringLiteral("run jobs"), false);
}

} // namespace

void registerSyncCommands(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("sync"),
                 {QStringLiteral("sync"), QStringLiteral("sync now")},
                 QStringLiteral("sync"),
                 QStringLiteral("persist pending changes now (hub, then git commit and push)"),
                 [](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, SyncRequest::Sync, QStringLiteral("sync"));
                 }});
    catalog.add({QStringLiteral("push"),
                 {QStringLiteral("push")},
                 QStringLiteral("push"),
                 QStringLiteral("sync, and push to the git remote even with automatic pushing off"),
                 [](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, SyncRequest::Push, QStringLiteral("push"));
                 }});
    catalog.add({QStringLiteral("pull"),
                 {QStringLiteral("pull")},
                 QStringLiteral("pull"),
                 QStringLiteral("bring in what others pushed (git, then hub files)"),
                 [](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, SyncRequest::Pull, QStringLiteral("pull"));
                 }});
    catalog.add({QStringLiteral("run-jobs"),
                 {QStringLiteral("run jobs"), QStringLiteral("run due jobs")},
                 QStringLiteral("run jobs"),
                 QStringLiteral("run the queued jobs that are due (automatic syncs, retries), as "
                                "the GUI does in the background"),
                 runDueJobs});
}

} // namespace hawkmoth
