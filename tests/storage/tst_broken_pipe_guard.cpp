// BrokenPipeGuard: a write to a closed pipe on a guarded thread fails with EPIPE instead of
// killing the process, the guard reports it, and no SIGPIPE is left pending or blocked afterwards.

#include "BrokenPipeGuard.h"

#include <QTest>

#include <cerrno>
#include <pthread.h>
#include <unistd.h>

using hawkmoth::git::BrokenPipeGuard;

namespace {

bool pipeBlocked()
{
    sigset_t mask;
    pthread_sigmask(SIG_SETMASK, nullptr, &mask);
    return sigismember(&mask, SIGPIPE) == 1;
}

bool pipePending()
{
    sigset_t pending;
    sigpending(&pending);
    return sigismember(&pending, SIGPIPE) == 1;
}

} // namespace

class TestBrokenPipeGuard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writeToClosedPipeFailsInsteadOfKilling()
    {
        int fds[2];
        QCOMPARE(::pipe(fds), 0);
        ::close(fds[0]);
        QVERIFY(!pipeBlocked());
        {
            const BrokenPipeGuard guard;
            QVERIFY(pipeBlocked());
            QVERIFY(!guard.brokenPipe());
            errno = 0;
            // Unguarded, this write ends the test process with SIGPIPE.
            QCOMPARE(::write(fds[1], "x", 1), ssize_t(-1));
            QCOMPARE(errno, EPIPE);
            QVERIFY(guard.brokenPipe());
        }
        ::close(fds[1]);
        QVERIFY(!pipePending());
        QVERIFY(!pipeBlocked());
    }

    void quietGuardChangesNothing()
    {
        {
            const BrokenPipeGuard guard;
            QVERIFY(!guard.brokenPipe());
        }
        QVERIFY(!pipeBlocked());
        QVERIFY(!pipePending());
    }
};

QTEST_GUILESS_MAIN(TestBrokenPipeGuard)
#include "tst_broken_pipe_guard.moc"
