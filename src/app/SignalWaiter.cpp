#include "SignalWaiter.h"

#include <QCoreApplication>

#include <pthread.h>

namespace hawkmoth {

SignalWaiter::SignalWaiter(std::function<void()> onSignal)
    : m_onSignal(std::move(onSignal))
{
    if (!m_onSignal)
        m_onSignal = [] { QCoreApplication::quit(); };
    sigemptyset(&m_signals);
    sigaddset(&m_signals, SIGINT);
    sigaddset(&m_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &m_signals, nullptr);
    m_thread = std::thread([this] {
        int received = 0;
        sigwait(&m_signals, &received);
        // A signal before the application exists (or after it went) has nothing to stop.
        if (QCoreApplication *app = QCoreApplication::instance(); app && !m_leaving)
            QMetaObject::invokeMethod(app, m_onSignal, Qt::QueuedConnection);
    });
}

SignalWaiter::~SignalWaiter()
{
    // Leaving without a signal (an error at start, a quit): wake the waiter with one of ours.
    m_leaving = true;
    pthread_kill(m_thread.native_handle(), SIGTERM);
    m_thread.join();
}

} // namespace hawkmoth
