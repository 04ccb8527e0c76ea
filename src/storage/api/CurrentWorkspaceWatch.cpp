#include "CurrentWorkspaceWatch.h"

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

Status CurrentWorkspaceWatch::setEnabled(bool enabled)
{
    m_enabled = enabled;
    if (!enabled) {
        m_watcher.reset();
        return {};
    }
    return watchCurrent();
}

void CurrentWorkspaceWatch::follow()
{
    if (!m_enabled)
        return;
    if (auto watching = watchCurrent(); !watching)
        Q_EMIT failed(watching.error().message);
}

void CurrentWorkspaceWatch::setDebounce(int ms)
{
    m_debounceMs = ms;
    if (m_watcher)
        m_watcher->setDebounce(ms);
}

Status CurrentWorkspaceWatch::watchCurrent()
{
    m_watcher.reset();
    auto ws = m_registry.current();
    if (!ws)
        return ws.error();
    auto watcher = std::make_unique<WorkspaceWatcher>(*ws, m_context(), m_pool);
    watcher->setDebounce(m_debounceMs);
    connect(watcher.get(), &WorkspaceWatcher::rescanned, this, &CurrentWorkspaceWatch::rescanned);
    connect(watcher.get(), &WorkspaceWatcher::failed, this, &CurrentWorkspaceWatch::failed);
    HM_TRY(watcher->start());
    m_watcher = std::move(watcher);
    return {};
}

} // namespace hawkmoth
