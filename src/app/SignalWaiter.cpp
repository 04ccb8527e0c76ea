#include "SignalWaiter.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <cerrno>
#include <cstring>

#include <sys/socket.h>
#include <unistd.h>

namespace hawkmoth {

namespace {

// A signal handler gets no context: the pair it writes to is the one thing it can reach, so it
// lives at file scope. [0] is written by the handler, [1] read on the application's thread.
int signalPair[2] = {-1, -1};

} // namespace

void SignalWaiter::handle(int)
{
    const char byte = 1;
    // Non-blocking: a full pair already holds a wake-up, and errno is the interrupted code's.
    const int saved = errno;
    [[maybe_unused]] const ssize_t written = ::write(signalPair[0], &byte, 1);
    errno = saved;
}

SignalWaiter::SignalWaiter(std::function<void()> onSignal)
    : m_onSignal(std::move(onSignal))
{
    if (!m_onSignal)
        m_onSignal = [] { QCoreApplication::quit(); };
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, signalPair) != 0) {
        qWarning("cannot watch for SIGTERM and SIGINT: %s", strerror(errno));
        return;
    }
    m_notifier = std::make_unique<QSocketNotifier>(signalPair[1], QSocketNotifier::Read);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(), [this] {
        char drained[16];
        while (::read(signalPair[1], drained, sizeof drained) > 0) {
        }
        m_onSignal();
    });
    struct sigaction action = {};
    action.sa_handler = &SignalWaiter::handle;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &m_previousInt);
    sigaction(SIGTERM, &action, &m_previousTerm);
}

SignalWaiter::~SignalWaiter()
{
    if (!m_notifier)
        return;
    sigaction(SIGINT, &m_previousInt, nullptr);
    sigaction(SIGTERM, &m_previousTerm, nullptr);
    m_notifier.reset();
    ::close(signalPair[0]);
    ::close(signalPair[1]);
    signalPair[0] = signalPair[1] = -1;
}

} // namespace hawkmoth
