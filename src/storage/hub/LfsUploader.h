#pragma once
// Uploads large files through the LFS batch API: asks which objects the Hub lacks (an object it
// has already is skipped — that is the deduplication), then streams the rest from disk, several
// at a time, basic or multipart as the Hub says, and verifies them when asked to.

#include "HubApi.h"

class QThreadPool;

namespace hawkmoth::hub {

struct LfsFile
{
    QString path;     // in the workspace
    QString absolute; // on disk
    QString sha256;
    qint64 size = 0;
};

struct LfsReport
{
    int uploaded = 0;
    int skipped = 0; // already on the Hub
    qint64 bytesSent = 0;
};

class LfsUploader
{
public:
    static constexpr int defaultParallel = 4;

    // Uploads run on the calling thread and, `parallel` at a time, on the pool's threads (the
    // pool of the storage context; without one, one at a time on the calling thread).
    LfsUploader(HubApi &api, QThreadPool *pool, int parallel = defaultParallel)
        : m_api(api)
        , m_pool(pool)
        , m_parallel(pool ? qMax(1, parallel) : 1)
    {}

    Result<LfsReport> upload(const QString &repo, const QList<LfsFile> &files,
                             const ProgressFn &progress = {});

private:
    // The requests that put one object on the Hub: one PUT, or one per part.
    QList<HubRequest> requestsFor(const LfsAction &action, const LfsFile &file);
    // Multipart: tells the Hub the parts are all there (a no-op for a basic upload).
    Status complete(const LfsAction &action, const QList<QByteArray> &etags);
    // The verify call the Hub asked for, if it did.
    std::optional<HubRequest> verifyRequest(const LfsAction &action) const;

    HubApi &m_api;
    QThreadPool *m_pool;
    int m_parallel;
};

} // namespace hawkmoth::hub
