#include "ChangeSink.h"

namespace hawkmoth {

namespace {

// What one path's changes add up to within a batch.
FileChange merged(const FileChange &before, const FileChange &next)
{
    const FileChangeKind was = before.kind;
    FileChange out = next;
    switch (next.kind) {
    case FileChangeKind::Removed:
        // Even a file added in this batch is announced as removed: a receiver may have read it
        // meanwhile from a listing, not from this batch (the project tree did, and kept a row
        // for a file moved away). A removal of a path it never knew costs it nothing.
        return out;
    case FileChangeKind::Added:
        out.kind = was == FileChangeKind::Added ? FileChangeKind::Added : FileChangeKind::Changed;
        return out;
    case FileChangeKind::Changed:
        out.kind = was == FileChangeKind::Added ? FileChangeKind::Added : FileChangeKind::Changed;
        return out;
    case FileChangeKind::StateChanged:
        out.kind = was == FileChangeKind::StateChanged ? FileChangeKind::StateChanged
                   : was == FileChangeKind::Added      ? FileChangeKind::Added
                                                       : FileChangeKind::Changed;
        return out;
    }
    return out;
}

} // namespace

void FileChangeSet::add(const FileChange &change)
{
    const auto it = m_slot.constFind(change.entry.path);
    if (it == m_slot.constEnd()) {
        m_slot.insert(change.entry.path, m_order.size());
        m_order.append(change);
        return;
    }
    FileChange &slot = m_order[it.value()];
    slot = merged(slot, change);
}

QList<FileChange> FileChangeSet::changes() const
{
    return m_order;
}

void ChangeSink::addFiles(const QString &workspace, const QList<FileChange> &changes,
                          const QList<FileMove> &moves)
{
    if (changes.isEmpty() && moves.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    wakeIfFirst();
    FileChangeSet &set = m_pending.files[workspace];
    QHash<QString, FileChange> &reported = m_reported[workspace];
    for (const FileChange &c : changes) {
        set.add(c);
        reported.insert(c.entry.path, c);
    }
    if (reported.size() > maxRemembered)
        reported.clear();
    for (const FileMove &m : moves)
        set.addMove(m);
}

QHash<QString, FileChange> ChangeSink::takeReported(const QString &workspace)
{
    QMutexLocker lock(&m_mutex);
    return m_reported.take(workspace);
}

void ChangeSink::addJobs(const QString &workspace, const QList<JobChange> &changes)
{
    if (changes.isEmpty())
        return;
    QMutexLocker lock(&m_mutex);
    wakeIfFirst();
    m_pending.jobs[workspace].append(changes);
}

void ChangeSink::addWorkspace(const WorkspaceChange &change)
{
    QMutexLocker lock(&m_mutex);
    m_pending.workspaces.append(change);
    // What the user just asked for (a switch, a new workspace): delivered without the batch's
    // wait, which was half of the 100 ms a switch may take to show the other workspace.
    if (m_wakeup)
        m_wakeup(Delivery::Now);
}

ChangeBatch ChangeSink::take()
{
    QMutexLocker lock(&m_mutex);
    return std::exchange(m_pending, {});
}

bool ChangeSink::hasWorkspaceChanges()
{
    QMutexLocker lock(&m_mutex);
    return !m_pending.workspaces.isEmpty();
}

void ChangeSink::setWakeup(std::function<void(Delivery)> wakeup)
{
    QMutexLocker lock(&m_mutex);
    m_wakeup = std::move(wakeup);
}

void ChangeSink::wakeIfFirst()
{
    if (m_pending.isEmpty() && m_wakeup)
        m_wakeup(Delivery::Batched);
}

void PendingChanges::committed()
{
    if (m_sink) {
        m_sink->addFiles(m_workspace, m_files, m_moves);
        m_sink->addJobs(m_workspace, m_jobs);
    }
    rolledBack();
}

void PendingChanges::rolledBack()
{
    m_files.clear();
    m_moves.clear();
    m_jobs.clear();
}

} // namespace hawkmoth
