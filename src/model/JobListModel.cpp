#include "JobListModel.h"

#include "FutureGuard.h"
#include "JobText.h"
#include "RefreshGate.h"
#include "StorageCore.h"
#include "WorkspaceFollower.h"

namespace hawkmoth {

namespace {

bool sameShown(const Job &a, const Job &b)
{
    return a.state == b.state && a.kind == b.kind && a.lastError == b.lastError &&
           a.attempts == b.attempts && a.nextAttemptMs == b.nextAttemptMs &&
           a.holdUntilMs == b.holdUntilMs && a.cancelRequested == b.cancelRequested &&
           a.progress == b.progress;
}

// How far a run got, for telling an older report of it from a newer one.
qint64 doneOf(const Progress &p)
{
    return p.bytesDone + p.filesDone + p.objectsDone;
}

} // namespace

JobListModel::JobListModel(StorageCore &core, QObject *parent)
    : QAbstractTableModel(parent)
    , m_core(core)
    , m_follower(new WorkspaceFollower(core, this))
    , m_gate(new RefreshGate(
          reloadIntervalMs, [this] { startReload(); }, this))
{
    qRegisterMetaType<hawkmoth::JobChange>();
    connect(m_follower, &WorkspaceFollower::workspaceChanged, this, &JobListModel::followWorkspace);
    const ChangeNotifier &changes = core.changes();
    connect(&changes, &ChangeNotifier::jobsQueued, this, &JobListModel::onQueued);
    // A run in this process says it started at once; the queue's notice comes a batch later, and
    // live progress that came between would otherwise meet a row that is not running yet.
    connect(&changes, &ChangeNotifier::jobStarted, this,
            [this](const QString &ws, const JobChange &c) { onStarted(ws, c.id, c.jobKind); });
    connect(&core.jobs(), &JobControl::jobStarted, this, &JobListModel::onStarted);
    connect(&changes, &ChangeNotifier::jobFinished, this, &JobListModel::onFinished);
    // The queue keeps progress every half second; a run in this process reports it live.
    connect(&changes, &ChangeNotifier::jobProgress, this,
            [this](const QString &ws, const JobChange &c) { onProgress(ws, c.id, c.progress); });
    connect(&core.jobs(), &JobControl::jobProgress, this, &JobListModel::onProgress);
    connect(&core.jobs(), &JobControl::jobStateChanged, this, [this](const QString &ws) {
        if (isCurrent(ws))
            reload();
    });
}

JobListModel::~JobListModel() = default;

const Workspace &JobListModel::workspace() const
{
    return m_follower->workspace();
}

void JobListModel::setShowFinished(bool on)
{
    if (on == m_showFinished)
        return;
    m_showFinished = on;
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        if (hidden(m_rows.at(row).job.state))
            removeAt(row);
    }
    ++m_serial; // what a read started before now says is stale for the filter
    m_gate->requestNow();
}

void JobListModel::reload()
{
    m_gate->request();
}

bool JobListModel::isCurrent(const QString &workspace) const
{
    return workspace == m_follower->name();
}

bool JobListModel::hidden(JobState state) const
{
    return !m_showFinished && (state == JobState::Done || state == JobState::Cancelled);
}

void JobListModel::followWorkspace(const Workspace &)
{
    beginResetModel();
    m_rows.clear();
    m_removedAt.clear();
    m_ended.clear();
    endResetModel();
    ++m_generation;
    m_gate->reset();
    m_gate->requestNow();
}

void JobListModel::startReload()
{
    const Workspace &ws = m_follower->workspace();
    if (!ws.isValid()) {
        m_gate->finished();
        return;
    }
    const quint64 generation = m_generation;
    const quint64 askedAt = m_serial;
    onResult(m_core.jobs().list(ws, m_showFinished), this,
             [this, generation, askedAt](const Result<QList<Job>> &jobs) {
                 if (generation != m_generation)
                     return; // another workspace's queue; the gate was reset for the new one
                 m_gate->finished();
                 if (!jobs) {
                     Q_EMIT loadFailed(jobs.error().message);
                     return;
                 }
                 merge(*jobs, askedAt);
                 Q_EMIT loaded();
             });
}

