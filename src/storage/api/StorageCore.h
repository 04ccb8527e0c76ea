#pragma once
// The asynchronous face of the storage core for long-lived callers (the GUI, the REST server):
// every call returns a QFuture at once and runs on the core's thread pool; results and change
// notifications come back as signals on the core's thread. Nothing here blocks its caller.

#include "ChangeNotifier.h"
#include "ContentCache.h"
#include "CurrentWorkspaceWatch.h"
#include "EditorJournal.h"
#include "FileOperations.h"
#include "GitOperations.h"
#include "HistoryOperations.h"
#include "HubOperations.h"
#include "JobControl.h"
#include "JobRunner.h"
#include "NetworkThread.h"
#include "RuleEditor.h"
#include "SettingsOperations.h"
#include "StorageContext.h"
#include "StorageModules.h"
#include "SyncOperations.h"
#include "WorkspaceOperations.h"
#include "WorkspaceRegistry.h"

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
    // Typed, batched notifications of every committed change (files, jobs, workspaces).
    ChangeNotifier &changes() { return m_changes; }
    // A one-shot process (the CLI) has nobody to tell: without notifications, index writes
    // record no changes and cost nothing extra. On by default; set before any work.
    void setChangeNotifications(bool on);
    // Watches the current workspace (and the next one after a switch) for edits by other
    // programs; for the window and the REST server, never the CLI.
    // Setting the watch up runs on the pool; watch() signals watching() or failed().
    void watchCurrentWorkspace(bool on) { m_watch.setEnabled(on); }
    CurrentWorkspaceWatch &watch() { return m_watch; }
    JobControl &jobs() { return m_jobs; }
    RuleEditor &rules() { return m_rules; }
    // How remote-only files are fetched when opened (the hub layer installs this).
    void setRemoteFetcher(RemoteFetcher fetcher) { m_fetcher = std::move(fetcher); }
    void setGitLoginSource(GitLoginSource source) { m_gitLogin = std::move(source); }

    FileOperations &files() { return m_files; }
    WorkspaceOperations &workspaces() { return m_workspaces; }
    // Queue the change signals to this object's thread (from any thread, for the sub-APIs).
    void notifyFilesChanged(const QString &workspace);
    // added: the workspace is new too (made from a remote, say).
    void notifyCurrentChanged(const QString &workspace, bool added = false);

    GitOperations &git() { return m_git; }
    // A file's versions in either layer; prefer it to git() for one file's past.
    HistoryOperations &history() { return m_history; }
    HubOperations &hub() { return m_hub; }
    SyncOperations &sync() { return m_sync; }
    SettingsOperations &settings() { return m_settingsOps; }
    // Later operations see these settings (SettingsOperations saved them); settingsChanged()
    // follows on this object's thread.
    void adoptSettings(const AppSettings &settings);

    // Runs any other storage work on the pool; f returns a Result or a CommandResult.
    template<typename F>
    auto run(F &&f)
    {
        return QtConcurrent::run(&m_pool, std::forward<F>(f));
    }
    // The same for a short read that a user waits to see (a folder's listing, the current
    // workspace; not a file's content, which may be a long download): it runs on threads of its
    // own, so it never queues behind the background work (status, statistics, setting up the
    // watch) that fills the pool when a window opens.
    template<typename F>
    auto runInteractive(F &&f)
    {
        return QtConcurrent::run(&m_interactive, std::forward<F>(f));
    }

Q_SIGNALS:
    void workspacesChanged();
    void currentWorkspaceChanged(const QString &name);
    void filesChanged(const QString &workspace);
    // This process saved the settings (settings().write()); other processes' changes to the
    // file are not seen.
    void settingsChanged(const hawkmoth::AppSettings &settings);

private:
    Paths m_paths;
    WorkspaceRegistry m_registry;
    ContentCache m_cache;
    EditorJournal m_journal;
    JobHandlers m_handlers;
    RemoteFetcher m_fetcher;
    GitLoginSource m_gitLogin;
    mutable QMutex m_settingsMutex;
    AppSettings m_settings;
    ChangeNotifier m_changes;
    bool m_notifying = true;      // guarded by m_settingsMutex
    hub::NetworkThread m_network; // every Hub request of the process; outlives the pool's work
    FileOperations m_files{*this};
    WorkspaceOperations m_workspaces{*this};
    StorageModules m_modules{*this}; // after the registry, the handlers and the fetcher
    GitOperations m_git{*this};
    HistoryOperations m_history{*this};
    HubOperations m_hub{*this};
    SyncOperations m_sync{*this};
    JobControl m_jobs{*this};
    RuleEditor m_rules{*this};
    SettingsOperations m_settingsOps{*this};
    // After everything its tasks use (the sub-APIs above, the registry, the notifier, the network
    // thread): destroyed first but for the watch, it waits for them while all of that still exists.
    QThreadPool m_interactive;
    QThreadPool m_pool;
    CurrentWorkspaceWatch m_watch; // after the pool: stopped before the pool goes
};

} // namespace hawkmoth
