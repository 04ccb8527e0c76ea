#pragma once
// Where waiting code gets the time and sleeps: the job queue's backoffs and holds, the runner's
// drain, the session cleaner's daily pass. The system clock in the product; a test passes a
// ManualClock, which moves only when told (or when something sleeps on it), so no test sleeps
// through a real backoff.

#include <QDateTime>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace hawkmoth {

class Clock
{
public:
    // The system clock.
    Clock()
        : m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
        , m_sleep([](qint64 ms) { QThread::msleep(quint64(qMax<qint64>(0, ms))); })
    {}
    Clock(std::function<qint64()> now, std::function<void(qint64)> sleep)
        : m_now(std::move(now))
        , m_sleep(std::move(sleep))
    {}

    qint64 nowMs() const { return m_now(); } // epoch milliseconds
    void sleepMs(qint64 ms) const { m_sleep(ms); }

private:
    std::function<qint64()> m_now;
    std::function<void(qint64)> m_sleep;
};

// A clock for tests: it stands still until advance() or a sleep on it moves it on.
class ManualClock
{
public:
    explicit ManualClock(qint64 startMs = QDateTime::currentMSecsSinceEpoch())
        : m_now(std::make_shared<std::atomic<qint64>>(startMs))
    {}
    qint64 nowMs() const { return m_now->load(); }
    void advance(qint64 ms) const { m_now->fetch_add(ms); }
    Clock clock() const
    {
        auto now = m_now;
        return Clock([now] { return now->load(); }, [now](qint64 ms) { now->fetch_add(ms); });
    }

private:
    std::shared_ptr<std::atomic<qint64>> m_now;
};

} // namespace hawkmoth
