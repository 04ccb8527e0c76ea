#pragma once
// Files a pull brought into the blob cache, on their way into the workspace: a pool thread moves
// each into staging as it lands (copies it when another file of the pull needs the same blob),
// while the downloads go on, and publishes them in batches — one flush of the file system before
// the renames and one after, instead of an fdatasync per file, and one index transaction
// recording each file with the sha256 it was verified against, so that the rescan after the pull
// need not read it again.

#include "BlobCache.h"
#include "FileProbe.h"
#include "LayerPolicy.h"
#include "PoolHelpers.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QMutex>

#include <deque>
#include <optional>
#include <vector>

namespace hawkmoth::hub {

class PullBatch
{
public:
    // policy: what the index rows are classified by (with the pins the pull set); the caller
    // keeps it alive and unchanged until finish().
    PullBatch(const Workspace &workspace, const StorageContext &context, const LayerPolicy &policy,
              const BlobCache &cache);
    ~PullBatch(); // finish(); what was staged and never published is removed
    PullBatch(const PullBatch &) = delete;
    PullBatch &operator=(const PullBatch &) = delete;

    // Queues the cached blob sha256 for path (at absolute); take: the blob is moved there, not
    // copied (BlobCache::take), so nothing queued after it may use it. Returns the first failure
    // of the files queued before, so that the caller stops downloading.
    Status add(const QString &path, const QString &absolute, const QString &sha256,
               bool take = false);
    // Waits until everything queued is in place (the calling thread helps with what is left) and
    // returns the first failure.
    Status finish();

private:
    struct Item
    {
        QString path;
        QString absolute;
        QString sha256;
        bool take = false;
    };
    struct Staged
    {
        std::unique_ptr<AtomicWriter> writer;
        QString path;
        QString absolute;
        ProbeResult probe;
    };

    // Takes queued items until the queue is empty.
    void consume();
    // With m_workMutex held.
    Status stage(const Item &item);
    Status publish();

    const Workspace &m_ws;
    const StorageContext m_ctx;
    const LayerPolicy &m_policy;
    const BlobCache &m_cache;

    QMutex m_mutex; // the queue and the outcome
    std::deque<Item> m_queue;
    bool m_consuming = false; // a helper was started and has not found the queue empty since
    std::optional<Error> m_failure;
    std::unique_ptr<PoolHelpers> m_helper; // the latest one started (those before it returned)

    // The staged files: one consumer at a time, taking items in their order (a take comes after
    // the copies of the same blob).
    QMutex m_workMutex;
    std::vector<Staged> m_staged;
    qint64 m_stagedBytes = 0;
    bool m_finished = false;
};

} // namespace hawkmoth::hub
