#pragma once
// The cancel tokens of the jobs running in this process, by job id: how a user's cancel reaches a
// job that a runner on another thread is running now. A runner registers each job while it runs.

#include "Cancellation.h"

#include <QHash>
#include <QMutex>
#include <QMutexLocker>

namespace hawkmoth {

class RunningJobs
{
public:
    void add(qint64 id, const CancelToken &token)
    {
        const QMutexLocker lock(&m_mutex);
        m_tokens.insert(id, token);
    }
    void remove(qint64 id)
    {
        const QMutexLocker lock(&m_mutex);
        m_tokens.remove(id);
    }
    // Whether the job runs here (and is now told to stop).
    bool cancel(qint64 id) const
    {
        const QMutexLocker lock(&m_mutex);
        const auto it = m_tokens.constFind(id);
        if (it == m_tokens.constEnd())
            return false;
        it->cancel();
        return true;
    }

private:
    mutable QMutex m_mutex;
    QHash<qint64, CancelToken> m_tokens;
};

} // namespace hawkmoth
