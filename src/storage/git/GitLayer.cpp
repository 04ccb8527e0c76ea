#include "GitLayer.h"

#include "FileIndex.h"
#include "GitCommitter.h"
#include "GitExcludes.h"
#include "GitPushLimits.h"
#include "GitTransport.h"
#include "JobQueue.h"
#include "Rescanner.h"

#include <algorithm>

namespace hawkmoth::git {

Status initializeWorkspace(const Workspace &workspace)
{
    auto repo = Repository::openOrInit(workspace.root());
    if (!repo)
        return repo.error();
    // From the first commit on, HAWKMOTH's own data stays out (but manifest and policy).
    return Excludes::update(QString::fromUtf8(git_repository_path(repo->get())), {});
}

namespace {

// Names the files a commit had to leave out: they are not safe until they can be read.
void noteUnreadable(JobContext &ctx, const CommitSummary &summary)
{
    if (!summary.unreadable.isEmpty())
        ctx.note(QStringLiteral("git: skipped %1 unreadable file(s), not committed: %2")
                     .arg(summary.unreadable.size())
                     .arg(summary.unreadable.join(QStringLiteral(", "))));
}

// Whether another job waits because a Hub token was refused: by the hub step, or by a push to the
// Hub (both use the one Hugging Face token).
bool hubTokenRefusedBefore(const JobContext &ctx)
{
    auto db = ctx.workspace().connect();
    if (!db)
        return false;
    auto blocked = JobQueue(**db).list({JobState::Blocked});
    if (!blocked)
        return false;
    return std::any_of(blocked->cbegin(), blocked->cend(), [&ctx](const Job &j) {
        return j.id != ctx.job().id && j.fault.code == ErrorCode::Unauthenticated &&
               (j.fault.step == QLatin1String("hub") || j.fault.step == QLatin1String("git"));
    });
}

} // namespace

JobOutcome syncStep(JobContext &ctx)
{
    const bool push = ctx.job().payload.value(QLatin1String("push")).toBool();
    auto repo = Repository::openOrInit(ctx.workspace().root());
    if (!repo)
        return JobOutcome::fromError(repo.error());
    // The job runner's lock is held: any lock file here was left by a process that died.
    if (auto cleared = repo->clearStaleLocks(); !cleared)
        return JobOutcome::fromError(cleared.error());
    Committer committer(*repo, ctx.workspace(), ctx.context());
    auto summary =
        committer.commitAll(ctx.cancel(), [&ctx](const Progress &p) { ctx.reportProgress(p); });
    if (!summary)
        return JobOutcome::fromError(summary.error().context(QStringLiteral("git")));
    if (!summary->blockedByConflicts.isEmpty()) {
        ctx.note(QStringLiteral("git: merge waits for %1 conflicting file(s) to be edited: %2")
                     .arg(summary->blockedByConflicts.size())
                     .arg(summary->blockedByConflicts.join(QStringLiteral(", "))));
        return JobOutcome::done(); // nothing to retry: the user acts, and the next save syncs again
    }
    noteUnreadable(ctx, *summary);
    if (summary->committed)
        ctx.note(
            QStringLiteral("git: committed %1 (%2)").arg(summary->message, summary->oid.left(7)));
    auto url = repo->remoteUrl();
    if (!url)
        return JobOutcome::fromError(url.error());
    const bool autoPush = ctx.context().settings.value(QStringLiteral("autoPush")).toBool(true);
    if (url->isEmpty() || !(push || autoPush))
        return JobOutcome::done();
    auto head = repo->headCommit();
    if (!head || !head->has_value())
        return JobOutcome::done(); // nothing committed yet: nothing to push
    // After the Hub refused the token, automatic syncs commit but do not ask it again at every
    // save: the push waits for a login or for a push or sync the user asks for.
    if (!ctx.job().payload.value(QLatin1String("requested")).toBool() &&
        PushLimits::appliesTo(*url, ctx.context().settings) && hubTokenRefusedBefore(ctx))
        return JobOutcome::block(
            QStringLiteral("git: not pushed to %1, the Hub refused the token; run 'hawkmoth "
                           "login' or 'hawkmoth push'")
                .arg(Transport::redact(*url)),
            ErrorCode::Unauthenticated);
    Transport transport(ctx.context(), ctx.cancel(),
                        [&ctx](const Progress &p) { ctx.reportProgress(p); });
    if (auto pushed = transport.push(*repo); !pushed) {
        if (pushed.error().code == ErrorCode::Conflict)
            return JobOutcome::fail(pushed.error().message); // retrying cannot help: pull first
        return JobOutcome::fromError(pushed.error());
    }
    if (transport.pushedCommits())
        ctx.note(QStringLiteral("git: pushed to %1").arg(Transport::redact(*url)));
    else
        ctx.note(
            QStringLiteral("git: nothing to push; %1 is up to date").arg(Transport::redact(*url)));
    return JobOutcome::done();
}

JobOutcome pullStep(JobContext &ctx)
{
    const Workspace &ws = ctx.workspace();
    auto repo = Repository::openOrInit(ws.root());
    if (!repo)
        return JobOutcome::fromError(repo.error());
    if (auto cleared = repo->clearStaleLocks(); !cleared)
        return JobOutcome::fromError(cleared.error());
    auto url = repo->remoteUrl();
    if (!url)
        return JobOutcome::fromError(url.error());
    if (url->isEmpty()) {
        ctx.note(QStringLiteral("git: no remote set; nothing to pull"));
        return JobOutcome::done();
    }
    // Local changes are committed first: a pull never puts an uncommitted edit at risk.
    Committer committer(*repo, ws, ctx.context());
    auto before = committer.commitAll(ctx.cancel());
    if (!before)
        return JobOutcome::fromError(before.error());
    noteUnreadable(ctx, *before);
    if (!before->blockedByConflicts.isEmpty()) {
        return JobOutcome::fail(
            QStringLiteral("resolve the earlier conflicts first (edit %1, then sync)")
                .arg(before->blockedByConflicts.join(QStringLiteral(", "))));
    }
    Transport transport(ctx.context(), ctx.cancel(),
                        [&ctx](const Progress &p) { ctx.reportProgress(p); });
    auto pulled = transport.pull(*repo, ws);
    if (!pulled)
        return JobOutcome::fromError(pulled.error());
    // The files changed on disk: bring the HAWKMOTH index up to date, then record the conflicts.
    if (auto scanned = Rescanner(ws, withoutAutoSync(ctx.context())).run({}, ctx.cancel());
        !scanned)
        return JobOutcome::fromError(scanned.error());
    switch (pulled->kind) {
    case PullSummary::Kind::UpToDate:
        ctx.note(QStringLiteral("git: already up to date"));
        break;
    case PullSummary::Kind::NoRemoteBranch:
        ctx.note(QStringLiteral("git: the remote has no branch %1 yet").arg(repo->branch()));
        break;
    case PullSummary::Kind::FastForward:
    case PullSummary::Kind::Merged:
        ctx.note(QStringLiteral("git: %1 %2")
                     .arg(pulled->kind == PullSummary::Kind::Merged
                              ? QStringLiteral("merged")
                              : QStringLiteral("fast-forwarded to"))
                     .arg(pulled->theirs.left(7)));
        break;
    case PullSummary::Kind::Conflicts: {
        auto db = ws.connect();
        if (!db)
            return JobOutcome::fromError(db.error());
        FileIndex index(**db);
        for (const QString &path : std::as_const(pulled->conflicts)) {
            auto row = index.get(path);
            Status marked = row ? Status() : Status(row.error());
            if (row && row->has_value())
                marked = index.setState(
                    path, SyncState::Conflict,
                    QStringLiteral(
                        "changed here and on the remote; the remote version is beside it"));
            if (!marked)
                return JobOutcome::fromError(
                    marked.error().context(QStringLiteral("git: recording the conflicts")));
        }
        ctx.note(
            QStringLiteral(
                "git: %1 file(s) changed on both sides: %2. Your version stays in place; the "
                "remote version is in %3. Edit each file to the content you want, then sync to "
                "commit the merge.")
                .arg(pulled->conflicts.size())
                .arg(pulled->conflicts.join(QStringLiteral(", ")),
                     pulled->remoteCopies.join(QStringLiteral(", "))));
        return JobOutcome::done();
    }
    }
    // What arrived is what HEAD holds now: mark it synced (no commit, as nothing differs).
    if (auto after = committer.commitAll(ctx.cancel()); !after)
        return JobOutcome::fromError(after.error());
    return JobOutcome::done();
}

void install(WorkspaceRegistry &registry, SyncPipeline &sync, SyncPipeline &pull)
{
    registry.addInitializer(&initializeWorkspace);
    // libgit2's set-up parses the system's CA certificates (several ms), local commits or not.
    sync.addStep({QStringLiteral("git"), &syncStep, &ensureInitialized});
    pull.addStep({QStringLiteral("git"), &pullStep, &ensureInitialized});
}

} // namespace hawkmoth::git
