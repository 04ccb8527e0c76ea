// Work shared between the calling thread and the pool's free threads (PoolHelpers): helpers do run
// beside the caller when threads are free, a helper no thread took is taken back instead of waited
// for, and so a pool thread sharing out its work never starves a small pool — nested sharing on a
// pool of one thread, and a rescan and a sync at once on pools of one and two threads, finish.

#include "PoolHelpers.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDeadlineTimer>
#include <QMutex>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

using namespace hawkmoth;

namespace {

// Waits for future without blocking forever: a deadlock fails the test instead of hanging it.
template<typename T>
bool finishes(const QFuture<T> &future, int ms = 60000)
{
    QDeadlineTimer deadline(ms);
    while (!future.isFinished() && !deadline.hasExpired())
        QThread::msleep(5);
    return future.isFinished();
}

// The error of a failed result, for a failure message (nothing when it succeeded).
template<typename R>
QByteArray why(const R &result)
{
    return result.ok() ? QByteArray() : result.error().message.toUtf8();
}

} // namespace

class TestPoolHelpers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The sync's commit takes the author from git's configuration: none of the machine's.
        test::isolateGitConfiguration(m_home);
    }

    void everyIndexOnceWithoutPool()
    {
        QList<int> seen(100, 0);
        QSet<QThread *> threads;
        PoolHelpers::forEach(nullptr, 3, seen.size(), [&](qsizetype i) {
            ++seen[i];
            threads.insert(QThread::currentThread());
        });
        QCOMPARE(seen, QList<int>(100, 1));
        QCOMPARE(threads, QSet<QThread *>{QThread::currentThread()});
    }

    void helpersRunBesideTheCaller()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(4);
        // Two shares that each wait (bounded) for the other to have started: they meet only when
        // a pool thread runs one while the caller runs the other.
        QSemaphore started;
        std::atomic<int> met = 0;
        QSet<QThread *> threads;
        QMutex mutex;
        PoolHelpers::forEach(&pool, 1, 2, [&](qsizetype) {
            {
                QMutexLocker lock(&mutex);
                threads.insert(QThread::currentThread());
            }
            started.release();
            if (started.tryAcquire(2, 10000)) {
                started.release(2);
                ++met;
            }
        });
        QCOMPARE(met.load(), 2);
        QCOMPARE(threads.size(), 2);
        QVERIFY(threads.contains(QThread::currentThread()));
    }

    void unstartedHelpersAreTakenBack()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        QSemaphore release;
        QSemaphore busy;
        // The pool's one thread is taken until the end of this test.
        QFuture<void> blocker = QtConcurrent::run(&pool, [&] {
            busy.release();
            release.acquire();
        });
        busy.acquire();
        std::atomic<int> ran = 0;
        int helpersRan = -1;
        {
            PoolHelpers helpers(&pool, 3, [&](int) { ++ran; });
            helpersRan = helpers.finish(); // returns at once: nothing it waits for is queued
        }
        QCOMPARE(helpersRan, 0);
        QCOMPARE(ran.load(), 0);
        release.release();
        blocker.waitForFinished();
        QVERIFY(pool.waitForDone(10000));
        QCOMPARE(ran.load(), 0); // taken back: never run later either
    }

    // A pool thread that shares out work, and whose shares share out work again, on a pool with
    // no other thread: a wait for queued helpers would never end.
    void nestedSharingOnOneThread()
    {
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        std::atomic<int> leaves = 0;
        QFuture<void> outer = QtConcurrent::run(&pool, [&] {
            PoolHelpers::forEach(&pool, 3, 8, [&](qsizetype) {
                PoolHelpers::forEach(&pool, 3, 8, [&](qsizetype) { ++leaves; });
            });
        });
        QVERIFY2(finishes(outer), "the pool starved itself");
        QCOMPARE(leaves.load(), 64);
    }

    // A rescan and a sync at once on the core's pool capped at one and two threads: each runs on a
    // pool thread and shares its walk, comparison, hashing and warm-up with the same pool.
    void rescanAndSyncOnASmallPool_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }

    void rescanAndSyncOnASmallPool()
    {
        QFETCH(int, threads);
        test::TempRoot root;
        // The rescan's changes queue no debounced sync of their own: the one sync is this test's.
        test::writeFile(root.dataRoot() + QStringLiteral("/settings.json"),
                        R"({"autoSync": false})");
        StorageCore core(Paths(root.dataRoot(), root.cacheRoot()));
        core.setChangeNotifications(false);
        core.pool().setMaxThreadCount(threads);
        QVERIFY(core.start().result().ok());
        auto ws = core.workspaces().current().result();
        QVERIFY(ws.ok());
        // Enough files for several folders to walk and more than one batch to hash.
        for (int i = 0; i < 1200; ++i)
            test::writeFile(ws->absolutePath(QStringLiteral("d%1/f%2.txt").arg(i % 12).arg(i)),
                            QByteArray::number(i));
        QFuture<Result<RescanOutcome>> rescan = core.files().rescan(*ws, false, {});
        QFuture<Result<SyncOutcome>> sync = core.sync().sync(*ws, {});
        QVERIFY2(finishes(rescan), "the rescan never ended: the pool starved itself");
        QVERIFY2(finishes(sync), "the sync never ended: the pool starved itself");
        QVERIFY2(rescan.result().ok(), why(rescan.result()));
        QVERIFY2(sync.result().ok(), why(sync.result()));
        QVERIFY2(sync.result()->complete(), qPrintable(sync.result()->problems.join(u'\n')));
        // Whichever ran first, every file was found, hashed and committed.
        auto again = core.files().rescan(*ws, false, {}).result();
        QVERIFY(again.ok());
        QVERIFY(again->scan.unchanged >= 1200);
        QVERIFY(!again->scan.hasChanges());
    }

private:
    test::TempRoot m_home;
};

QTEST_GUILESS_MAIN(TestPoolHelpers)
#include "tst_pool_helpers.moc"
