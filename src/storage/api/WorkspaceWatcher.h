#pragma once
// Keeps the index of the current workspace in step with edits made by other programs, in a
// long-lived process (the window, the REST server; never the CLI): folders that saw a change are
// collected for a short quiet time, then rescanned — only those, never the rest of the workspace —
// on the pool. The rescans write the index, so the changes arrive as the usual notifications.

#include "FolderWatch.h"
#include "IndexFollower.h"
#include "Rescanner.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <QFutureWatcher>
#include <QHash>
#include <QObject>
#include <QThreadPool>
#include <QTimer>

namespace hawkmoth {

class WorkspaceWatcher : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultDebounceMs = 200;
    // More changed folders than this in one quiet period: one rescan of the workspace is cheaper.
    static constexpr int maxFolderRescans = 256;
    // After a rescan failed, its folders are tried again this much later.
    static constexpr int retryAfterFailureMs = 5000;

    WorkspaceWatcher(Workspace workspace, StorageContext context, QThreadPool *pool,
                     QObject *parent = nullptr);
    ~WorkspaceWatcher() override; // cancels and waits for a running rescan

    // maxWatches: a cap below the system's limit (-1: the system's limit only).
    Status start(int maxWatches = -1);
    // Goes live with watches prepared on another thread (FolderWatch::prepare).
    void start(std::shared_ptr<FolderWatch::Watches> watches) { m_watch.adopt(std::move(watches)); }
    const Workspace &workspace() const { return m_workspace; }
    // After each rescan round, follower tells what other processes wrote to the index (its
    // baseline taken before the watch went live).
    void setFollower(std::shared_ptr<IndexFollower> follower) { m_follower = std::move(follower); }
    // The quiet time after the last change before rescanning.
    void setDebounce(int ms) { m_debounceMs = ms; }
    int watchCount() const { return m_watch.watchCount(); }

Q_SIGNALS:
    // One per rescan round: what changed, and how many folders were listed to find it.
    void rescanned(const hawkmoth::ScanReport &report);
    void failed(const QString &message);

private:
    struct Folder
    {
        QString dir;
        bool tree = false;
    };
    void noteFolder(const QString &dir, bool tree);
    void rescanDirty();
    void rescanDone();
    static Result<ScanReport> rescan(const Workspace &workspace, const StorageContext &context,
                                     const QList<Folder> &folders, const CancelToken &cancel,
                                     IndexFollower *follower);

    Workspace m_workspace;
    StorageContext m_context;
    QThreadPool *m_pool;
    FolderWatch m_watch;
    QTimer m_debounce;
    int m_debounceMs = defaultDebounceMs;
    QHash<QString, bool> m_dirty; // folder -> with everything below it
    QList<Folder> m_inFlight;     // what the running rescan covers
    bool m_everything = false;
    bool m_busy = false; // a rescan runs; what changes meanwhile waits for the next round
    CancelToken m_cancel;
    QFutureWatcher<Result<ScanReport>> m_running;
    std::shared_ptr<IndexFollower> m_follower;
};

} // namespace hawkmoth

Q_DECLARE_METATYPE(hawkmoth::ScanReport)
