#include "LayerMover.h"

#include "ChangeTransaction.h"
#include "FileIndex.h"
#include "JobQueue.h"
#include "PolicyChanges.h"

#include <QJsonArray>

namespace hawkmoth {

LayerMover::LayerMover(const Workspace &workspace, const StorageContext &context)
    : m_workspace(workspace)
    , m_context(context)
{}

Result<qint64> LayerMover::queue(const QJsonObject &payload)
{
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    return JobQueue(**db).enqueue(QString::fromLatin1(jobKind), payload);
}

Result<qint64> LayerMover::pin(const QString &path, std::optional<Layer> layer)
{
    auto checked = m_workspace.target(path, {.followLinks = true});
    if (!checked)
        return checked.error();
    const QString &rel = checked->rel;
    const bool isFolder = checked->stat && checked->stat->isDir();
    if (!isFolder) {
        auto db = m_workspace.connect();
        if (!db)
            return db.error();
        auto known = FileIndex(**db).get(rel);
        if (!known)
            return known.error();
        if (!known->has_value() && !checked->stat)
            return Error::notFound(QStringLiteral("'%1' does not exist in workspace '%2'")
                                       .arg(rel, m_workspace.name()));
    }
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    const QString key = isFolder ? rel + QLatin1Char('/') : rel;
    policy->setPin(key, layer);
    HM_TRY(m_workspace.savePolicy(*policy));
    return queue({{QStringLiteral("paths"), QJsonArray{rel}}});
}

Result<qint64> LayerMover::setRules(const QList<PolicyRule> &rules)
{
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    policy->setRules(rules);
    HM_TRY(m_workspace.savePolicy(*policy));
    // Written here by the user: these rules may take files out of git into the session layer.
    HM_TRY(PolicyChanges(m_workspace).markRulesOwned(*policy));
    policy->setRulesOwned(true);
    return queue({{QStringLiteral("all"), true}});
}

void LayerMover::registerHandlers(JobHandlers &handlers)
{
    handlers.add(QString::fromLatin1(jobKind), &LayerMover::runJob);
}

JobOutcome LayerMover::runJob(JobContext &ctx)
{
    const Workspace &ws = ctx.workspace();
    auto policy = ws.policy();
    if (!policy)
        return JobOutcome::fromError(policy.error());
    auto change = ChangeTransaction::begin(ws, *policy, ctx.context());
    if (!change)
        return JobOutcome::fromError(change.error());
    ChangeRecorder &recorder = change->recorder();

    FileEntries affected;
    const QJsonObject payload = ctx.job().payload;
    if (payload.value(QLatin1String("all")).toBool()) {
        auto all = recorder.index().all();
        if (!all)
            return JobOutcome::fromError(all.error());
        affected = *all;
    }
    for (const QJsonValue &v : payload.value(QLatin1String("paths")).toArray()) {
        const QString path = v.toString();
        if (auto one = recorder.index().get(path); one && one->has_value())
            affected.append(**one);
        if (auto below = recorder.index().list(path, true); below)
            affected.append(*below);
    }

    Progress p;
    p.filesTotal = affected.size();
    for (FileEntry e : std::as_const(affected)) {
        if (ctx.isCancelled())
            return JobOutcome::cancelled();
        const Layer before = e.layer;
        e.layer = policy->decideFor(e.path, e.size, e.binary, before);
        e.pinned = policy->pin(e.path);
        if (e.layer != before) {
            if (e.layer == Layer::Session)
                e.state = SyncState::LocalOnly;
            else if (e.state != SyncState::RemoteOnly)
                e.state = SyncState::Pending;
            recorder.stage(e, before);
        }
        p.filesDone += 1;
        ctx.reportProgress(p);
    }
    if (auto committed = change->commit(); !committed)
        return JobOutcome::fromError(committed.error());
    return JobOutcome::done();
}

} // namespace hawkmoth
