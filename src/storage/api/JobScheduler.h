#pragma once
// Runs the current workspace's persisted jobs in the background of a long-lived process (the
// GUI, the REST server): a worker thread takes due jobs one at a time, a timer wakes it when the
// next one is due (the debounced sync, a backoff), and wake() nudges it after changes. The GUI
// thread never waits.

#include "Cancellation.h"
#include "JobOutcome.h"
#include "Workspace.h"

#include <QObject>
#include <QThread>

namespace hawkmoth {

class StorageCore;
class SchedulerWorker;

class JobScheduler : public QObject
{
    Q_OBJECT

public:
    explicit JobScheduler(StorageCore &core, QObject *parent = nullptr);
    ~JobScheduler() override; // cancels the running job and waits for the worker

    // Runs this workspace's jobs from now on (the previous one's runner lock is released).
    void setWorkspace(const Workspace &workspace);
    // Runs the current workspace's jobs from now on and after every switch, and wakes up for
    // every change of files and every job queued in this process (the sync then waits for its
    // quiet period). What the window and `hawkmoth serve` do; call once.
    void followCurrentWorkspace(StorageCore &core);
    void wake();
    // Stops the job that is running now; it is queued again and retried later (a user's cancel of
    // one job for good is core.jobs().cancel()).
    void cancelRunning();

Q_SIGNALS:
    // Emitted on this object's thread for what the worker runs (SchedulerWorker::post).
    void jobStarted(qint64 id, const QString &kind);
    void jobProgress(qint64 id, qint64 bytesDone, qint64 bytesTotal, qint64 filesDone,
                     qint64 filesTotal);
    void jobNote(qint64 id, const QString &line);
    void jobFinished(qint64 id, const QString &kind, bool ok, const QString &message);
    // The workspace's jobs cannot run here (another process holds its runner lock, say).
    void unavailable(const QString &reason);

private:
    QThread m_thread;
    SchedulerWorker *m_worker; // lives in m_thread, deleted when it finishes
    quint64 m_followRound = 0; // an older lookup of the current workspace is dropped
};

} // namespace hawkmoth
