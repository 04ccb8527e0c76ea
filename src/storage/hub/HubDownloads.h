#pragma once
// Fetches Hub files into the blob cache, several at a time from the calling thread (LFS files from
// the links the LFS batch API hands out, others by resolving their path): each body
// streams to its .part file and is hashed on the way, a passing failure is retried (resuming with
// Range what had arrived), and every file is checked against its hash before it enters the cache.
// The caller hears of each file as it lands, on its own thread, while the others still download.

#include "BlobCache.h"
#include "HubApi.h"

#include <functional>

namespace hawkmoth::hub {

class HubDownloads
{
public:
    // As huggingface_hub's snapshot_download: small files are mostly waiting for an answer.
    static constexpr int defaultParallel = 8;

    HubDownloads(HubApi &api, QString dataset, const BlobCache &cache,
                 int parallel = defaultParallel)
        : m_api(api)
        , m_dataset(std::move(dataset))
        , m_cache(cache)
        , m_parallel(qMax(1, parallel))
    {}

    // A file is in the cache: its index in the list and its sha256. lastUse: this run downloaded
    // the blob (an LFS file's) and no other file of the run lands from it, so it may be taken out
    // of the cache. An error stops the run.
    using Landed = std::function<Status(qsizetype index, const QString &sha256, bool lastUse)>;

    // Fetches every file the cache does not hold yet; a file it holds lands at once. The first
    // failure (or a cancel) aborts the downloads in flight and is returned once they ended; the
    // files that landed before stay in the cache.
    Status run(const QList<RemoteFile> &files, const Landed &landed,
               const ProgressFn &progress = {});

private:
    struct Task;
    struct Inbox;
    class Progresses;
    class Links;

    // Sends the task's request, to the LFS link when there is one, else to resolve (after
    // checking, for a partial .part, that the Hub still holds the same object there); its answer
    // arrives in inbox.
    Status start(Task &task, const RemoteFile &file, const LfsDownload *link,
                 const CancelToken &cancel, const std::shared_ptr<Inbox> &inbox,
                 Progresses &progress);
    // The file the task fetched, checked and moved into the cache: its sha256.
    Result<QString> adopt(const Task &task, const RemoteFile &file, const HubResponse &reply) const;

    HubApi &m_api;
    QString m_dataset;
    const BlobCache &m_cache;
    int m_parallel;
};

} // namespace hawkmoth::hub
