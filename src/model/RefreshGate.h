#pragma once
// Coalesces refresh requests for one asynchronous fetch: at most one fetch in flight and at most
// one start per interval; a request made while a fetch runs starts one more after it ends.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <functional>

namespace hawkmoth {

class RefreshGate : public QObject
{
    Q_OBJECT

public:
    // start begins the fetch; its reply must call finished() (unless reset() dropped it).
    RefreshGate(int minIntervalMs, std::function<void()> start, QObject *parent = nullptr);

    void request();                 // soon, but not sooner than the interval after the last start
    void requestNow();              // at the next event-loop turn
    void requestAfter(int delayMs); // not before delayMs, whatever the interval says
    void finished();                // the reply of the fetch in flight arrived
    // The fetch in flight no longer counts (its reply is stale and will be dropped).
    void reset();
    bool isBusy() const { return m_inFlight || m_timer.isActive(); }

private:
    void schedule(bool now);
    void fire();

    int m_minIntervalMs;
    std::function<void()> m_start;
    QTimer m_timer;
    QElapsedTimer m_lastStart;
    bool m_inFlight = false;
    bool m_pending = false;
};

} // namespace hawkmoth
