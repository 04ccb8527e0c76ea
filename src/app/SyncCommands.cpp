// "sync": persist every pending change now, through the sync pipeline (hub, then git) and any
// other queued job, instead of waiting for the automatic, debounced sync.

#include "CommandCatalog.h"
#include "JobQueue.h"
#include "SyncPipeline.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

// How long an explicit sync waits through retries (a 5xx burst, a short Retry-After) before it
// leaves the rest to the queue; the setting syncWaitSeconds changes it.
constexpr int defaultSyncWaitSeconds = 30;

// Why jobs of a pipeline kind are still queued: what each waits for, and until when.
QString waitingFor(const Workspace &ws, const QString &kind)
{
    QStringList out;
    if (auto db = ws.connect(); db) {
        if (auto queued = JobQueue(**db).list({JobState::Queued}); queued) {
            for (const Job &j : std::as_const(*queued)) {
                if (j.kind == kind || j.kind == SyncPipeline::heldKindOf(kind))
                    out.append(SyncPipeline::describeWait(j));
            }
        }
    }
    return out.isEmpty() ? QStringLiteral("still queued") : out.join(QStringLiteral("; "));
}

// Runs the jobs that are due: those of `firstKind` first (waiting through their retries), then
// the rest. Only the former decides the answer: a stale queued job failing afterwards is
// reported, not blamed on this command.
CommandResult runJobs(ExecutionContext &ctx, const Workspace &ws, const QString &firstKind,
                      const QString &verb)
{
    JobRunner runner(ws, ctx.storage, ctx.handlers);
    if (auto started = runner.start(10000); !started)
        return CommandResult::failure(started.error());
    QStringList lines;
    QJsonArray jobs;
    QStringList problems;
    bool other = firstKind.isEmpty(); // while running the jobs that were due anyway
    JobObserver observer;
    observer.note = [&](const Job &, const QString &line) {
        lines.append(line);
        if (ctx.note)
            ctx.note(line);
    };
    observer.finished = [&](const Job &job, const JobOutcome &outcome) {
        static const char *const kinds[] = {"done", "retry", "failed", "blocked", "cancelled"};
        jobs.append(
            QJsonObject{{QStringLiteral("id"), double(job.id)},
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
    int pending = 0;
    if (!firstKind.isEmpty()) {
        const qint64 waitMs = qint64(ctx.storage.settings.value(QStringLiteral("syncWaitSeconds"))
                                         .toInt(defaultSyncWaitSeconds)) *
                              1000;
        // With the part of it a server's Retry-After holds apart (see SyncPipeline).
        auto ran = runner.drain(ctx.cancel, observer, waitMs, &pending,
                                {firstKind, SyncPipeline::heldKindOf(firstKind)});
        if (!ran)
            return CommandResult::failure(ran.error());
        other = true;
    }
    int left = 0;
    if (auto rest = runner.drain(ctx.cancel, observer, 0, &left); !rest)
        return CommandResult::failure(rest.error());
    if (firstKind.isEmpty())
        pending = 0; // what waits for its time is not a failure of "run jobs"
    const QJsonObject data{{QStringLiteral("workspace"), ws.name()},
                           {QStringLiteral("jobs"), jobs},
                           {QStringLiteral("pending"), firstKind.isEmpty() ? left : pending},
                           {QStringLiteral("notes"), QJsonArray::fromStringList(lines)}};
    if (pending > 0 || !problems.isEmpty()) {
        const QString why = problems.isEmpty() ? waitingFor(ws, firstKind) : problems.last();
        return {false,
                ErrorCode::Network,
                QStringLiteral("%1 of %2 incomplete: %3 job(s) pending; %4")
                    .arg(verb, ws.name())
                    .arg(pending)
                    .arg(why),
                data,
                {}};
    }
    if (lines.isEmpty())
        lines.append(firstKind.isEmpty() && jobs.isEmpty() ? QStringLiteral("no job is due")
                                                           : QStringLiteral("nothing to do"));
    return CommandResult::success(
        QStringLiteral("%1 of %2: %3").arg(verb, ws.name(), lines.join(QStringLiteral("; "))),
        data);
}

// Queues a pipeline job (sync or pull) and runs it now, with everything else that is due; in the
// GUI the scheduler runs it instead.
CommandResult runPipeline(ExecutionContext &ctx, const QString &kind, const QJsonObject &payload,
                          const QString &verb)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    // Stays open while the jobs run: while any connection is open, the next ones share its WAL
    // index instead of rebuilding it from the whole WAL.
    auto db = ws->connect();
    if (!db)
        return CommandResult::failure(db.error());
    {
        // One transaction for the three writes: each commit of its own would cost a WAL append.
        auto tx = Transaction::begin(**db);
        if (!tx)
            return CommandResult::failure(tx.error());
        JobQueue queue(**db);
        // The user asked: what waits for quiet or backoff runs now (a server's Retry-After still
        // holds), and the job knows it was asked for (a rejected token is tried again).
        QJsonObject requested = payload;
        requested.insert(QStringLiteral("requested"), true);
        if (auto made = queue.enqueue(kind, requested, kind); !made)
            return CommandResult::failure(made.error());
        if (auto sped = queue.expedite(); !sped)
            return CommandResult::failure(sped.error());
        if (auto unblocked = queue.unblock(); !unblocked)
            return CommandResult::failure(unblocked.error());
        if (auto committed = (*tx)->commit(); !committed)
            return CommandResult::failure(committed.error());
    }
    if (ctx.wakeJobs) {
        ctx.wakeJobs(*ws);
        return CommandResult::success(QStringLiteral("%1 of %2 started").arg(verb, ws->name()),
                                      QJsonObject{{QStringLiteral("started"), true}});
    }
    return runJobs(ctx, *ws, kind, verb);
}

// What the GUI's scheduler does in the background, once: for headless machines (cron, a
// systemd timer) that want automatic syncs without the window.
CommandResult runDueJobs(const Command &, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    if (ctx.wakeJobs) {
        ctx.wakeJobs(*ws);
        return CommandResult::success(
            QStringLiteral("the background scheduler runs the jobs of %1").arg(ws->name()));
    }
    return runJobs(ctx, *ws, {}, QStringLiteral("run jobs"));
}

} // namespace

void registerSyncCommands(CommandCatalog &catalog)
{
    const QString sync = QString::fromLatin1(SyncPipeline::jobKind);
    catalog.add({QStringLiteral("sync"),
                 {QStringLiteral("sync"), QStringLiteral("sync now")},
                 QStringLiteral("sync"),
                 QStringLiteral("persist pending changes now (hub, then git commit and push)"),
                 [sync](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, sync, {}, QStringLiteral("sync"));
                 }});
    catalog.add({QStringLiteral("push"),
                 {QStringLiteral("push")},
                 QStringLiteral("push"),
                 QStringLiteral("sync, and push to the git remote even with automatic pushing off"),
                 [sync](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, sync, {{QStringLiteral("push"), true}},
                                        QStringLiteral("push"));
                 }});
    catalog.add({QStringLiteral("pull"),
                 {QStringLiteral("pull")},
                 QStringLiteral("pull"),
                 QStringLiteral("bring in what others pushed (git, then hub files)"),
                 [](const Command &, ExecutionContext &ctx) {
                     return runPipeline(ctx, QString::fromLatin1(SyncPipeline::pullJobKind), {},
                                        QStringLiteral("pull"));
                 }});
    catalog.add({QStringLiteral("run-jobs"),
                 {QStringLiteral("run jobs"), QStringLiteral("run due jobs")},
                 QStringLiteral("run jobs"),
                 QStringLiteral("run the queued jobs that are due (automatic syncs, retries), as "
                                "the GUI does in the background"),
                 runDueJobs});
}

} // namespace hawkmoth
