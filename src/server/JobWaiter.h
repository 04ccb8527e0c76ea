#pragma once
// Follows one job of the persisted queue for a route: its state now, or after waiting for its end
// (done, failed, blocked, cancelled). Woken by the job notifications of this process, and looking
// at the queue twice a second besides, as another process (the window) may be the one running it.

#include "RestReply.h"

#include <QObject>

#include <condition_variable>
#include <mutex>

namespace hawkmoth {

class ChangeNotifier;
class CommandRunner;
class JobControl;

class JobWaiter : public QObject
{
    Q_OBJECT

public:
    static constexpr int pollMs = 500;
    // A job that failed and waits for its next attempt is left to the queue after this long, as
    // an explicit sync of the CLI does (SyncOnDemand::defaultWaitSeconds).
    static constexpr int retryWaitMs = 30000;

    // Lives on the thread that emits the notifications (the core's).
    JobWaiter(ChangeNotifier &changes, JobControl &jobs, QObject *parent = nullptr);

    // The job as GET /storage/jobs/{id} shows it; 404 when the queue has no such job.
    static RestReply find(const CommandRunner &runner, const QString &workspace, qint64 id);
    // With wait, blocks the calling HTTP thread until the job ended (or waits for a retry longer
    // than retryWaitMs, or the server stops). The answer: 200 with the job when it is done, 202
    // while it is queued or running, an error naming the job's otherwise (cancelled 409, blocked
    // 403, failed 502), with the job as its data.
    RestReply follow(const CommandRunner &runner, const QString &workspace, qint64 id, bool wait);
    // Wakes every waiter for good: the server is stopping.
    void close();

private:
    void bump();

    std::mutex m_mutex;
    std::condition_variable m_changed;
    quint64 m_generation = 0;
    bool m_closed = false;
};

} // namespace hawkmoth
