// "jobs": the persisted job queue of a workspace, and the user's cancel, retry and unblock of one
// job. Parsing and formatting only: the work is core.jobs() (JobControl).

#include "JobCommands.h"

#include "CommandCatalog.h"
#include "Formatting.h"
#include "StorageCore.h"

#include <QDateTime>
#include <QJsonArray>

namespace hawkmoth {

Result<std::optional<DrainReport>> runJobsNow(ExecutionContext &ctx, const Workspace &ws,
                                              const QStringList &kinds)
{
    if (ctx.wakeJobs) {
        ctx.wakeJobs(ws);
        return std::optional<DrainReport>();
    }
    auto run = ctx.core.jobs().runDue(ws, kinds, 0, ctx.cancel).result();
    if (!run)
        return run.error();
    return std::optional<DrainReport>(*run);
}

namespace {

QJsonValue timeJson(qint64 ms)
{
    return ms > 0 ? QJsonValue(isoTime(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC))) : QJsonValue();
}

QJsonObject jobJson(const Job &j)
{
    const bool waits = j.state == JobState::Queued && j.nextAttemptMs > 0;
    return QJsonObject{
        {QStringLiteral("id"), double(j.id)},
        {QStringLiteral("kind"), j.kind},
        {QStringLiteral("state"), jobStateName(j.state)},
        {QStringLiteral("attempts"), j.attempts},
        {QStringLiteral("nextAttempt"), waits ? timeJson(j.nextAttemptMs) : QJsonValue()},
        {QStringLiteral("heldUntil"), timeJson(j.holdUntilMs)},
        {QStringLiteral("error"), j.lastError},
        {QStringLiteral("cancelRequested"), j.cancelRequested},
        {QStringLiteral("progress"), progressJson(j.progress)},
        {QStringLiteral("created"), timeJson(j.createdMs)},
        {QStringLiteral("updated"), timeJson(j.updatedMs)}};
}

QString progressText(const Progress &p)
{
    QStringList parts;
    if (p.filesTotal > 0)
        parts.append(QStringLiteral("%1/%2 files").arg(p.filesDone).arg(p.filesTotal));
    if (p.objectsTotal > 0)
        parts.append(QStringLiteral("%1/%2 objects").arg(p.objectsDone).arg(p.objectsTotal));
    if (p.bytesTotal > 0)
        parts.append(
            QStringLiteral("%1 of %2").arg(humanBytes(p.bytesDone), humanBytes(p.bytesTotal)));
    else if (p.bytesDone > 0)
        parts.append(humanBytes(p.bytesDone));
    return parts.join(QStringLiteral(", "));
}

QString jobLine(const Job &j)
{
    QStringList details;
    if (j.state == JobState::Running || j.progress.filesDone + j.progress.objectsDone > 0) {
        if (const QString p = progressText(j.progress); !p.isEmpty())
            details.append(p);
    }
    if (j.cancelRequested && j.state == JobState::Running)
        details.append(QStringLiteral("cancelling"));
    if (j.attempts > 0)
        details.append(QStringLiteral("attempt %1").arg(j.attempts));
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (j.state == JobState::Queued && j.nextAttemptMs > now)
        details.append(QStringLiteral("%1 %2")
                           .arg(j.holdUntilMs > now ? QStringLiteral("held until")
                                                    : QStringLiteral("next attempt"))
                           .arg(isoTime(QDateTime::fromMSecsSinceEpoch(j.nextAttemptMs, Qt::UTC))));
    if (!j.lastError.isEmpty() && j.state != JobState::Done)
        details.append(j.lastError);
    QString line =
        QStringLiteral("  %1  %2  %3").arg(j.id, 4).arg(j.kind, -12).arg(jobStateName(j.state), -9);
    if (!details.isEmpty())
        line += QStringLiteral("  ") + details.join(QStringLiteral("; "));
    while (line.endsWith(QLatin1Char(' ')))
        line.chop(1);
    return line;
}

CommandResult listJobs(const Command &cmd, ExecutionContext &ctx)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    auto jobs = ctx.core.jobs().list(*ws, cmd.flag(QStringLiteral("all"))).result();
    if (!jobs)
        return CommandResult::failure(jobs.error());
    QStringList lines;
    QJsonArray data;
    for (const Job &j : std::as_const(*jobs)) {
        lines.append(jobLine(j));
        data.append(jobJson(j));
    }
    const QString text = lines.isEmpty() ? QStringLiteral("no jobs in %1").arg(ws->name())
                                         : QStringLiteral("jobs of %1:\n").arg(ws->name()) +
                                               lines.join(QLatin1Char('\n'));
    return CommandResult::success(text, QJsonObject{{QStringLiteral("workspace"), ws->name()},
                                                    {QStringLiteral("jobs"), data}});
}

// Runs f on the workspace and the job the command names; answers itself when it names none.
CommandResult withJob(const Command &cmd, ExecutionContext &ctx,
                      const std::function<CommandResult(const Workspace &, qint64)> &f)
{
    auto ws = ctx.workspace();
    if (!ws)
        return CommandResult::failure(ws.error());
    bool ok = false;
    const qint64 id = cmd.option(QStringLiteral("id")).toLongLong(&ok);
    if (!ok || id <= 0)
        return CommandResult::usageFailure(
            Error::invalid(QStringLiteral("a job id is a number (see 'hawkmoth jobs')")));
    return f(*ws, id);
}

