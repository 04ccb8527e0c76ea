#pragma once
// The half of JobScheduler that lives on its worker thread: owns the JobRunner (and with it the
// workspace's runner lock) and the timer for the next due job.

#include "JobRunner.h"
#include "StorageContext.h"

#include <QMutex>
#include <QObject>
#include <QTimer>

#include <memory>

namespace hawkmoth {

class StorageCore;

class SchedulerWorker : public QObject
{
    Q_OBJECT

public:
    explicit SchedulerWorker(StorageCore &core);
    ~SchedulerWorker() override;

    // Called from the GUI thread while a job may be running on the worker's.
    void cancelRunning();

public Q_SLOTS:
    void setWorkspace(const hawkmoth::Workspace &workspace);
    void runDue();

Q_SIGNALS:
    void jobStarted(qint64 id, const QString &kind);
    void jobProgress(qint64 id, qint64 bytesDone, qint64 bytesTotal, qint64 filesDone,
                     qint64 filesTotal);
    void jobNote(qint64 id, const QString &line);
    void jobFinished(qint64 id, const QString &kind, bool ok, const QString &message);
    void unavailable(const QString &reason);

private:
    void scheduleNext();

    StorageCore &m_core;
    StorageContext m_context;
    Workspace m_workspace;
    std::unique_ptr<JobRunner> m_runner;
    QTimer *m_timer; // a child, so it moves to the worker thread with its parent
    QMutex m_cancelMutex;
    CancelToken m_cancel; // guarded by m_cancelMutex: replaced for each run
};

} // namespace hawkmoth
