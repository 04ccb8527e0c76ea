#include "ImportPlanStream.h"

#include <QDeadlineTimer>
#include <QThreadPool>

namespace hawkmoth {

ImportPlanStream::ImportPlanStream(const ImportPlanner &planner, QThreadPool *pool)
    : m_planner(planner)
    , m_pool(pool)
{}

ImportPlanStream::~ImportPlanStream()
{
    stop();
}

void ImportPlanStream::stop()
{
    {
        const QMutexLocker lock(&m_mutex);
        m_stopped = true;
    }
    m_walker.reset(); // a walk not started never runs; a running one stops at its next hand-over
    const QMutexLocker lock(&m_mutex);
    m_ready.clear();
}

Result<ImportPlan> ImportPlanStream::start(const QStringList &sources, const QString &destDir,
                                           const QHash<QString, QString> &names)
{
    ImportPlan checked;
    auto roots = m_planner.prepare(sources, destDir, names, checked);
    if (!roots)
        return roots.error();
    m_roots = std::move(*roots);
    handOver(checked); // the files named as sources
    m_walker = std::make_unique<PoolHelpers>(m_pool, 1, [this](int) {
        {
            const QMutexLocker lock(&m_mutex);
            m_started = true;
            m_found.wakeAll();
        }
        walkAll();
    });
    return checked;
}

void ImportPlanStream::walkAll()
{
    for (const ImportPlanner::Root &root : std::as_const(m_roots)) {
        if (!m_planner.walkRoot(root, m_plan, [this](ImportPlan &plan) { return handOver(plan); }))
            break;
    }
    const QMutexLocker lock(&m_mutex);
    m_done = true;
    m_found.wakeAll();
}

bool ImportPlanStream::handOver(ImportPlan &plan)
{
    const QMutexLocker lock(&m_mutex);
    for (const ImportPlan::File &file : std::as_const(plan.files))
        m_bytes += file.size;
    m_files += plan.files.size();
    if (m_ready.isEmpty())
        m_ready = std::exchange(plan.files, {});
    else
        m_ready.append(std::exchange(plan.files, {}));
    m_found.wakeAll();
    return !m_stopped;
}

bool ImportPlanStream::next(QList<ImportPlan::File> &into)
{
    QMutexLocker lock(&m_mutex);
    for (;;) {
        if (!m_ready.isEmpty()) {
            into = std::exchange(m_ready, {});
            return true;
        }
        if (m_done || !m_walker)
            return false;
        if (!m_pool)
            break;
        if (m_started) {
            m_found.wait(&m_mutex);
            continue;
        }
        // A free thread of the pool was woken for the walk and takes it in a moment. When every
        // thread is busy (a window's import while the publisher runs), the walk is taken back and
        // walked here; should a thread take it meanwhile, finish() waits for that walk instead.
        if (m_pool->activeThreadCount() < m_pool->maxThreadCount()) {
            m_found.wait(&m_mutex, QDeadlineTimer(1));
            continue;
        }
        break;
    }
    lock.unlock();
    if (m_walker->finish() == 0)
        walkAll();
    lock.relock();
    if (m_ready.isEmpty())
        return false;
    into = std::exchange(m_ready, {});
    return true;
}

qint64 ImportPlanStream::filesFound() const
{
    const QMutexLocker lock(&m_mutex);
    return m_files;
}

qint64 ImportPlanStream::bytesFound() const
{
    const QMutexLocker lock(&m_mutex);
    return m_bytes;
}

bool ImportPlanStream::complete() const
{
    const QMutexLocker lock(&m_mutex);
    return m_done;
}

} // namespace hawkmoth
