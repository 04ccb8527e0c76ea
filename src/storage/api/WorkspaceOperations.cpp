#include "WorkspaceOperations.h"

#include "StorageCore.h"

namespace hawkmoth {

WorkspaceOperations::WorkspaceOperations(StorageCore &core)
    : m_core(core)
{}

void WorkspaceOperations::changed()
{
    // From a pool thread to the core's thread; dropped if the core is gone.
    StorageCore *core = &m_core;
    QMetaObject::invokeMethod(
        core, [core] { Q_EMIT core->workspacesChanged(); }, Qt::QueuedConnection);
}

QFuture<Result<QList<WorkspaceInfo>>> WorkspaceOperations::list()
{
    return m_core.run([this] { return m_core.registry().list(); });
}

QFuture<Result<Workspace>> WorkspaceOperations::current()
{
    return m_core.runInteractive([this] { return m_core.registry().current(); });
}

QFuture<Result<WorkspaceInfo>> WorkspaceOperations::info(const QString &name)
{
    return m_core.run([this, name] { return m_core.registry().info(name); });
}

QFuture<Result<CreatedWorkspace>>
WorkspaceOperations::create(const QString &name, const QString &templateName, bool makeCurrent)
{
    return m_core.run([this, name, templateName, makeCurrent]() -> Result<CreatedWorkspace> {
        WorkspaceRegistry &registry = m_core.registry();
        auto ws = registry.create(name, templateName);
        if (!ws)
            return ws.error();
        changed();
        CreatedWorkspace created{*ws, false, std::nullopt};
        if (makeCurrent) {
            HM_TRY(registry.setCurrent(ws->name()));
            created.madeCurrent = true;
            m_core.notifyCurrentChanged(ws->name());
        }
        if (auto info = registry.info(ws->name()))
            created.info = *info;
        return created;
    });
}

QFuture<Result<WorkspaceInfo>> WorkspaceOperations::switchTo(const QString &name)
{
    return m_core.run([this, name]() -> Result<WorkspaceInfo> {
        HM_TRY(m_core.registry().setCurrent(name));
        auto info = m_core.registry().info(name);
        if (info)
            m_core.notifyCurrentChanged(info->name);
        return info;
    });
}

QFuture<Result<Workspace>> WorkspaceOperations::rename(const QString &from, const QString &to)
{
    return m_core.run([this, from, to] {
        auto ws = m_core.registry().rename(from, to);
        if (ws)
            changed();
        return ws;
    });
}

QFuture<Status> WorkspaceOperations::remove(const QString &name, bool confirmed)
{
    return m_core.run([this, name, confirmed] {
        auto done = m_core.registry().remove(name, confirmed);
        if (done)
            changed();
        return done;
    });
}

QFuture<Result<StorageStats>> WorkspaceOperations::statistics(const Workspace &ws)
{
    return m_core.run([this, ws] {
        const StorageContext ctx = m_core.context();
        return StatisticsCollector::collect(ws, ctx);
    });
}

} // namespace hawkmoth
