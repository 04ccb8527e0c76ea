#include "StorageCore.h"

#include <QPointer>

namespace hawkmoth {

StorageCore::StorageCore(Paths paths, QObject *parent)
    : QObject(parent)
    , m_paths(paths)
    , m_registry(paths)
    , m_journal(paths.journalDir())
    , m_watch(
          m_registry, [this] { return context(); }, &m_pool)
{
    m_pool.setMaxThreadCount(qMax(2, QThread::idealThreadCount()));
    m_interactive.setMaxThreadCount(2);
    m_registry.setChangeSink(m_changes.sink());
    // A switch, or a rename or deletion of the watched workspace, moves the watch.
    connect(&m_changes, &ChangeNotifier::currentWorkspaceChanged, &m_watch,
            &CurrentWorkspaceWatch::follow);
    connect(&m_changes, &ChangeNotifier::workspaceRenamed, &m_watch,
            &CurrentWorkspaceWatch::follow);
    connect(&m_changes, &ChangeNotifier::workspaceRemoved, &m_watch,
            &CurrentWorkspaceWatch::follow);
}

StorageCore::~StorageCore()
{
    // No new watch work, then every task (and what tasks queued in turn) ends before any member
    // goes; the order of the members says the same should this body change.
    m_watch.setEnabled(false);
    m_interactive.waitForDone();
    m_pool.waitForDone();
    m_interactive.waitForDone(); // in case a pool task asked for a read
}

void StorageCore::setChangeNotifications(bool on)
{
    QMutexLocker lock(&m_settingsMutex);
    m_notifying = on;
    m_registry.setChangeSink(on ? m_changes.sink() : std::shared_ptr<ChangeSink>());
}

StorageContext StorageCore::context()
{
    QMutexLocker lock(&m_settingsMutex);
    return {m_paths,
            m_settings,
            &m_cache,
            m_fetcher,
            m_notifying ? m_changes.sink() : std::shared_ptr<ChangeSink>(),
            &m_network,
            &m_pool,
            &m_network,
            m_gitLogin};
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

void StorageCore::adoptSettings(const AppSettings &settings)
{
    {
        QMutexLocker lock(&m_settingsMutex);
        m_settings = settings;
    }
    m_cache.setBudget(settings.cacheBudgetBytes());
    // From the pool thread that saved them to this object's thread; dropped if the core is gone.
    QMetaObject::invokeMethod(
        this, [this, settings] { Q_EMIT settingsChanged(settings); }, Qt::QueuedConnection);
}

void StorageCore::notifyFilesChanged(const QString &workspace)
{
    // From a pool thread to this object's thread; dropped if the core is gone.
    QMetaObject::invokeMethod(
        this, [this, workspace] { Q_EMIT filesChanged(workspace); }, Qt::QueuedConnection);
}

void StorageCore::notifyCurrentChanged(const QString &workspace, bool added)
{
    QMetaObject::invokeMethod(
        this,
        [this, workspace, added] {
            if (added)
                Q_EMIT workspacesChanged();
            Q_EMIT currentWorkspaceChanged(workspace);
        },
        Qt::QueuedConnection);
}

} // namespace hawkmoth
