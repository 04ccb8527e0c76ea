#include "JobControl.h"

#include "StorageCore.h"

#include <QMetaObject>
#include <QPointer>

namespace hawkmoth {

JobControl::JobControl(StorageCore &core, QObject *parent)
    : QObject(parent)
    , m_core(core)
{
    qRegisterMetaType<hawkmoth::Progress>();
    qRegisterMetaType<hawkmoth::JobState>();
}

QFuture<Result<QList<Job>>> JobControl::list(const Workspace &ws, bool includeDone)
{
    return m_core.run([ws, includeDone]() -> Result<QList<Job>> {
        auto db = ws.connect();
        if (!db)
            return db.error();
        QList<JobState> states;
        if (!includeDone)
            states = {JobState::Queued, JobState::Running, JobState::Blocked, JobState::Failed,
                      JobState::Cancelled};
        return JobQueue(**db).list(states);
    });
}

QFuture<Result<qint64>> JobControl::enqueue(const Workspace &ws, const QString &kind,
                                            const QJsonObject &payload)
{
    return m_core.run([ws, kind, payload]() -> Result<qint64> {
        auto db = ws.connect();
        if (!db)
            return db.error();
        return JobQueue(**db).enqueue(kind, payload);
    });
}

QFuture<Result<Job>> JobControl::change(const Workspace &ws, qint64 id,
                                        std::function<Status(JobQueue &)> action)
{
    const Clock clock = m_clock;
    return m_core.run([this, ws, id, action, clock]() -> Result<Job> {
        auto db = ws.connect();
        if (!db)
            return db.error();
        JobQueue queue(**db, clock);
        HM_TRY(action(queue));
        auto job = queue.get(id);
        if (!job)
            return job.error();
        if (!job->has_value())
            return Error::notFound(QStringLiteral("there is no job %1").arg(id));
        const QString name = ws.name();
        const JobState state = (*job)->state;
        QMetaObject::invokeMethod(
            this, [this, name, id, state] { Q_EMIT jobStateChanged(name, id, state); },
            Qt::QueuedConnection);
        return **job;
    });
}

QFuture<Result<Job>> JobControl::cancel(const Workspace &ws, qint64 id)
{
    return change(ws, id, [this, id](JobQueue &queue) -> Status {
        auto state = queue.requestCancel(id);
        if (!state)
            return state.error();
        // Running here: stop it now rather than at its next progress report.
        if (*state == JobState::Running)
            m_running.cancel(id);
        return {};
    });
}

QFuture<Result<Job>> JobControl::retry(const Workspace &ws, qint64 id)
{
    return change(ws, id, [id](JobQueue &queue) { return queue.retryNow(id); });
}

QFuture<Result<Job>> JobControl::unblock(const Workspace &ws, qint64 id)
{
    return change(ws, id, [id](JobQueue &queue) { return queue.unblockOne(id); });
}

QFuture<Result<DrainReport>> JobControl::runDue(const Workspace &ws, const QStringList &kinds,
                                                qint64 maxWaitMs, const CancelToken &cancel)
{
    const Clock clock = m_clock;
    return m_core.run([this, ws, kinds, maxWaitMs, cancel, clock]() -> Result<DrainReport> {
        const StorageContext context = m_core.context();
        JobDrain drain(ws, context, m_core.handlers(), clock);
        drain.setRunningJobs(&m_running);
        HM_TRY(drain.start());
        return drain.run(kinds, maxWaitMs, cancel, observer(ws.name()));
    });
}

JobObserver JobControl::observer(const QString &workspace)
{
    const QPointer<JobControl> self(this);
    JobObserver o;
    o.started = [self, workspace](const Job &job) {
        if (!self)
            return;
        const qint64 id = job.id;
        const QString kind = job.kind;
        QMetaObject::invokeMethod(
            self, [self, workspace, id, kind] { Q_EMIT self->jobStarted(workspace, id, kind); },
            Qt::QueuedConnection);
    };
    o.progress = [self, workspace](const Job &job, const Progress &p) {
        if (self)
            self->postProgress(workspace, job.id, p);
    };
    o.note = [self, workspace](const Job &job, const QString &line) {
        if (!self)
            return;
        const qint64 id = job.id;
        QMetaObject::invokeMethod(
            self, [self, workspace, id, line] { Q_EMIT self->jobNote(workspace, id, line); },
            Qt::QueuedConnection);
    };
    o.settled = [self, workspace](const Job &job, JobState state, const QString &why) {
        if (!self)
            return;
        const qint64 id = job.id;
        const QString kind = job.kind;
        QMetaObject::invokeMethod(
            self,
            [self, workspace, id, kind, state, why] {
                Q_EMIT self->jobFinished(workspace, id, kind, state, why);
            },
            Qt::QueuedConnection);
    };
    return o;
}

void JobControl::postProgress(const QString &workspace, qint64 id, const Progress &progress)
{
    {
        const QMutexLocker lock(&m_progressMutex);
        const bool posted = m_pendingProgress.contains(id);
        m_pendingProgress.insert(id, progress);
        if (posted)
            return;
    }
    QMetaObject::invokeMethod(
        this,
        [this, workspace, id] {
            Progress latest;
            {
                const QMutexLocker lock(&m_progressMutex);
                latest = m_pendingProgress.take(id);
            }
            Q_EMIT jobProgress(workspace, id, latest);
        },
        Qt::QueuedConnection);
}

} // namespace hawkmoth
