#pragma once
// Watches whichever workspace is current, while enabled: follows switches, renames and deletions
// by watching the new current workspace instead. StorageCore owns one; the window and the REST
// server enable it, the CLI never does.

#include "StorageContext.h"
#include "WorkspaceRegistry.h"
#include "WorkspaceWatcher.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <memory>

namespace hawkmoth {

class CurrentWorkspaceWatch : public QObject
{
    Q_OBJECT

public:
    CurrentWorkspaceWatch(WorkspaceRegistry &registry, std::function<StorageContext()> context,
                          QThreadPool *pool, QObject *parent = nullptr);
    ~CurrentWorkspaceWatch() override;

    // Starts (or stops) watching the current workspace. Finding it and setting up the watches
    // read its index and walk its folders, on a thread of their own at a low CPU priority
    // (the first listing of the workspace just opened comes first): watching() follows once the
    // watch is live, or failed() when it cannot be watched.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    // Watches the current workspace again (after it changed).
    void follow();
    void setDebounce(int ms);
    WorkspaceWatcher *watcher() const { return m_watcher.get(); }

Q_SIGNALS:
    void rescanned(const hawkmoth::ScanReport &report);
    void failed(const QString &message);
    void watching(const QString &workspace);

private:
    void watchCurrent();

    WorkspaceRegistry &m_registry;
    std::function<StorageContext()> m_context;
    QThreadPool *m_pool;
    bool m_enabled = false;
    int m_debounceMs = WorkspaceWatcher::defaultDebounceMs;
    std::unique_ptr<WorkspaceWatcher> m_watcher;
    // A result of an older watchCurrent() is dropped; a set-up not begun yet is not begun.
    std::shared_ptr<std::atomic<quint64>> m_round = std::make_shared<std::atomic<quint64>>(0);
    QThreadPool m_setup; // last: its set-up ends before the members it reports to go
};

} // namespace hawkmoth
