#pragma once
// The asynchronous face of the storage core for long-lived callers (the GUI, the REST server):
// every call returns a QFuture at once and runs on the core's thread pool; results and change
// notifications come back as signals on the core's thread. Nothing here blocks its caller.

#include "ContentCache.h"
#include "EditorJournal.h"
#include "FileImporter.h"
#include "FileStore.h"
#include "JobRunner.h"
#include "StorageContext.h"
#include "StorageStats.h"
#include "WorkspaceRegistry.h"
#include "hub/NetworkThread.h"

#include <QFuture>
#include <QMutex>
#include <QObject>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

class StorageCore : public QObject
{
    Q_OBJECT

public:
    explicit StorageCore(Paths paths, QObject *parent = nullptr);
    ~StorageCore() override; // waits for running operations

    // Loads settings and prepares the data root; call once, before anything else.
    QFuture<Status> start();

    WorkspaceRegistry &registry() { return m_registry; }
    JobHandlers &handlers() { return m_handlers; }
    ContentCache &cache() { return m_cache; }
    EditorJournal &journal() { return m_journal; }
    // A snapshot of paths, settings and the cache for one operation; safe from any thread.
    StorageContext context();
    QThreadPool &pool() { return m_pool; }
    // How remote-only files are fetched when opened (the hub layer installs this).
    void setRemoteFetcher(RemoteFetcher fetcher) { m_fetcher = std::move(fetcher); }

    QFuture<Result<QList<WorkspaceInfo>>> listWorkspaces();
    QFuture<Result<Workspace>> currentWorkspace();
    QFuture<Result<Workspace>> createWorkspace(const QString &name, const QString &templateName);
    QFuture<Result<Workspace>> switchWorkspace(const QString &name);

    QFuture<Result<Listing>> listFiles(const Workspace &ws, const QString &dir, bool recursive);
    QFuture<Result<FileEntry>> saveFile(const Workspace &ws, const QString &path,
                                        const QByteArray &content);
    QFuture<Result<QByteArray>> loadFile(const Workspace &ws, const QString &path);
    QFuture<Result<ImportReport>> importFiles(const Workspace &ws, const QStringList &sources,
                                              const QString &destDir, const CancelToken &cancel,
                                              const ProgressFn &progress);
    QFuture<Result<StorageStats>> statistics(const Workspace &ws);

    // Runs any other storage work on the pool; f returns a Result or a CommandResult.
    template<typename F>
    auto run(F &&f)
    {
        return QtConcurrent::run(&m_pool, std::forward<F>(f));
    }

Q_SIGNALS:
    void workspacesChanged();
    void currentWorkspaceChanged(const QString &name);
    void filesChanged(const QString &workspace);

private:
    void notifyFilesChanged(const QString &workspace);

    Paths m_paths;
    WorkspaceRegistry m_registry;
    ContentCache m_cache;
    EditorJournal m_journal;
    JobHandlers m_handlers;
    RemoteFetcher m_fetcher;
    mutable QMutex m_settingsMutex;
    AppSettings m_settings;
    hub::NetworkThread m_network; // every Hub request of the process; outlives the pool's work
    QThreadPool m_pool;
};

} // namespace hawkmoth
