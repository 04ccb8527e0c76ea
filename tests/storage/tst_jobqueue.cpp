// JobQueue and JobRunner: the persisted queue's rules (dedup, order, due times, holds, recovery)
// and the runner's lock, retries and outcomes.

#include "JobQueue.h"
#include "JobRunner.h"
#include "TestSupport.h"
#include "Workspace.h"

#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QTest>

using namespace hawkmoth;

class TestJobQueue : public QObject
{
    Q_OBJECT

private:
    test::TempRoot m_tmp;
    Workspace workspace() const
    {
        return Workspace(QStringLiteral("w"), m_tmp.file(QStringLiteral("w")));
    }
    static qint64 now() { return QDateTime::currentMSecsSinceEpoch(); }

private Q_SLOTS:
    void init()
    {
        QDir(m_tmp.file(QStringLiteral("w"))).removeRecursively();
        QDir().mkpath(m_tmp.file(QStringLiteral("w")));
    }

    void dedupAndOrder()
    {
        auto db = workspace().connect();
        QVERIFY(db.ok());
        JobQueue q(**db);
        const qint64 a = *q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"));
        const qint64 b = *q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"));
        QCOMPARE(a, b); // one queued job per key
        const qint64 c = *q.enqueue(QStringLiteral("relayer"));
        QVERIFY(c != a);
        auto first = q.claimNext(now());
        QVERIFY(first.ok() && first->has_value());
        QCOMPARE((*first)->id, a);
        QCOMPARE((*first)->state, JobState::Running);
        QCOMPARE((*first)->attempts, 1);
        // While the first runs, a new change queues a fresh twin.
        const qint64 d = *q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"));
        QVERIFY(d != a);
        QCOMPARE((*q.claimNext(now()))->id, c);
        QCOMPARE((*q.claimNext(now()))->id, d);
        QVERIFY(!q.claimNext(now())->has_value());
    }

