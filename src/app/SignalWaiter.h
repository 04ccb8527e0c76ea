#pragma once
// SIGINT and SIGTERM as a call on the application's thread: the handler only writes a byte to a
// socket pair, which a QSocketNotifier reads (the way Qt's documentation gives). The signal mask
// is left alone, so the programs HAWKMOTH starts (a file manager, a browser) can still be stopped.
// `hawkmoth serve` quits on these signals; the window saves its session first.

#include <QtGlobal>

#include <csignal>
#include <functional>
#include <memory>

class QSocketNotifier;

namespace hawkmoth {

class SignalWaiter
{
public:
    // onSignal runs on the application's thread once a signal came; by default it quits. Make
    // it after the QCoreApplication.
    explicit SignalWaiter(std::function<void()> onSignal = {});
    ~SignalWaiter(); // puts the previous handlers back
    Q_DISABLE_COPY_MOVE(SignalWaiter)

private:
    static void handle(int signal);

    std::function<void()> m_onSignal;
    std::unique_ptr<QSocketNotifier> m_notifier;
    struct sigaction m_previousInt = {};
    struct sigaction m_previousTerm = {};
};

} // namespace hawkmoth
