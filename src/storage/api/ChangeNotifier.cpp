#include "ChangeNotifier.h"

namespace hawkmoth {

ChangeNotifier::ChangeNotifier(QObject *parent)
    : QObject(parent)
    , m_sink(std::make_shared<ChangeSink>())
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(defaultBatchMs);
    connect(&m_timer, &QTimer::timeout, this, &ChangeNotifier::flush);
    // The first change after a delivery starts the batch's timer (a workspace change delivers at
    // once), from whichever thread wrote it; the sink calls this under its lock, and the
    // destructor clears it under the same lock.
    m_sink->setWakeup([this](ChangeSink::Delivery delivery) {
        QMetaObject::invokeMethod(
            this,
            [this, delivery] {
                if (delivery == ChangeSink::Delivery::Now) {
                    if (m_sink->hasWorkspaceChanges()) // else a flush() took them meanwhile
                        flush();
                } else if (!m_timer.isActive()) {
                    m_timer.start();
                }
            },
            Qt::QueuedConnection);
    });
}

ChangeNotifier::~ChangeNotifier()
{
    m_sink->setWakeup({});
}

void ChangeNotifier::flush()
{
    m_timer.stop();
    const ChangeBatch batch = m_sink->take();
    for (const WorkspaceChange &w : batch.workspaces)
        emitWorkspace(w);
    for (auto it = batch.files.cbegin(); it != batch.files.cend(); ++it)
        emitFiles(it.key(), it.value());
    for (auto it = batch.jobs.cbegin(); it != batch.jobs.cend(); ++it)
        emitJobs(it.key(), it.value());
}

void ChangeNotifier::emitFiles(const QString &workspace, const FileChangeSet &set)
{
    // First, so that a receiver following a file has moved it before it hears of the removal.
    if (const QList<FileMove> moves = set.moves(); !moves.isEmpty())
        Q_EMIT filesMoved(workspace, moves);
    const QList<FileChange> changes = set.changes();
    // Each list sized first: a sync's batch holds every file it settled, and growing the lists
    // step by step (copies, fresh pages) cost the GUI thread 25 ms at the end of a 10,000-file one.
    qsizetype counts[4] = {};
    for (const FileChange &c : changes)
        ++counts[int(c.kind)];
    FileEntries added, changed, stateChanged;
    QStringList removed;
    added.reserve(counts[int(FileChangeKind::Added)]);
    changed.reserve(counts[int(FileChangeKind::Changed)]);
    stateChanged.reserve(counts[int(FileChangeKind::StateChanged)]);
    removed.reserve(counts[int(FileChangeKind::Removed)]);
    for (const FileChange &c : changes) {
        switch (c.kind) {
        case FileChangeKind::Added:
            added.append(c.entry);
            break;
        case FileChangeKind::Changed:
            changed.append(c.entry);
            break;
        case FileChangeKind::StateChanged:
            stateChanged.append(c.entry);
            break;
        case FileChangeKind::Removed:
            removed.append(c.entry.path);
            break;
        }
    }
    if (!removed.isEmpty())
        Q_EMIT filesRemoved(workspace, removed);
    if (!added.isEmpty())
        Q_EMIT filesAdded(workspace, added);
    if (!changed.isEmpty())
        Q_EMIT filesChanged(workspace, changed);
    if (!stateChanged.isEmpty())
        Q_EMIT filesStateChanged(workspace, stateChanged);
}

void ChangeNotifier::emitJobs(const QString &workspace, const QList<JobChange> &jobs)
{
    QList<JobChange> queued;
    // Progress is a level, not an event: only each job's latest in the batch is worth showing.
    QHash<qint64, qsizetype> lastProgress;
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        if (jobs[i].kind == JobChangeKind::Queued)
            queued.append(jobs[i]);
        else if (jobs[i].kind == JobChangeKind::Progress)
            lastProgress.insert(jobs[i].id, i);
    }
    if (!queued.isEmpty())
        Q_EMIT jobsQueued(workspace, queued);
    for (qsizetype i = 0; i < jobs.size(); ++i) {
        const JobChange &j = jobs[i];
        if (j.kind == JobChangeKind::Started)
            Q_EMIT jobStarted(workspace, j);
        else if (j.kind == JobChangeKind::Progress && lastProgress.value(j.id) == i)
            Q_EMIT jobProgress(workspace, j);
        else if (j.kind == JobChangeKind::Step)
            Q_EMIT jobStep(workspace, j);
        else if (j.kind == JobChangeKind::Finished)
            Q_EMIT jobFinished(workspace, j);
    }
}

void ChangeNotifier::emitWorkspace(const WorkspaceChange &change)
{
    switch (change.kind) {
    case WorkspaceChangeKind::Added:
        Q_EMIT workspaceAdded(change.name);
        break;
    case WorkspaceChangeKind::Renamed:
        Q_EMIT workspaceRenamed(change.oldName, change.name);
        break;
    case WorkspaceChangeKind::Removed:
        Q_EMIT workspaceRemoved(change.name);
        break;
    case WorkspaceChangeKind::Current:
        Q_EMIT currentWorkspaceChanged(change.name);
        break;
    }
}

} // namespace hawkmoth
