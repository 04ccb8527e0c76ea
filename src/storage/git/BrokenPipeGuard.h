#pragma once
// Keeps SIGPIPE from killing the process while libgit2 talks to a remote on this thread. libgit2
// writes to sockets without MSG_NOSIGNAL; a server that closed an idle connection (libgit2 keeps
// the one from its first request open while it builds a pack) then raises SIGPIPE, whose default
// action ends the whole process. Blocked on this thread, the write fails with EPIPE instead and
// the push reports an error that can be retried; the pending signal is consumed before the mask is
// restored, so it is never delivered later. Other threads and the rest of the process keep the
// default (a CLI piped into `head` still ends quietly).

#include <signal.h>

namespace hawkmoth::git {

class BrokenPipeGuard
{
public:
    BrokenPipeGuard();
    ~BrokenPipeGuard();
    BrokenPipeGuard(const BrokenPipeGuard &) = delete;
    BrokenPipeGuard &operator=(const BrokenPipeGuard &) = delete;

    // Whether a write on this thread hit a closed connection while the guard lived.
    bool brokenPipe() const;

private:
    sigset_t m_saved{};
    bool m_wasPending = false; // a SIGPIPE pending before us is not ours to consume
    bool m_active = false;
};

} // namespace hawkmoth::git
