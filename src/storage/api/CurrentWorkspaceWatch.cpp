#include "CurrentWorkspaceWatch.h"

#include <QtConcurrent/QtConcurrentRun>

#include <sys/resource.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

// The set-up thread serves nothing else, so it can stay at nice 10 (which a thread without
// privileges could not undo): the first listing and the GUI thread get nine tenths of a shared
// core, and the set-up still ends on a machine that stays busy.
void yieldCpuToOthers()
{
    (void)::setpriority(PRIO_PROCESS, id_t(::gettid()), 10);
}

} // namespace

CurrentWorkspaceWatch::CurrentWorkspaceWatch(WorkspaceRegistry &registry,
                                             std::function<StorageContext()> context,
                                             QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_context(std::move(context))
    , m_pool(pool)
{
    m_setup.setMaxThreadCount(1);
}

CurrentWorkspaceWatch::~CurrentWorkspaceWatch() = default;

void CurrentWorkspaceWatch::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        ++*m_round; // a watch still being set up is dropped when it arrives
        m_watcher.reset();
        return;
    }
    watchCurrent();
}

void CurrentWorkspaceWatch::follow()
{
    if (m_enabled)
        watchCurrent();
}

void CurrentWorkspaceWatch::setDebounce(int ms)
{
    m_debounceMs = ms;
    if (m_watcher)
        m_watcher->setDebounce(ms);
}

void CurrentWorkspaceWatch::watchCurrent()
{
    m_watcher.reset();
    const quint64 round = ++*m_round;
    struct Prepared
    {
        Workspace workspace;
        std::shared_ptr<FolderWatch::Watches> watches;
        std::shared_ptr<IndexFollower> follower;
    };
    WorkspaceRegistry *registry = &m_registry;
    QtConcurrent::run(
        &m_setup,
        [registry, sink = m_context().changes, round, latest = m_round]() -> Result<Prepared> {
            if (round != latest->load())
                return Error::cancelled(); // superseded before it began
            yieldCpuToOthers();
            auto ws = registry->current();
            if (!ws)
                return ws.error();
            // The baseline first: what other processes write while the watches are set up is told.
            auto follower = std::make_shared<IndexFollower>(*ws, sink);
            HM_TRY(follower->baseline());
            auto watches = FolderWatch::prepare(ws->root());
            if (!watches)
                return watches.error();
            return Prepared{*ws, std::move(*watches), std::move(follower)};
        })
        .then(this, [this, round](const Result<Prepared> &prepared) {
            if (round != m_round->load())
                return; // disabled, or another workspace became current meanwhile
            if (!prepared) {
                Q_EMIT failed(prepared.error().message);
                return;
            }
            auto watcher =
                std::make_unique<WorkspaceWatcher>(prepared->workspace, m_context(), m_pool);
            watcher->setDebounce(m_debounceMs);
            watcher->setFollower(prepared->follower);
            connect(watcher.get(), &WorkspaceWatcher::rescanned, this,
                    &CurrentWorkspaceWatch::rescanned);
            connect(watcher.get(), &WorkspaceWatcher::failed, this, &CurrentWorkspaceWatch::failed);
            watcher->start(prepared->watches);
            m_watcher = std::move(watcher);
            Q_EMIT watching(prepared->workspace.name());
        });
}

} // namespace hawkmoth
