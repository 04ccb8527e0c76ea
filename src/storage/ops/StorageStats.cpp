#include "StorageStats.h"

#include "JobQueue.h"
#include "SyncPipeline.h"

#include <QJsonArray>

namespace hawkmoth {

namespace {

QDateTime fromMetaMs(const Result<QString> &value)
{
    if (!value || value->isEmpty())
        return {};
    return QDateTime::fromMSecsSinceEpoch(value->toLongLong(), Qt::UTC);
}

QJsonValue isoOrNull(const QDateTime &t)
{
    return t.isValid() ? QJsonValue(t.toUTC().toString(Qt::ISODate)) : QJsonValue();
}

} // namespace

QJsonArray StorageStats::waitingJson() const
{
    QJsonArray out;
    for (const Job &j : waitingJobs)
        out.append(QJsonObject{
            {QStringLiteral("kind"), j.kind},
            {QStringLiteral("step"),
             SyncPipeline::isHeldKind(j.kind) ? SyncPipeline::heldStep(j) : QString()},
            {QStringLiteral("until"),
             QDateTime::fromMSecsSinceEpoch(j.nextAttemptMs, Qt::UTC).toString(Qt::ISODate)},
            {QStringLiteral("reason"), j.lastError},
            {QStringLiteral("text"), SyncPipeline::describeWait(j)}});
    return out;
}

QJsonObject StorageStats::toJson() const
{
    QJsonObject layersJson;
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session}) {
        const LayerTotals t = layers.value(l);
        layersJson.insert(layerName(l), QJsonObject{{QStringLiteral("files"), double(t.files)},
                                                    {QStringLiteral("bytes"), double(t.bytes)}});
    }
    QJsonObject statesJson;
    for (auto it = states.begin(); it != states.end(); ++it)
        statesJson.insert(syncStateName(it.key()), double(it.value()));
    return QJsonObject{
        {QStringLiteral("workspace"), workspace},
        {QStringLiteral("layers"), layersJson},
        {QStringLiteral("states"), statesJson},
        {QStringLiteral("jobs"), QJsonObject{{QStringLiteral("queued"), queuedJobs},
                                             {QStringLiteral("running"), runningJobs},
                                             {QStringLiteral("failed"), failedJobs},
                                             {QStringLiteral("blocked"), blockedJobs},
                                             {QStringLiteral("lastError"), lastJobError},
                                             {QStringLiteral("waiting"), waitingJson()}}},
        {QStringLiteral("lastSync"), isoOrNull(lastSync)},
        {QStringLiteral("lastScan"), isoOrNull(lastScan)},
        {QStringLiteral("cache"), QJsonObject{{QStringLiteral("bytes"), double(cacheBytes)},
                                              {QStringLiteral("entries"), cacheEntries}}},
    };
}

Result<StorageStats> StatisticsCollector::collect(const Workspace &workspace,
                                                  const StorageContext &context)
{
    auto db = workspace.connect();
    if (!db)
        return db.error();
    FileIndex index(**db);
    StorageStats stats;
    stats.workspace = workspace.name();
    auto totals = index.totals();
    if (!totals)
        return totals.error();
    stats.layers = *totals;
    QSqlQuery q = (*db)->query();
    q.prepare(QStringLiteral("SELECT state, COUNT(*) FROM files GROUP BY state"));
    HM_TRY((*db)->run(q));
    while (q.next()) {
        if (auto s = syncStateFromName(q.value(0).toString()))
            stats.states.insert(*s, q.value(1).toLongLong());
    }
    JobQueue jobs(**db);
    auto active =
        jobs.list({JobState::Queued, JobState::Running, JobState::Failed, JobState::Blocked});
    if (!active)
        return active.error();
    for (const Job &j : std::as_const(*active)) {
        switch (j.state) {
        case JobState::Queued:
            ++stats.queuedJobs;
            if (j.nextAttemptMs > QDateTime::currentMSecsSinceEpoch())
                stats.waitingJobs.append(j);
            break;
        case JobState::Running:
            ++stats.runningJobs;
            break;
        case JobState::Failed:
            ++stats.failedJobs;
            break;
        case JobState::Blocked:
            ++stats.blockedJobs;
            break;
        default:
            break;
        }
        if (!j.lastError.isEmpty())
            stats.lastJobError = j.lastError;
    }
    stats.lastSync = fromMetaMs(index.meta(QStringLiteral("lastSync")));
    stats.lastScan = fromMetaMs(index.meta(QStringLiteral("lastScan")));
    if (context.cache) {
        stats.cacheBytes = context.cache->usedBytes();
        stats.cacheEntries = context.cache->entryCount();
    }
    return stats;
}

} // namespace hawkmoth
