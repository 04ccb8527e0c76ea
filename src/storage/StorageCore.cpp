#include "StorageCore.h"

#include <QPointer>

namespace hawkmoth {

StorageCore::StorageCore(Paths paths, QObject *parent)
    : QObject(parent)
    , m_paths(paths)
    , m_registry(paths)
    , m_journal(paths.journalDir())
{
    m_pool.setMaxThreadCount(qMax(2, QThread::idealThreadCount()));
}

StorageCore::~StorageCore()
{
    m_pool.waitForDone();
}

StorageContext StorageCore::context()
{
    QMutexLocker lock(&m_settingsMutex);
    return {m_paths, m_settings, &m_cache, m_fetcher, &m_network, &m_pool};
}

QFuture<Status> StorageCore::start()
{
    return run([this]() -> Status {
        auto settings = AppSettings::load(m_paths.settingsFile());
        if (!settings)
            return settings.error();
        {
            QMutexLocker lock(&m_settingsMutex);
            m_settings = *settings;
        }
        m_cache.setBudget(settings->cacheBudgetBytes());
        return m_registry.ensureReady();
    });
}

void StorageCore::notifyFilesChanged(const QString &workspace)
{
    // From a pool thread to this object's thread; dropped if the core is gone.
    QMetaObject::invokeMethod(
        this, [this, workspace] { Q_EMIT filesChanged(workspace); }, Qt::QueuedConnection);
}

QFuture<Result<QList<WorkspaceInfo>>> StorageCore::listWorkspaces()
{
    return run([this] { return m_registry.list(); });
}

QFuture<Result<Workspace>> StorageCore::currentWorkspace()
{
    return run([this] { return m_registry.current(); });
}

QFuture<Result<Workspace>> StorageCore::createWorkspace(const QString &name,
                                                        const QString &templateName)
{
    return run([this, name, templateName]() -> Result<Workspace> {
        auto ws = m_registry.create(name, templateName);
        if (ws)
            QMetaObject::invokeMethod(
                this, [this] { Q_EMIT workspacesChanged(); }, Qt::QueuedConnection);
        return ws;
    });
}

QFuture<Result<Workspace>> StorageCore::switchWorkspace(const QString &name)
{
    return run([this, name]() -> Result<Workspace> {
        HM_TRY(m_registry.setCurrent(name));
        auto ws = m_registry.find(name);
        if (ws) {
            const QString n = ws->name();
            QMetaObject::invokeMethod(
                this, [this, n] { Q_EMIT currentWorkspaceChanged(n); }, Qt::QueuedConnection);
        }
        return ws;
    });
}

QFuture<Result<Listing>> StorageCore::listFiles(const Workspace &ws, const QString &dir,
                                                bool recursive)
{
    return run([this, ws, dir, recursive] {
        const StorageContext ctx = context();
        return FileStore(ws, ctx).list(dir, recursive);
    });
}

QFuture<Result<FileEntry>> StorageCore::saveFile(const Workspace &ws, const QString &path,
                                                 const QByteArray &content)
{
    return run([this, ws, path, content] {
        const StorageContext ctx = context();
        auto entry = FileStore(ws, ctx).save(path, content);
        if (entry)
            notifyFilesChanged(ws.name());
        return entry;
    });
}

QFuture<Result<QByteArray>> StorageCore::loadFile(const Workspace &ws, const QString &path)
{
    return run([this, ws, path] {
        const StorageContext ctx = context();
        return FileStore(ws, ctx).load(path);
    });
}

QFuture<Result<ImportReport>>
StorageCore::importFiles(const Workspace &ws, const QStringList &sources, const QString &destDir,
                         const CancelToken &cancel, const ProgressFn &progress)
{
    return run([this, ws, sources, destDir, cancel, progress] {
        const StorageContext ctx = context();
        auto report = FileImporter(ws, ctx).run(sources, destDir, false, cancel, progress);
        notifyFilesChanged(ws.name());
        return report;
    });
}

QFuture<Result<StorageStats>> StorageCore::statistics(const Workspace &ws)
{
    return run([this, ws] {
        const StorageContext ctx = context();
        return StatisticsCollector::collect(ws, ctx);
    });
}

} // namespace hawkmoth
