#pragma once
// The half of JobScheduler that lives on its worker thread: owns the JobRunner (and with it the
// workspace's runner lock) and the timer for the next due job. What it runs is reported through
// JobScheduler's signals, emitted on the scheduler's thread: the list of signals is declared once.

#include "JobRunner.h"
#include "StorageContext.h"

#include <QMutex>
#include <QObject>
#include <QTimer>

#include <memory>

namespace hawkmoth {

class JobScheduler;
class StorageCore;

class SchedulerWorker : public QObject
{
    Q_OBJECT

public:
    // scheduler outlives the worker's thread (its destructor stops and waits for it).
    SchedulerWorker(StorageCore &core, JobScheduler &scheduler);
    ~SchedulerWorker() override;

    // Called from the GUI thread while a job may be running on the worker's.
    void cancelRunning();

public Q_SLOTS:
    void setWorkspace(const hawkmoth::Workspace &workspace);
    void runDue();

private:
    void scheduleNext();
    // Emits one of the scheduler's signals on the scheduler's thread; dropped if it is gone.
    template<typename... Params, typename... Values>
    void post(void (JobScheduler::*signal)(Params...), Values... values);

    StorageCore &m_core;
    JobScheduler &m_scheduler;
    StorageContext m_context;
    Workspace m_workspace;
    std::unique_ptr<JobRunner> m_runner;
    QTimer *m_timer; // a child, so it moves to the worker thread with its parent
    QMutex m_cancelMutex;
    CancelToken m_cancel; // guarded by m_cancelMutex: replaced for each run
};

} // namespace hawkmoth