void JobListModel::merge(const QList<Job> &jobs, quint64 askedAt)
{
    // Rows a notification changed after the read began are newer than what it found.
    QHash<qint64, const Job *> found;
    for (const Job &job : jobs)
        found.insert(job.id, &job);
    for (int row = int(m_rows.size()) - 1; row >= 0; --row) {
        const Row &r = m_rows.at(row);
        if (!found.contains(r.job.id) && r.touched <= askedAt)
            removeAt(row);
    }
    for (const Job &job : jobs) {
        const int row = rowOf(job.id);
        // An ended job stays ended, however late the read: that beats any notification.
        const bool final = isFinal(job.state);
        if (final)
            m_ended.insert(job.id);
        if (row >= 0 && m_rows.at(row).touched > askedAt && !final)
            continue;
        if (hidden(job.state)) { // ended while no notification of it came (another process)
            if (row >= 0)
                removeAt(row);
            continue;
        }
        if (row < 0 && m_removedAt.value(job.id) > askedAt)
            continue;
        Job merged = job;
        // Live progress may be ahead of what the queue had kept when it was read.
        if (row >= 0 && job.state == JobState::Running &&
            doneOf(m_rows.at(row).job.progress) > doneOf(job.progress))
            merged.progress = m_rows.at(row).job.progress;
        if (row < 0 || !sameShown(m_rows.at(row).job, merged))
            put(merged, false);
    }
    for (auto it = m_removedAt.begin(); it != m_removedAt.end();)
        it = it.value() <= askedAt ? m_removedAt.erase(it) : std::next(it);
}

void JobListModel::onQueued(const QString &workspace, const QList<JobChange> &jobs)
{
    if (!isCurrent(workspace))
        return;
    ++m_serial;
    for (const JobChange &c : jobs) {
        if (rowOf(c.id) >= 0)
            continue;
        Job job;
        job.id = c.id;
        job.kind = c.jobKind;
        job.state = JobState::Queued;
        put(job, true);
    }
    reload(); // when it is due, from the queue
}

Job JobListModel::shownJob(qint64 id, const QString &kind)
{
    // A notification is news: what the row showed, or a job this model has not seen yet.
    ++m_serial;
    const int row = rowOf(id);
    Job job = row >= 0 ? m_rows.at(row).job : Job{};
    job.id = id;
    if (!kind.isEmpty())
        job.kind = kind;
    return job;
}

void JobListModel::onStarted(const QString &workspace, qint64 id, const QString &kind)
{
    if (!isCurrent(workspace))
        return;
    // Both sources tell of the same start; the second must not reset the progress shown since.
    if (const int row = rowOf(id); row >= 0 && m_rows.at(row).job.state == JobState::Running)
        return;
    Job job = shownJob(id, kind);
    job.state = JobState::Running;
    job.progress = {}; // a run starts from zero; the queue still holds the last run's numbers
    job.cancelRequested = false;
    job.attempts += 1;
    put(job, true);
    reload(); // a job this model had not seen yet: its attempts and error
}

void JobListModel::onProgress(const QString &workspace, qint64 id, const Progress &progress)
{
    const int row = isCurrent(workspace) ? rowOf(id) : -1;
    if (row < 0 || m_rows.at(row).job.state != JobState::Running)
        return;
    // Two sources report a run here (live, and the queue's copy every half second): a copy that
    // arrives after a newer live report is behind it, and is dropped.
    if (doneOf(progress) < doneOf(m_rows.at(row).job.progress))
        return;
    m_rows[row].job.progress = progress;
    const QModelIndex at = index(row, ProgressColumn);
    Q_EMIT dataChanged(at, at);
}

void JobListModel::onFinished(const QString &workspace, const JobChange &c)
{
    if (!isCurrent(workspace))
        return;
    Job job = shownJob(c.id, c.jobKind);
    job.state = c.state;
    job.lastError = c.error;
    job.cancelRequested = false;
    put(job, true);
    reload(); // the next attempt's time and the attempts are only in the queue
}

