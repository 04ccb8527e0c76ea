#pragma once
// SIGINT and SIGTERM as a call on the application's thread: blocked in every thread (those
// started later inherit the mask) and taken by one thread that waits for them. Made before any
// other thread starts; `hawkmoth serve` quits on them, the window saves its session first.

#include <QtGlobal>

#include <atomic>
#include <csignal>
#include <functional>
#include <thread>

namespace hawkmoth {

class SignalWaiter
{
public:
    // onSignal runs on the QCoreApplication's thread once a signal came; by default it quits.
    explicit SignalWaiter(std::function<void()> onSignal = {});
    ~SignalWaiter();
    Q_DISABLE_COPY_MOVE(SignalWaiter)

private:
    sigset_t m_signals;
    std::function<void()> m_onSignal;
    std::atomic<bool> m_leaving{false};
    std::thread m_thread;
};

} // namespace hawkmoth
