#pragma once
// One listener of GET /storage/events: the Server-Sent Events its connection has yet to send,
// filled by the EventHub on the core's thread and drained by the connection's HTTP thread.

#include <QByteArray>
#include <QList>

#include <condition_variable>
#include <mutex>

namespace hawkmoth {

class EventSubscription
{
public:
    static constexpr qsizetype maxPending = 10000; // a stalled client loses the oldest events

    void push(const QByteArray &event);
    // Waits up to timeoutMs for events (or close()); empty on a timeout.
    QList<QByteArray> take(int timeoutMs);
    // No more events: the server is stopping.
    void close();
    bool closed() const;

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_ready;
    QList<QByteArray> m_pending;
    bool m_closed = false;
};

} // namespace hawkmoth
