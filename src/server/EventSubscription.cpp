#include "EventSubscription.h"

#include <chrono>

namespace hawkmoth {

void EventSubscription::push(const QByteArray &event)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_pending.size() >= maxPending)
            m_pending.removeFirst();
        m_pending.append(event);
    }
    m_ready.notify_one();
}

QList<QByteArray> EventSubscription::take(int timeoutMs)
{
    std::unique_lock lock(m_mutex);
    m_ready.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                     [this] { return m_closed || !m_pending.isEmpty(); });
    return std::exchange(m_pending, {});
}

void EventSubscription::close()
{
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;
    }
    m_ready.notify_all();
}

bool EventSubscription::closed() const
{
    const std::lock_guard lock(m_mutex);
    return m_closed;
}

} // namespace hawkmoth
