#include "WorkspaceWatcher.h"

#include <QtConcurrent/QtConcurrentRun>

namespace hawkmoth {

namespace {

bool isBelow(const QString &dir, const QString &ancestor)
{
    return ancestor.isEmpty() || dir == ancestor || dir.startsWith(ancestor + QLatin1Char('/'));
}

void mergeInto(ScanReport &total, const ScanReport &part)
{
    total.added += part.added;
    total.changed += part.changed;
    total.removed += part.removed;
    total.unchanged += part.unchanged;
    total.bytesHashed += part.bytesHashed;
    total.skipped += part.skipped;
    total.errors += part.errors;
    total.foldersScanned += part.foldersScanned;
}

} // namespace

WorkspaceWatcher::WorkspaceWatcher(Workspace workspace, StorageContext context, QThreadPool *pool,
                                   QObject *parent)
    : QObject(parent)
    , m_workspace(std::move(workspace))
    , m_context(std::move(context))
    , m_pool(pool)
{
    // The rescans' index writes must reach the same notifications as every other operation.
    if (!m_workspace.changeSink())
        m_workspace.setChangeSink(m_context.changes);
    m_debounce.setSingleShot(true);
    connect(&m_debounce, &QTimer::timeout, this, &WorkspaceWatcher::rescanDirty);
    connect(&m_watch, &FolderWatch::folderChanged, this, &WorkspaceWatcher::noteFolder);
    connect(&m_watch, &FolderWatch::overflowed, this, [this] {
        m_everything = true;
        m_debounce.start(m_debounceMs);
    });
    connect(&m_watch, &FolderWatch::failed, this, &WorkspaceWatcher::failed);
    connect(&m_running, &QFutureWatcher<Result<ScanReport>>::finished, this,
            &WorkspaceWatcher::rescanDone);
}

WorkspaceWatcher::~WorkspaceWatcher()
{
    m_watch.stop();
    m_cancel.cancel();
    m_running.waitForFinished();
}

Status WorkspaceWatcher::start(int maxWatches)
{
    return m_watch.start(m_workspace.root(), maxWatches);
}

void WorkspaceWatcher::noteFolder(const QString &dir, bool tree)
{
    bool &wholeTree = m_dirty[dir];
    wholeTree = wholeTree || tree;
    // Each change pushes the rescan back: a program writing many files is rescanned once.
    m_debounce.start(m_debounceMs);
}

void WorkspaceWatcher::rescanDirty()
{
    if (m_busy)
        return; // rescanDone() comes back for what gathered meanwhile
    if (m_dirty.isEmpty() && !m_everything)
        return;
    QList<Folder> folders;
    if (m_everything || m_dirty.size() > maxFolderRescans) {
        folders.append({QString(), true});
    } else {
        // A folder rescanned with its tree covers the folders below it.
        QStringList trees;
        for (auto it = m_dirty.cbegin(); it != m_dirty.cend(); ++it) {
            if (it.value())
                trees.append(it.key());
        }
        for (auto it = m_dirty.cbegin(); it != m_dirty.cend(); ++it) {
            const bool covered = std::any_of(trees.cbegin(), trees.cend(), [&](const QString &t) {
                return t != it.key() && isBelow(it.key(), t);
            });
            if (!covered)
                folders.append({it.key(), it.value()});
        }
    }
    m_dirty.clear();
    m_everything = false;
    m_busy = true;
    m_inFlight = folders;
    m_running.setFuture(QtConcurrent::run(m_pool, [ws = m_workspace, ctx = m_context, folders,
                                                   cancel = m_cancel, follower = m_follower] {
        return rescan(ws, ctx, folders, cancel, follower.get());
    }));
}

Result<ScanReport> WorkspaceWatcher::rescan(const Workspace &workspace,
                                            const StorageContext &context,
                                            const QList<Folder> &folders, const CancelToken &cancel,
                                            IndexFollower *follower)
{
    ScanReport total;
    for (const Folder &f : folders) {
        Rescanner rescanner(workspace, context);
        auto report = f.tree ? rescanner.run(f.dir, cancel) : rescanner.runFolder(f.dir, cancel);
        if (!report)
            return report.error().context(
                QStringLiteral("rescanning '%1'").arg(f.dir.isEmpty() ? workspace.root() : f.dir));
        mergeInto(total, *report);
    }
    // What another process saved together with its row, which the rescans found in step.
    if (follower)
        HM_TRY(follower->catchUp());
    return total;
}

void WorkspaceWatcher::rescanDone()
{
    m_busy = false;
    const Result<ScanReport> result = m_running.result();
    if (result)
        Q_EMIT rescanned(*result);
    else if (result.error().code != ErrorCode::Cancelled) {
        Q_EMIT failed(result.error().message);
        // Those folders still hold unseen edits (the index was busy, say): try them again after
        // a pause rather than lose them.
        for (const Folder &f : std::as_const(m_inFlight)) {
            bool &wholeTree = m_dirty[f.dir];
            wholeTree = wholeTree || f.tree;
        }
        m_inFlight.clear();
        m_debounce.start(retryAfterFailureMs);
        return;
    }
    m_inFlight.clear();
    if (!m_dirty.isEmpty() || m_everything)
        m_debounce.start(m_debounceMs);
}

} // namespace hawkmoth
