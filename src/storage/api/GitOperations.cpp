#include "GitOperations.h"

#include "StorageCore.h"

namespace hawkmoth {

QFuture<Result<QList<git::LogEntry>>> GitOperations::history(const Workspace &ws,
                                                             const QString &path, int limit)
{
    return m_core.run([ws, path, limit] { return git::history(ws, path, limit); });
}

QFuture<Result<QByteArray>> GitOperations::show(const Workspace &ws, const QString &path,
                                                const QString &rev)
{
    return m_core.run([ws, path, rev] { return git::show(ws, path, rev); });
}

QFuture<Result<FileEntry>> GitOperations::restore(const Workspace &ws, const QString &path,
                                                  const QString &rev)
{
    return m_core.run([this, ws, path, rev] {
        const StorageContext context = m_core.context();
        auto restored = git::restore(ws, context, path, rev);
        if (restored) {
            const QString name = ws.name();
            QMetaObject::invokeMethod(
                &m_core, [core = &m_core, name] { Q_EMIT core->filesChanged(name); },
                Qt::QueuedConnection);
        }
        return restored;
    });
}

QFuture<Result<QString>> GitOperations::setRemote(const Workspace &ws, const QString &url)
{
    return m_core.run([this, ws, url] { return git::setRemote(ws, m_core.context(), url); });
}

QFuture<Result<QString>> GitOperations::remote(const Workspace &ws)
{
    return m_core.run([ws] { return git::remote(ws); });
}

QFuture<Result<OpenedWorkspace>> GitOperations::cloneProject(const QString &url,
                                                             const QString &name,
                                                             const OperationControl &control)
{
    return m_core.run([this, url, name, control] {
        const StorageContext context = m_core.context();
        auto opened = git::cloneProject(m_core.registry(), context, url, name, control);
        if (opened)
            m_core.notifyCurrentChanged(opened->workspace.name(), true);
        return opened;
    });
}

QFuture<Result<QString>> GitOperations::login(const QString &url, const QString &username,
                                              const QString &token)
{
    return m_core.run([this, url, username, token] {
        return git::storeLogin(m_core.context(), url, username, token);
    });
}

QFuture<Result<git::LayerStatus>> GitOperations::layerStatus(const Workspace &ws)
{
    return m_core.run([ws] { return git::layerStatus(ws); });
}

} // namespace hawkmoth
