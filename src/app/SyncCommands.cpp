// "sync": persist every pending change now, through the sync pipeline (hub, then git) and any
// other queued job, instead of waiting for the automatic, debounced sync.

#include "CommandCatalog.h"
#include "JobQueue.h"
#include "SyncPipeline.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

// How long an explicit sync waits through retries (a 5xx burst, a short Retry-After) before it
// leaves the rest to the queue.
constexpr qint64 syncMaxWaitMs = 30 * 1000;

// Queues a pipeline job (sync or pull) and runs it now, with everything else that is due; in the
// GUI the scheduler runs it instead.
CommandResult runPipeline(ExecutionContext &ctx, const QString &kind, const QJsonObject &payload, const QString &verb)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    {
        auto db = ws->connect();
        if (!db)
            return CommandResult::failure(db.error());
        JobQueue queue(**db);
        // The user asked: what waits for quiet or backoff runs now (a server's Retry-After still holds).
        if (auto made = queue.enqueue(kind, payload, kind); !made)
            return CommandResult::failure(made.error());
        if (auto sped = queue.expedite(); !sped)
            return CommandResult::failure(sped.error());
        if (auto unblocked = queue.unblock(); !unblocked)
            return CommandResult::failure(unblocked.error());
    }
    if (ctx.wakeJobs) {
        ctx.wakeJobs(*ws);
        return CommandResult::success(QStringLiteral("%1 of %2 started").arg(verb, ws->name()),
                                      QJsonObject{{QStringLiteral("started"), true}});
    }
    JobRunner runner(*ws, ctx.storage, ctx.handlers);
    if (auto started = runner.start(10000); !started)
        return CommandResult::failure(started.error());
    QStringList lines;
    QJsonArray jobs;
    QStringList problems;
    bool other = false; // while running the jobs that were due anyway, after the one asked for
    JobObserver observer;
    observer.note = [&](const Job &, const QString &line) {
        lines.append(line);
        if (ctx.note)
            ctx.note(line);
    };
    observer.finished = [&](const Job &job, const JobOutcome &outcome) {
        static const char *const kinds[] = {"done", "retry", "failed", "blocked", "cancelled"};
        jobs.append(QJsonObject{{QStringLiteral("id"), double(job.id)},
                                {QStringLiteral("kind"), job.kind},
                                {QStringLiteral("outcome"), QLatin1String(kinds[int(outcome.kind)])},
                                {QStringLiteral("message"), outcome.message}});
        if (outcome.kind != JobOutcome::Kind::Done) {
            if (other)
                lines.append(QStringLiteral("%1: %2").arg(job.kind, outcome.message));
            else
                problems.append(outcome.message);
        }
    };
    // What the user asked for runs first; then whatever else is due. Only the former decides the
    // answer: a stale queued job failing afterwards is reported, not blamed on this command.
    int pending = 0;
    auto ran = runner.drain(ctx.cancel, observer, syncMaxWaitMs, &pending, {kind});
    if (!ran)
        return CommandResult::failure(ran.error());
    other = true;
    if (auto rest = runner.drain(ctx.cancel, observer, 0); !rest)
        return CommandResult::failure(rest.error());
    const QJsonObject data{{QStringLiteral("workspace"), ws->name()},
                           {QStringLiteral("jobs"), jobs},
                           {QStringLiteral("pending"), pending},
                           {QStringLiteral("notes"), QJsonArray::fromStringList(lines)}};
    if (pending > 0 || !problems.isEmpty()) {
        const QString why = problems.isEmpty() ? QStringLiteral("still queued") : problems.last();
        return {false, ErrorCode::Network,
                QStringLiteral("%1 of %2 incomplete: %3 job(s) pending; %4").arg(verb, ws->name()).arg(pending).arg(why),
                data, {}};
    }
    if (lines.isEmpty())
        lines.append(QStringLiteral("nothing to do"));
    return CommandResult::success(QStringLiteral("%1 of %2: %3").arg(verb, ws->name(), lines.join(QStringLiteral("; "))),
                                  data);
}

} // namespace

void registerSyncCommands(CommandCatalog &catalog)
{
    const QString sync = QString::fromLatin1(SyncPipeline::jobKind);
    catalog.add({QStringLiteral("sync"), {QStringLiteral("sync"), QStringLiteral("sync now")},
                 QStringLiteral("sync"), QStringLiteral("persist pending changes now (hub, then git commit and push)"),
                 [sync](const Command &, ExecutionContext &ctx) { return runPipeline(ctx, sync, {}, QStringLiteral("sync")); }});
    catalog.add({QStringLiteral("push"), {QStringLiteral("push")}, QStringLiteral("push"),
                 QStringLiteral("sync, and push to the git remote even with automatic pushing off"),
                 [sync](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, sync, {{QStringLiteral("push"), true}}, QStringLiteral("push"));
                 }});
    catalog.add({QStringLiteral("pull"), {QStringLiteral("pull")}, QStringLiteral("pull"),
                 QStringLiteral("bring in what others pushed (git, then hub files)"),
                 [](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, QString::fromLatin1(SyncPipeline::pullJobKind), {}, QStringLiteral("pull"));
                 }});
}

} // namespace hawkmoth
