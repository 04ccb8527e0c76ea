#pragma once
// Helpers for work the calling thread shares out: pool threads that are free join in beside it,
// and a helper no thread has started by the time the caller is done is taken back, never waited
// for. A pool thread that shares its work thus never waits on work still queued behind it, so a
// small pool (two threads, both running operations that share work) cannot starve itself.

#include <QSemaphore>

#include <functional>
#include <memory>
#include <vector>

class QThreadPool;

namespace hawkmoth {

class PoolHelpers
{
public:
    // Queues count helpers on pool (none without a pool), each calling work(i), i = 1..count;
    // share 0 is the caller's. work must return once nothing is left to do, and must not wait for
    // a share that has not started (it may never start).
    PoolHelpers(QThreadPool *pool, int count, std::function<void(int)> work);
    ~PoolHelpers(); // finish()
    PoolHelpers(const PoolHelpers &) = delete;
    PoolHelpers &operator=(const PoolHelpers &) = delete;

    // Takes back the helpers no pool thread has started (they never run) and waits for the
    // others to return. Returns how many ran.
    int finish();

    // Runs work(i) for every i in [0, count) on the calling thread and up to helpers pool threads,
    // each taking the next index as it becomes free.
    static void forEach(QThreadPool *pool, int helpers, qsizetype count,
                        const std::function<void(qsizetype)> &work);

private:
    class Helper;
    struct Shared
    {
        QSemaphore returned;
    };

    QThreadPool *m_pool;
    std::function<void(int)> m_work;
    std::shared_ptr<Shared> m_shared;
    std::vector<std::unique_ptr<Helper>> m_helpers;
    bool m_finished = false;
};

} // namespace hawkmoth