// "retry" and "unblock": the job is due now; the CLI runs it at once and says how it ended.
CommandResult releaseJob(ExecutionContext &ctx, const Workspace &ws, qint64 id, bool unblock)
{
    JobControl &jobs = ctx.core.jobs();
    auto job = (unblock ? jobs.unblock(ws, id) : jobs.retry(ws, id)).result();
    if (!job)
        return CommandResult::failure(job.error());
    const QString verb = unblock ? QStringLiteral("unblocked") : QStringLiteral("retried");
    auto run = runJobsNow(ctx, ws, {job->kind});
    if (!run)
        return CommandResult::failure(run.error());
    QJsonObject data = jobJson(*job);
    if (!run->has_value())
        return CommandResult::success(QStringLiteral("%1 job %2 (%3); it runs in the background")
                                          .arg(verb)
                                          .arg(id)
                                          .arg(job->kind),
                                      data);
    auto now = jobs.list(ws, true).result();
    if (!now)
        return CommandResult::failure(now.error());
    for (const Job &j : std::as_const(*now)) {
        if (j.id == id)
            data = jobJson(j);
    }
    const QString state = data.value(QLatin1String("state")).toString();
    const QString error = data.value(QLatin1String("error")).toString();
    const bool done = state == jobStateName(JobState::Done);
    QString text = QStringLiteral("%1 job %2 (%3): %4").arg(verb).arg(id).arg(job->kind, state);
    if (!done && !error.isEmpty())
        text += QStringLiteral(" (%1)").arg(error);
    if (!done)
        return {false, ErrorCode::Internal, text, data, {}, false};
    return CommandResult::success(text, data);
}

CommandResult cancelJob(ExecutionContext &ctx, const Workspace &ws, qint64 id)
{
    auto job = ctx.core.jobs().cancel(ws, id).result();
    if (!job)
        return CommandResult::failure(job.error());
    const QString text =
        job->state == JobState::Cancelled
            ? QStringLiteral("cancelled job %1 (%2)").arg(id).arg(job->kind)
            : QStringLiteral("job %1 (%2) is running; it stops at its next step and ends cancelled")
                  .arg(id)
                  .arg(job->kind);
    return CommandResult::success(text, jobJson(*job));
}

CommandResult cancelJobCommand(const Command &cmd, ExecutionContext &ctx)
{
    return withJob(cmd, ctx,
                   [&ctx](const Workspace &ws, qint64 id) { return cancelJob(ctx, ws, id); });
}

CommandResult retryJobCommand(const Command &cmd, ExecutionContext &ctx)
{
    return withJob(cmd, ctx, [&ctx](const Workspace &ws, qint64 id) {
        return releaseJob(ctx, ws, id, false);
    });
}

CommandResult unblockJobCommand(const Command &cmd, ExecutionContext &ctx)
{
    return withJob(
        cmd, ctx, [&ctx](const Workspace &ws, qint64 id) { return releaseJob(ctx, ws, id, true); });
}

// The CLI's "jobs [cancel|retry|unblock ID]".
CommandResult jobsCommand(const Command &cmd, ExecutionContext &ctx)
{
    const QString action = cmd.option(QStringLiteral("action"));
    if (action.isEmpty())
        return listJobs(cmd, ctx);
    const bool named = cmd.options.contains(QStringLiteral("id"));
    if (action == QLatin1String("cancel") && named)
        return cancelJobCommand(cmd, ctx);
    if (action == QLatin1String("retry") && named)
        return retryJobCommand(cmd, ctx);
    if (action == QLatin1String("unblock") && named)
        return unblockJobCommand(cmd, ctx);
    return CommandResult::usageFailure(Error::invalid(
        QStringLiteral("usage: hawkmoth jobs [cancel|retry|unblock ID] [--all] [--json]")));
}

} // namespace

void registerJobCommands(CommandCatalog &catalog)
{
    catalog.add({QStringLiteral("jobs"),
                 {QStringLiteral("jobs"), QStringLiteral("list jobs"), QStringLiteral("show jobs")},
                 QStringLiteral("list jobs"),
                 QStringLiteral("the background jobs: kind, state, progress, attempts, errors"),
                 jobsCommand});
    catalog.add({QStringLiteral("cancel-job"),
                 {QStringLiteral("cancel job <id>")},
                 QStringLiteral("cancel job ID"),
                 QStringLiteral("cancel a job for good (a running one is stopped)"),
                 cancelJobCommand});
    catalog.add({QStringLiteral("retry-job"),
                 {QStringLiteral("retry job <id>")},
                 QStringLiteral("retry job ID"),
                 QStringLiteral("run a failed or backing-off job now"),
                 retryJobCommand});
    catalog.add({QStringLiteral("unblock-job"),
                 {QStringLiteral("unblock job <id>")},
                 QStringLiteral("unblock job ID"),
                 QStringLiteral("run a job blocked on credentials or held by a server now"),
                 unblockJobCommand});
}

} // namespace hawkmoth