void JobListModel::put(const Job &job, bool structural)
{
    if (isFinal(job.state))
        m_ended.insert(job.id);
    else if (m_ended.contains(job.id))
        return; // a late notification of a job that has ended meanwhile
    int row = rowOf(job.id);
    if (hidden(job.state)) {
        if (row >= 0)
            removeAt(row);
        if (structural)
            m_removedAt.insert(job.id, m_serial);
        return;
    }
    const quint64 touched = structural ? m_serial : 0;
    if (row < 0) {
        row = lowerBound(job.id);
        beginInsertRows({}, row, row);
        m_rows.insert(row, Row{job, touched});
        endInsertRows();
        return;
    }
    m_rows[row] = Row{job, structural ? touched : m_rows.at(row).touched};
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void JobListModel::removeAt(int row)
{
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

int JobListModel::lowerBound(qint64 id) const
{
    const auto it = std::lower_bound(m_rows.cbegin(), m_rows.cend(), id,
                                     [](const Row &r, qint64 v) { return r.job.id < v; });
    return int(it - m_rows.cbegin());
}

int JobListModel::rowOf(qint64 id) const
{
    const int row = lowerBound(id);
    return row < m_rows.size() && m_rows.at(row).job.id == id ? row : -1;
}

const Job *JobListModel::jobAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row).job : nullptr;
}

bool JobListModel::canCancel(int row) const
{
    const Job *job = jobAt(row);
    if (!job || job->cancelRequested)
        return false;
    return job->state == JobState::Queued || job->state == JobState::Running ||
           job->state == JobState::Blocked || job->state == JobState::Failed;
}

bool JobListModel::canRetry(int row) const
{
    const Job *job = jobAt(row);
    return job && (job->state == JobState::Queued || job->state == JobState::Failed ||
                   job->state == JobState::Blocked);
}

bool JobListModel::canUnblock(int row) const
{
    const Job *job = jobAt(row);
    return job && (job->state == JobState::Blocked ||
                   (job->state == JobState::Queued && job->holdUntilMs > m_clock.nowMs()));
}

void JobListModel::cancelJob(qint64 id)
{
    act(id, QStringLiteral("cancel"), m_core.jobs().cancel(workspace(), id));
}

void JobListModel::retryJob(qint64 id)
{
    act(id, QStringLiteral("retry"), m_core.jobs().retry(workspace(), id));
}

void JobListModel::unblockJob(qint64 id)
{
    act(id, QStringLiteral("unblock"), m_core.jobs().unblock(workspace(), id));
}

void JobListModel::act(qint64 id, const QString &action, QFuture<Result<Job>> future)
{
    const quint64 generation = m_generation;
    onResult(std::move(future), this, [this, id, action, generation](const Result<Job> &job) {
        if (job && generation == m_generation) {
            ++m_serial;
            put(*job, true); // the job as the action left it ("cancelling", due now)
        }
        reload();
        Q_EMIT actionFinished(id, action, job.ok(), job ? QString() : job.error().message);
    });
}

int JobListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JobListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant JobListModel::data(const QModelIndex &index, int role) const
{
    const Job *job = index.isValid() ? jobAt(index.row()) : nullptr;
    if (!job)
        return {};
    switch (role) {
    case JobIdRole:
        return job->id;
    case JobKindRole:
        return job->kind;
    case JobStateRole:
        return int(job->state);
    case ProgressFractionRole:
        return jobtext::fraction(job->progress);
    case CancelRequestedRole:
        return job->cancelRequested;
    case Qt::DisplayRole:
        break;
    case Qt::ToolTipRole:
        if (index.column() == KindColumn)
            return tr("Job %1 (%2), attempt %3").arg(job->id).arg(job->kind).arg(job->attempts);
        if (index.column() == ErrorColumn && !job->lastError.isEmpty())
            return job->lastError;
        return {};
    default:
        return {};
    }
    const qint64 now = m_clock.nowMs();
    switch (index.column()) {
    case KindColumn:
        return jobtext::kind(job->kind);
    case StateColumn:
        return jobtext::state(*job, now);
    case ProgressColumn:
        return jobtext::progress(job->progress);
    case ErrorColumn:
        return job->lastError;
    case NextAttemptColumn:
        return jobtext::nextAttempt(*job, now);
    default:
        return {};
    }
}

QVariant JobListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Job");
    case StateColumn:
        return tr("State");
    case ProgressColumn:
        return tr("Progress");
    case ErrorColumn:
        return tr("Error");
    case NextAttemptColumn:
        return tr("Next attempt");
    default:
        return {};
    }
}

} // namespace hawkmoth

#include "moc_JobListModel.cpp"
