#include "CurrentWorkspaceWatch.h"

#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

CurrentWorkspaceWatch::CurrentWorkspaceWatch(WorkspaceRegistry &registry,
                                             std::function<StorageContext()> context,
                                             QThreadPool *pool, QObject *parent)
    : QObject(parent)
    , m_registry(registry)
    , m_context(std::move(context))
    , m_pool(pool)
{}

CurrentWorkspaceWatch::~CurrentWorkspaceWatch() = default;

void CurrentWorkspaceWatch::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        ++m_round; // a watch still being set up is dropped when it arrives
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
    const quint64 round = ++m_round;
    struct Prepared
    {
        Workspace workspace;
        std::shared_ptr<FolderWatch::Watches> watches;
        std::shared_ptr<IndexFollower> follower;
    };
    WorkspaceRegistry *registry = &m_registry;
    QtConcurrent::run(m_pool, [registry, sink = m_context().changes]() -> Result<Prepared> {
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
    }).then(this, [this, round](const Result<Prepared> &prepared) {
        if (round != m_round)
            return; // disabled, or another workspace became current meanwhile
        if (!prepared) {
            Q_EMIT failed(prepared.error().message);
            return;
        }
        auto watcher = std::make_unique<WorkspaceWatcher>(prepared->workspace, m_context(), m_pool);
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
