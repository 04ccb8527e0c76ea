#pragma once
// Where everything is: files and bytes per layer, the job queue, the last scan and sync — the
// numbers behind "storage status" and the statistics panel.

#include "FileIndex.h"
#include "Job.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

namespace hawkmoth {

struct StorageStats
{
    QString workspace;
    QHash<Layer, LayerTotals> layers;
    QHash<SyncState, qint64> states; // file count per sync state
    int queuedJobs = 0;
    int runningJobs = 0;
    int failedJobs = 0;
    int blockedJobs = 0;
    QString lastJobError;
    QList<Job> waitingJobs; // queued, not due yet (backoff, a server's Retry-After)
    QDateTime lastSync;
    QDateTime lastScan;
    qint64 cacheBytes = 0;
    int cacheEntries = 0;

    QJsonObject toJson() const;
    QJsonArray waitingJson() const;
};

class StatisticsCollector
{
public:
    static Result<StorageStats> collect(const Workspace &workspace, const StorageContext &context);
};

} // namespace hawkmoth
