#include "PoolHelpers.h"

#include <QRunnable>
#include <QThreadPool>

#include <atomic>

namespace hawkmoth {

// Owned by PoolHelpers, never deleted by the pool: tryTake compares addresses, and a runnable the
// pool had deleted could share its address with someone else's queued one.
class PoolHelpers::Helper : public QRunnable
{
public:
    Helper(const std::function<void(int)> &work, int share, std::shared_ptr<Shared> shared)
        : m_work(work)
        , m_share(share)
        , m_shared(std::move(shared))
    {
        setAutoDelete(false);
    }

    void run() override
    {
        // The caller may destroy this helper as soon as it is released: hold what the release
        // itself touches, and touch nothing of this object after it.
        const std::shared_ptr<Shared> shared = m_shared;
        m_work(m_share);
        shared->returned.release();
    }

private:
    const std::function<void(int)> &m_work;
    const int m_share;
    const std::shared_ptr<Shared> m_shared;
};

PoolHelpers::PoolHelpers(QThreadPool *pool, int count, std::function<void(int)> work)
    : m_pool(pool)
    , m_work(std::move(work))
    , m_shared(std::make_shared<Shared>())
{
    if (!m_pool)
        return;
    for (int i = 1; i <= count; ++i) {
        m_helpers.push_back(std::make_unique<Helper>(m_work, i, m_shared));
        m_pool->start(m_helpers.back().get());
    }
}

PoolHelpers::~PoolHelpers()
{
    finish();
}

int PoolHelpers::finish()
{
    if (m_finished)
        return 0;
    m_finished = true;
    int started = 0;
    for (const auto &helper : m_helpers) {
        if (!m_pool->tryTake(helper.get()))
            ++started; // running or done: it returns once the shared work is done
    }
    m_shared->returned.acquire(started);
    return started;
}

void PoolHelpers::forEach(QThreadPool *pool, int helpers, qsizetype count,
                          const std::function<void(qsizetype)> &work)
{
    std::atomic<qsizetype> next = 0;
    auto take = [&](int) {
        for (qsizetype i = next++; i < count; i = next++)
            work(i);
    };
    PoolHelpers others(pool, int(qMin<qsizetype>(helpers, count - 1)), take);
    take(0);
    others.finish();
}

} // namespace hawkmoth
