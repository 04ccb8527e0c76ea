#include "StorageStatus.h"

#include "FutureGuard.h"
#include "RefreshGate.h"
#include "StorageCore.h"
#include "TransferRate.h"
#include "WorkspaceFollower.h"

namespace hawkmoth {

StorageStatus::StorageStatus(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_core(core)
    , m_follower(new WorkspaceFollower(core, this))
    , m_rate(new TransferRate(this))
    , m_statsGate(new RefreshGate(
          statsIntervalMs, [this] { readStats(); }, this))
    , m_gitGate(new RefreshGate(
          gitIntervalMs, [this] { readGit(); }, this))
    , m_hubGate(new RefreshGate(
          hubIntervalMs, [this] { readHub(); }, this))
{
    connect(m_follower, &WorkspaceFollower::workspaceChanged, this, &StorageStatus::follow);
    const ChangeNotifier &changes = core.changes();
    for (auto signal : {&ChangeNotifier::filesAdded, &ChangeNotifier::filesChanged,
                        &ChangeNotifier::filesStateChanged})
        connect(&changes, signal, this, &StorageStatus::filesTouched);
    connect(&changes, &ChangeNotifier::filesRemoved, this, &StorageStatus::filesTouched);
    connect(&core, &StorageCore::filesChanged, this, &StorageStatus::filesTouched);
    connect(&changes, &ChangeNotifier::jobsQueued, this,
            [this](const QString &ws) { jobsTouched(ws, false); });
    connect(&changes, &ChangeNotifier::jobStarted, this,
            [this](const QString &ws, const JobChange &c) {
                m_rate->started(ws, c.id);
                jobsTouched(ws, false);
            });
    connect(&changes, &ChangeNotifier::jobFinished, this,
            [this](const QString &ws, const JobChange &c) {
                m_rate->ended(ws, c.id);
                jobsTouched(ws, true);
            });
    // The rate counts what both sources report (the queue's copy every half second, a run in
    // this process live); each report only adds what its job moved since the one before.
    connect(&changes, &ChangeNotifier::jobProgress, this,
            [this](const QString &ws, const JobChange &c) {
                m_rate->progressed(ws, c.id, c.progress.bytesDone);
            });
    connect(&core.jobs(), &JobControl::jobProgress, this,
            [this](const QString &ws, qint64 id, const Progress &p) {
                m_rate->progressed(ws, id, p.bytesDone);
            });
    connect(&core.jobs(), &JobControl::jobStateChanged, this,
            [this](const QString &ws) { jobsTouched(ws, true); });
}

StorageStatus::~StorageStatus() = default;

const Workspace &StorageStatus::workspace() const
{
    return m_follower->workspace();
}

void StorageStatus::refresh()
{
    m_statsGate->request();
    m_gitGate->request();
    m_hubGate->request();
}

void StorageStatus::follow(const Workspace &ws)
{
    ++m_generation;
    m_stats.reset();
    m_git.reset();
    m_hub.reset();
    m_statsError.clear();
    m_gitError.clear();
    m_hubError.clear();
    // The window paints the new workspace's tree first: these reads go through the whole
    // workspace (its index, git's index, the manifest) and would share the cores with it.
    for (RefreshGate *gate : {m_statsGate, m_gitGate, m_hubGate}) {
        gate->reset();
        gate->requestAfter(followDelayMs);
    }
    Q_EMIT workspaceChanged(ws.name());
    Q_EMIT statsChanged();
    Q_EMIT gitChanged();
    Q_EMIT hubChanged();
}

void StorageStatus::filesTouched(const QString &workspace)
{
    if (workspace != m_follower->name())
        return;
    refresh();
}

void StorageStatus::jobsTouched(const QString &workspace, bool ended)
{
    if (workspace != m_follower->name())
        return;
    m_statsGate->request();
    if (ended) { // a sync moves commits and uploads: ahead/behind, pending, a rejected token
        m_gitGate->request();
        m_hubGate->request();
    }
}

// Each read runs on the core's pool; an answer for an earlier workspace is dropped (its gate was
// reset when the workspace changed).
void StorageStatus::readStats()
{
    if (!workspace().isValid()) {
        m_statsGate->finished();
        return;
    }
    const quint64 generation = m_generation;
    onResult(m_core.workspaces().statistics(workspace()), this,
             [this, generation](const Result<StorageStats> &stats) {
                 if (generation != m_generation)
                     return;
                 m_statsGate->finished();
                 m_statsError = stats ? QString() : stats.error().message;
                 if (stats)
                     m_stats = *stats;
                 Q_EMIT statsChanged();
             });
}

void StorageStatus::readGit()
{
    if (!workspace().isValid()) {
        m_gitGate->finished();
        return;
    }
    const quint64 generation = m_generation;
    onResult(m_core.git().layerStatus(workspace()), this,
             [this, generation](const Result<git::LayerStatus> &status) {
                 if (generation != m_generation)
                     return;
                 m_gitGate->finished();
                 m_gitError = status ? QString() : status.error().message;
                 if (status)
                     m_git = *status;
                 Q_EMIT gitChanged();
             });
}

void StorageStatus::readHub()
{
    if (!workspace().isValid()) {
        m_hubGate->finished();
        return;
    }
    const quint64 generation = m_generation;
    onResult(m_core.hub().layerStatus(workspace()), this,
             [this, generation](const Result<hub::LayerStatus> &status) {
                 if (generation != m_generation)
                     return;
                 m_hubGate->finished();
                 m_hubError = status ? QString() : status.error().message;
                 if (status)
                     m_hub = *status;
                 Q_EMIT hubChanged();
             });
}

} // namespace hawkmoth

#include "moc_StorageStatus.cpp"
