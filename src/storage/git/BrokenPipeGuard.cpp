#include "BrokenPipeGuard.h"

#include <pthread.h>
#include <time.h>

namespace hawkmoth::git {

namespace {

bool pipePending()
{
    sigset_t pending;
    sigemptyset(&pending);
    return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
}

} // namespace

BrokenPipeGuard::BrokenPipeGuard()
{
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    m_wasPending = pipePending();
    m_active = pthread_sigmask(SIG_BLOCK, &pipe, &m_saved) == 0;
}

bool BrokenPipeGuard::brokenPipe() const
{
    return m_active && !m_wasPending && pipePending();
}

BrokenPipeGuard::~BrokenPipeGuard()
{
    if (!m_active)
        return;
    if (!m_wasPending && pipePending()) {
        sigset_t pipe;
        sigemptyset(&pipe);
        sigaddset(&pipe, SIGPIPE);
        const timespec now{0, 0};
        sigtimedwait(&pipe, nullptr, &now);
    }
    pthread_sigmask(SIG_SETMASK, &m_saved, nullptr);
}

} // namespace hawkmoth::git
