#include "SchedulerWorker.h"

#include "JobScheduler.h"
#include "SessionCleaner.h"
#include "StorageCore.h"

#include <QDateTime>

#include <functional>

namespace hawkmoth {

namespace {
// When the runner lock is taken by another process, look again this often.
constexpr int lockRetryMs = 5000;
// The longest single sleep: the queue may have been changed by another process meanwhile.
constexpr qint64 maxSleepMs = 60000;
} // namespace

SchedulerWorker::SchedulerWorker(StorageCore &core, JobScheduler &scheduler)
    : m_core(core)
    , m_scheduler(scheduler)
    , m_context(core.context())
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SchedulerWorker::runDue);
}

SchedulerWorker::~SchedulerWorker() = default;

template<typename... Params, typename... Values>
void SchedulerWorker::post(void (JobScheduler::*signal)(Params...), Values... values)
{
    JobScheduler *scheduler = &m_scheduler;
    // The signal is emitted by the scheduler's own thread, as a connection to it would.
    const auto emitOnScheduler = [scheduler, signal, values...] {
        std::invoke(signal, scheduler, values...);
    };
    QMetaObject::invokeMethod(scheduler, emitOnScheduler, Qt::QueuedConnection);
}

void SchedulerWorker::cancelRunning()
{
    QMutexLocker lock(&m_cancelMutex);
    m_cancel.cancel();
}

void SchedulerWorker::setWorkspace(const Workspace &workspace)
{
    m_runner.reset(); // releases the previous workspace's lock
    m_timer->stop();
    m_workspace = workspace;
    m_context = m_core.context();
    // What a killed process left in the staging folder goes now; the automatic retention pass
    // for session files at most once a day.
    SessionCleaner cleaner(m_workspace, m_context);
    (void)cleaner.removeStagingLeftovers();
    (void)cleaner.runIfDue();
    runDue();
}

void SchedulerWorker::runDue()
{
    if (!m_workspace.isValid())
        return;
    if (!m_runner) {
        auto runner = std::make_unique<JobRunner>(m_workspace, m_context, m_core.handlers());
        // A user's cancel through core.jobs() reaches the job running here at once.
        runner->setRunningJobs(&m_core.jobs().running());
        if (auto started = runner->start(); !started) {
            post(&JobScheduler::unavailable, started.error().message);
            m_timer->start(lockRetryMs);
            return;
        }
        m_runner = std::move(runner);
    }
    CancelToken cancel;
    {
        QMutexLocker lock(&m_cancelMutex);
        m_cancel = cancel;
    }
    // core.jobs() reports the same runs as signals of its own (with the job's new state).
    const JobObserver control = m_core.jobs().observer(m_workspace.name());
    JobObserver observer;
    observer.settled = control.settled;
    observer.started = [this, control](const Job &job) {
        control.started(job);
        post(&JobScheduler::jobStarted, job.id, job.kind);
    };
    observer.progress = [this, control](const Job &job, const Progress &p) {
        control.progress(job, p);
        post(&JobScheduler::jobProgress, job.id, p.bytesDone, p.bytesTotal, p.filesDone,
             p.filesTotal);
    };
    observer.note = [this, control](const Job &job, const QString &line) {
        control.note(job, line);
        post(&JobScheduler::jobNote, job.id, line);
    };
    observer.finished = [this](const Job &job, const JobOutcome &outcome) {
        post(&JobScheduler::jobFinished, job.id, job.kind, outcome.kind == JobOutcome::Kind::Done,
             outcome.message);
    };
    if (auto ran = m_runner->runDue(cancel, observer); !ran)
        post(&JobScheduler::unavailable, ran.error().message);
    scheduleNext();
}

void SchedulerWorker::scheduleNext()
{
    auto next = m_runner->nextDueMs();
    qint64 wait = maxSleepMs;
    if (next && next->has_value())
        wait = qBound<qint64>(0, **next - QDateTime::currentMSecsSinceEpoch(), maxSleepMs);
    m_timer->start(int(wait));
}

} // namespace hawkmoth
