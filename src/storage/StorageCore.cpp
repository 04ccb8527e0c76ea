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
    return {m_paths, m_settings, &m_cache, m_fetcher};
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

void StorageCore::notifyCurrentChanged(const QString &workspace)
{
    QMetaObject::invokeMethod(
        this, [this, workspace] { Q_EMIT currentWorkspaceChanged(workspace); },
        Qt::QueuedConnection);
}

} // namespace hawkmoth
