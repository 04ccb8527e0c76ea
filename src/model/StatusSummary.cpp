#include "StatusSummary.h"

#include "StorageCore.h"
#include "StorageStatus.h"

namespace hawkmoth {

namespace {

bool isNetworkJob(const QString &kind)
{
    return kind == QLatin1String("sync") || kind == QLatin1String("pull") ||
           kind == QLatin1String("sync.held") || kind == QLatin1String("pull.held");
}

} // namespace

StatusSummary::StatusSummary(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_status(new StorageStatus(core, this))
{
    connect(m_status, &StorageStatus::workspaceChanged, this, &StatusSummary::onWorkspace);
    connect(m_status, &StorageStatus::statsChanged, this, &StatusSummary::updateFromStats);
    connect(m_status, &StorageStatus::hubChanged, this, &StatusSummary::updateFromHub);
    connect(&core.changes(), &ChangeNotifier::jobStarted, this, &StatusSummary::onJobStarted);
    connect(&core.changes(), &ChangeNotifier::jobFinished, this, &StatusSummary::onJobFinished);
}

void StatusSummary::onWorkspace(const QString &name)
{
    m_workspace = name;
    m_running.clear();
    m_lastError.clear();
    m_token = Token::Unknown;
    m_tokenSource.clear();
    Q_EMIT changed();
}

void StatusSummary::onJobStarted(const QString &workspace, const JobChange &job)
{
    if (workspace != m_workspace)
        return;
    m_running.insert(job.id); // syncing now, before the statistics say so
    m_sync = Sync::Syncing;
    Q_EMIT changed();
}

void StatusSummary::onJobFinished(const QString &workspace, const JobChange &job)
{
    if (workspace != m_workspace)
        return;
    // Only the end of a run says something about the network; a user's retry or unblock also
    // "finishes" a job (queued again) without running it.
    const bool ran = m_running.remove(job.id);
    const bool userCancel = job.state == JobState::Cancelled;
    if (ran && isNetworkJob(job.jobKind) && !userCancel)
        m_connectivity = job.state == JobState::Done || job.state == JobState::Blocked
                             ? Connectivity::Online
                             : Connectivity::Offline;
    if (!job.error.isEmpty() && job.state != JobState::Done && !userCancel)
        m_lastError = job.error;
    else if (isNetworkJob(job.jobKind) && job.state == JobState::Done)
        m_lastError.clear();
    Q_EMIT changed();
}

void StatusSummary::updateFromStats()
{
    const auto &stats = m_status->stats();
    if (!stats) {
        if (!m_status->statsError().isEmpty()) {
            m_lastError = m_status->statsError();
            Q_EMIT changed();
        }
        return;
    }
    const int pendingFiles = int(stats->states.value(SyncState::Pending));
    if (stats->runningJobs == 0)
        m_running.clear(); // ended while the notification was on its way, or in another process
    if (stats->runningJobs > 0 || !m_running.isEmpty()) {
        m_sync = Sync::Syncing;
        m_pending = pendingFiles;
    } else if (stats->failedJobs + stats->blockedJobs > 0) {
        m_sync = Sync::Error;
        m_pending = pendingFiles;
        if (m_lastError.isEmpty())
            m_lastError = stats->lastJobError;
    } else if (pendingFiles > 0 || stats->queuedJobs > 0) {
        m_sync = Sync::Pending;
        m_pending = pendingFiles > 0 ? pendingFiles : stats->queuedJobs;
    } else {
        m_sync = Sync::Idle;
        m_pending = 0;
    }
    Q_EMIT changed();
}

void StatusSummary::updateFromHub()
{
    const auto &hub = m_status->hubStatus();
    if (!hub)
        return;
    switch (hub->token) {
    case hub::LayerStatus::Token::None:
        m_token = Token::None;
        break;
    case hub::LayerStatus::Token::Configured:
        m_token = Token::Present;
        break;
    case hub::LayerStatus::Token::Rejected:
        m_token = Token::Rejected;
        break;
    }
    m_tokenSource = hub->tokenSource;
    Q_EMIT changed();
}

QString StatusSummary::syncText() const
{
    switch (m_sync) {
    case Sync::Idle:
        return tr("Synced");
    case Sync::Pending:
        return tr("%1 pending").arg(m_pending);
    case Sync::Syncing:
        return tr("Syncing…");
    case Sync::Error:
        return tr("Sync error");
    }
    return {};
}

QString StatusSummary::connectivityText() const
{
    switch (m_connectivity) {
    case Connectivity::Unknown:
        return tr("Not synced yet");
    case Connectivity::Online:
        return tr("Online");
    case Connectivity::Offline:
        return tr("Offline");
    }
    return {};
}

QString StatusSummary::tokenText() const
{
    switch (m_token) {
    case Token::Unknown:
        return tr("Token: …");
    case Token::None:
        return tr("No Hub token");
    case Token::Present:
        return tr("Token: %1").arg(m_tokenSource);
    case Token::Rejected:
        return tr("Token rejected");
    }
    return {};
}

} // namespace hawkmoth

#include "moc_StatusSummary.cpp"