    void debounceAndDueTimes()
    {
        auto db = workspace().connect();
        JobQueue q(**db);
        const qint64 t = now();
        QVERIFY(q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"), t + 5000).ok());
        QVERIFY(!q.claimNext(t)->has_value());
        // Another change pushes the job back: the debounce.
        QVERIFY(q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"), t + 8000).ok());
        QCOMPARE(**q.nextDueMs(), t + 8000);
        QVERIFY(!q.claimNext(t + 6000)->has_value());
        QVERIFY(q.claimNext(t + 8000)->has_value());
    }

    void kindFilter()
    {
        auto db = workspace().connect();
        JobQueue q(**db);
        QVERIFY(q.enqueue(QStringLiteral("hub.upload")).ok());
        QVERIFY(q.enqueue(QStringLiteral("relayer")).ok());
        auto j = q.claimNext(now(), {QStringLiteral("relayer")});
        QCOMPARE((*j)->kind, QStringLiteral("relayer"));
        QVERIFY(!q.claimNext(now(), {QStringLiteral("relayer")})->has_value());
        QVERIFY(!q.nextDueMs({QStringLiteral("relayer")})->has_value());
        QVERIFY(q.nextDueMs()->has_value());
    }

    void retryHoldAndExpedite()
    {
        auto db = workspace().connect();
        JobQueue q(**db);
        const qint64 a = *q.enqueue(QStringLiteral("a"));
        const qint64 b = *q.enqueue(QStringLiteral("b"));
        QVERIFY(q.claimNext(now()).ok());
        QVERIFY(q.claimNext(now()).ok());
        QVERIFY(q.retryLater(a, QStringLiteral("503"), now() + 60000).ok());
        QVERIFY(q.retryLater(b, QStringLiteral("429"), now() + 60000, true).ok());
        QVERIFY(!q.claimNext(now())->has_value());
        QVERIFY(q.expedite().ok());
        auto due = q.claimNext(now());
        QCOMPARE((*due)->id, a); // the backoff is skipped ...
        QCOMPARE((*due)->lastError, QStringLiteral("503"));
        QVERIFY(!q.claimNext(now())->has_value()); // ... the server's Retry-After is not
    }

    void recoveryAndUnblock()
    {
        auto db = workspace().connect();
        JobQueue q(**db);
        const qint64 a = *q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"));
        QVERIFY(q.claimNext(now()).ok()); // a is running ... and its process dies
        const qint64 b = *q.enqueue(QStringLiteral("sync"), {}, QStringLiteral("sync"));
        const qint64 c = *q.enqueue(QStringLiteral("upload"));
        QVERIFY(q.claimNext(now()).ok()); // b running
        QVERIFY(q.claimNext(now()).ok()); // c running
        QVERIFY(q.finish(c, JobState::Blocked, QStringLiteral("token rejected")).ok());
        auto recovered = q.recoverInterrupted();
        QVERIFY(recovered.ok());
        // a and b were both running with one key: one comes back, the other is superseded.
        auto queued = q.list({JobState::Queued});
        QCOMPARE(queued->size(), 1);
        QVERIFY(queued->first().id == a || queued->first().id == b);
        QCOMPARE(q.list({JobState::Cancelled})->size(), 1);
        QCOMPARE(*q.countActive(), 2); // the queued sync and the blocked upload
        QCOMPARE(*q.unblock(QStringLiteral("up")), 1);
        QCOMPARE((*q.get(c))->state, JobState::Queued);
    }

    void cancelOfAJobWhoseRunnerDiedIsKept()
    {
        auto db = workspace().connect();
        JobQueue q(**db);
        const qint64 id = *q.enqueue(QStringLiteral("upload"));
        QVERIFY(q.claimNext(now()).ok());                  // running ...
        QCOMPARE(*q.requestCancel(id), JobState::Running); // ... the user cancels it ...
        auto recovered = q.recoverInterrupted();           // ... and its process had died
        QVERIFY(recovered.ok());
        QCOMPARE(*recovered, 0); // nothing resumed
        QCOMPARE((*q.get(id))->state, JobState::Cancelled);
        QVERIFY(!q.claimNext(now())->has_value());
    }

    void cancelOfAJobSettledMeanwhileLooksAgain()
    {
        auto db = workspace().connect();
        JobQueue q(**db);
        const qint64 id = *q.enqueue(QStringLiteral("upload"));
        QVERIFY(q.claimNext(now()).ok());
        // Its runner puts it back in the queue (a retry) before the cancel lands.
        QVERIFY(q.retryLater(id, QStringLiteral("503"), now() + 60000, false).ok());
        QCOMPARE(*q.requestCancel(id), JobState::Cancelled);
        QCOMPARE((*q.get(id))->state, JobState::Cancelled);
    }

    void runnerOutcomesAndBackoff()
    {
        const Workspace ws = workspace();
        const StorageContext ctx{Paths(m_tmp.dataRoot(), m_tmp.cacheRoot()), {}, nullptr, {}};
        JobHandlers handlers;
        int flaky = 0;
        handlers.add(QStringLiteral("ok"), [](JobContext &c) {
            c.reportProgress({1, 1, 1, 1});
            c.note(QStringLiteral("did it"));
            return JobOutcome::done();
        });
        handlers.add(QStringLiteral("flaky"), [&flaky](JobContext &) {
            return ++flaky < 3
                       ? JobOutcome::fromError({ErrorCode::Network, QStringLiteral("offline")})
                       : JobOutcome::done();
        });
        handlers.add(QStringLiteral("auth"), [](JobContext &) {
            return JobOutcome::fromError(
                {ErrorCode::Unauthenticated, QStringLiteral("token rejected")});
        });
        {
            auto db = ws.connect();
            JobQueue q(**db);
            QVERIFY(q.enqueue(QStringLiteral("ok")).ok());
            QVERIFY(q.enqueue(QStringLiteral("flaky")).ok());
            QVERIFY(q.enqueue(QStringLiteral("auth")).ok());
            QVERIFY(q.enqueue(QStringLiteral("unknown-kind")).ok());
        }
        JobRunner runner(ws, ctx, handlers);
        QVERIFY(runner.start().ok());
        QStringList notes;
        JobObserver observer;
        observer.note = [&](const Job &, const QString &n) { notes.append(n); };
        int pending = -1;
        // Backoffs are 1 s then 2 s: drain waits through them.
        auto ran = runner.drain({}, observer, 10000, &pending);
        QVERIFY(ran.ok());
        QCOMPARE(flaky, 3);
        QCOMPARE(notes, QStringList{QStringLiteral("did it")});
        auto db = ws.connect();
        JobQueue q(**db);
        QCOMPARE(q.list({JobState::Blocked})->size(), 1);
        QCOMPARE(q.list({JobState::Done})->size(), 2);
        QCOMPARE(q.list({JobState::Queued})->size(), 1); // unknown-kind waits for a handler
        QCOMPARE(pending, 1); // the blocked job; the unknown kind is not this runner's to count

        for (int attempt = 1; attempt <= 12; ++attempt) {
            const qint64 b = JobRunner::backoffMs(attempt);
            QVERIFY(b <= JobRunner::maxBackoffMs);
            QVERIFY(b >=
                    qMin<qint64>(JobRunner::maxBackoffMs, 1000LL << (attempt - 1)) * 3 / 4 - 1);
        }
    }

    // Reports within the half second are not written, except a step's last: another process
    // reading the queue while the job then waits sees the step finished, not stuck before its end.
    void runnerKeepsAStepsLastReportAtOnce()
    {
        const Workspace ws = workspace();
        const StorageContext ctx{Paths(m_tmp.dataRoot(), m_tmp.cacheRoot()), {}, nullptr, {}};
        const ManualClock clock; // stands still: every report after the first is within 500 ms
        JobHandlers handlers;
        QList<Progress> seen; // what the queue held after each report, read as another reader
        handlers.add(QStringLiteral("upload"), [&](JobContext &c) {
            auto db = ws.connect();
            JobQueue reader(**db);
            for (const Progress &p :
                 {Progress{10, 100, 0, 1}, Progress{60, 100, 0, 1}, Progress{100, 100, 0, 1},
                  Progress{100, 100, 1, 1}, Progress{100, 100, 1, 1}}) {
                c.reportProgress(p);
                seen.append(reader.get(c.job().id)->value().progress);
            }
            return JobOutcome::done();
        });
        {
            auto db = ws.connect();
            QVERIFY(JobQueue(**db).enqueue(QStringLiteral("upload")).ok());
        }
        JobRunner runner(ws, ctx, handlers, clock.clock());
        QVERIFY(runner.start().ok());
        QVERIFY(runner.drain({}, {}, 0).ok());
        QCOMPARE(seen.size(), 5);
        QCOMPARE(seen[0].bytesDone, 10); // the first report: nothing was written before it
        QCOMPARE(seen[1].bytesDone, 10); // within the half second: not written
        QCOMPARE(seen[2].bytesDone, 10); // bytes done, the file not yet: still the throttle's
        QCOMPARE(seen[3].filesDone, 1);  // every count at its total: written at once
        QCOMPARE(seen[3].bytesDone, 100);
        QCOMPARE(seen[4].filesDone, 1);
    }

    void runnerLockIsExclusive()
    {
        const Workspace ws = workspace();
        const StorageContext ctx{Paths(m_tmp.dataRoot(), m_tmp.cacheRoot()), {}, nullptr, {}};
        JobHandlers handlers;
        JobRunner first(ws, ctx, handlers);
        QVERIFY(first.start().ok());
        // Another holder trying to take the lock (a second open file, as another process has).
        JobRunner second(ws, ctx, handlers);
        auto refused = second.start(0);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QVERIFY(refused.error().message.contains(QLatin1String("another HAWKMOTH process")));
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
