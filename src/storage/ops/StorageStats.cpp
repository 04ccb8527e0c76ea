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
    // Layers and states in one pass over the rows: each pass costs a read of every row.
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session})
        stats.layers.insert(l, {});
    QSqlQuery q = (*db)->query();
    q.prepare(QStringLiteral(
        "SELECT layer, state, COUNT(*), COALESCE(SUM(size), 0) FROM files GROUP BY layer, state"));
    HM_TRY((*db)->run(q));
    while (q.next()) {
        const qint64 files = q.value(2).toLongLong();
        if (auto l = layerFromName(q.value(0).toString())) {
            stats.layers[*l].files += files;
            stats.layers[*l].bytes += q.value(3).toLongLong();
        }
        if (auto s = syncStateFromName(q.value(1).toString()))
            stats.states[*s] += files;
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
