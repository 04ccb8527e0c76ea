// JobControl (core.jobs()): listing the queue, the user's cancel (for good, also of a running
// job), retry now and unblock, the signals runs report on the caller's thread, and backoffs
// measured on an injected clock instead of slept through.

#include "JobControl.h"
#include "JobQueue.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

#include <atomic>

using namespace hawkmoth;

namespace {

// A storage core with one workspace and a hand-moved clock.
struct CoreFixture
{
    test::TempRoot root;
    StorageCore core{Paths(root.dataRoot(), root.cacheRoot())};
    ManualClock clock;
    Workspace ws;

    CoreFixture()
    {
        if (!core.start().result())
            qFatal("core did not start");
        auto created = core.registry().create(QStringLiteral("ws"), QStringLiteral("empty"));
        if (!created)
            qFatal("%s", qPrintable(created.error().message));
        ws = *created;
        core.jobs().setClock(clock.clock());
    }
    qint64 enqueue(const QString &kind, const QString &dedupKey = {})
    {
        auto db = ws.connect();
        return *JobQueue(**db, clock.clock()).enqueue(kind, {}, dedupKey, 0);
    }
    Job job(qint64 id)
    {
        auto db = ws.connect();
        return **JobQueue(**db).get(id);
    }
    Result<DrainReport> runDue(const QString &kind, qint64 maxWaitMs = 0)
    {
        return core.jobs().runDue(ws, {kind}, maxWaitMs).result();
    }
};

// Runs of a handler that answers from a script of outcomes (the last one repeats).
struct Scripted
{
    QList<JobOutcome> outcomes;
    std::shared_ptr<std::atomic_int> calls = std::make_shared<std::atomic_int>(0);
    JobHandler handler() const
    {
        return [outcomes = outcomes, calls = calls](JobContext &) {
            const int n = calls->fetch_add(1);
            return outcomes.at(qMin(n, int(outcomes.size()) - 1));
        };
    }
};

} // namespace

class TestJobControl : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void listShowsStateAttemptsErrorAndNextAttempt()
    {
        CoreFixture fx;
        Scripted flaky{{JobOutcome::retry(QStringLiteral("server said 503"))}};
        fx.core.handlers().add(QStringLiteral("test.flaky"), flaky.handler());
        const qint64 id = fx.enqueue(QStringLiteral("test.flaky"));
        const qint64 waiting = fx.enqueue(QStringLiteral("test.other"));
        QVERIFY(fx.runDue(QStringLiteral("test.flaky")).ok());

        auto jobs = fx.core.jobs().list(fx.ws).result();
        QVERIFY(jobs.ok());
        QCOMPARE(jobs->size(), 2);
        const Job &j = jobs->at(0);
        QCOMPARE(j.id, id);
        QCOMPARE(j.kind, QStringLiteral("test.flaky"));
        QCOMPARE(j.state, JobState::Queued);
        QCOMPARE(j.attempts, 1);
        QCOMPARE(j.lastError, QStringLiteral("server said 503"));
        // The first backoff: 1 s ± 25 %, on the injected clock.
        QVERIFY2(j.nextAttemptMs >= fx.clock.nowMs() + 750 &&
                     j.nextAttemptMs <= fx.clock.nowMs() + 1250,
                 qPrintable(QString::number(j.nextAttemptMs - fx.clock.nowMs())));
        QCOMPARE(jobs->at(1).id, waiting);
        QCOMPARE(jobs->at(1).attempts, 0);
    }

    void backoffRunsOnTheInjectedClock()
    {
        CoreFixture fx;
        Scripted flaky{{JobOutcome::retry(QStringLiteral("a")),
                        JobOutcome::retry(QStringLiteral("b")),
                        JobOutcome::retry(QStringLiteral("c")), JobOutcome::done()}};
        fx.core.handlers().add(QStringLiteral("test.flaky"), flaky.handler());
        const qint64 id = fx.enqueue(QStringLiteral("test.flaky"));
        const qint64 start = fx.clock.nowMs();
        QElapsedTimer real;
        real.start();
        // Waits through 1 s, 2 s and 4 s of backoff: on the clock, not in real time.
        auto run = fx.runDue(QStringLiteral("test.flaky"), 60000);
        QVERIFY(run.ok());
        QCOMPARE(flaky.calls->load(), 4);
        QCOMPARE(fx.job(id).state, JobState::Done);
        QCOMPARE(fx.job(id).attempts, 4);
        const qint64 waited = fx.clock.nowMs() - start;
        QVERIFY2(waited >= 750 + 1500 + 3000 && waited <= 1250 + 2500 + 5000 + 300,
                 qPrintable(QString::number(waited)));
        QVERIFY2(real.elapsed() < 3000, qPrintable(QString::number(real.elapsed())));
        // A backoff longer than the caller waits is left to the queue.
        Scripted down{{JobOutcome::retry(QStringLiteral("down"))}};
        fx.core.handlers().add(QStringLiteral("test.down"), down.handler());
        fx.enqueue(QStringLiteral("test.down"));
        auto left = fx.runDue(QStringLiteral("test.down"), 500);
        QVERIFY(left.ok());
        QCOMPARE(down.calls->load(), 1);
        QCOMPARE(left->pending, 1);
    }

    void cancelQueuedEndsItForGood()
    {
        CoreFixture fx;
        Scripted never{{JobOutcome::done()}};
        fx.core.handlers().add(QStringLiteral("test.never"), never.handler());
        const qint64 id = fx.enqueue(QStringLiteral("test.never"));
        QSignalSpy changed(&fx.core.jobs(), &JobControl::jobStateChanged);
        auto cancelled = fx.core.jobs().cancel(fx.ws, id).result();
        QVERIFY(cancelled.ok());
        QCOMPARE(cancelled->state, JobState::Cancelled);
        QCOMPARE(cancelled->lastError, QStringLiteral("cancelled by the user"));
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("ws"));
        QCOMPARE(changed.at(0).at(1).toLongLong(), id);
        QCOMPARE(changed.at(0).at(2).value<JobState>(), JobState::Cancelled);
        QVERIFY(fx.runDue(QStringLiteral("test.never")).ok());
        QCOMPARE(never.calls->load(), 0);
        // Cancelling it again, or a job that does not exist, says why not.
        auto again = fx.core.jobs().cancel(fx.ws, id).result();
        QVERIFY(!again.ok());
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        auto missing = fx.core.jobs().cancel(fx.ws, id + 100).result();
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void cancelRunningStopsItAndItIsNotRerun()
    {
        CoreFixture fx;
        auto calls = std::make_shared<std::atomic_int>(0);
        // Works until told to stop, as a long transfer does.
        fx.core.handlers().add(QStringLiteral("test.long"), [calls](JobContext &ctx) {
            calls->fetch_add(1);
            QElapsedTimer guard;
            guard.start();
            while (!ctx.isCancelled() && guard.elapsed() < 20000)
                QThread::msleep(5);
            return ctx.isCancelled() ? JobOutcome::cancelled() : JobOutcome::done();
        });
        const qint64 id = fx.enqueue(QStringLiteral("test.long"));
        QSignalSpy started(&fx.core.jobs(), &JobControl::jobStarted);
        QSignalSpy finished(&fx.core.jobs(), &JobControl::jobFinished);
        auto run = fx.core.jobs().runDue(fx.ws, {QStringLiteral("test.long")});
        QTRY_COMPARE(started.size(), 1);
        QCOMPARE(started.at(0).at(1).toLongLong(), id);
        auto asked = fx.core.jobs().cancel(fx.ws, id).result();
        QVERIFY(asked.ok());
        QCOMPARE(asked->state, JobState::Running);
        QVERIFY(asked->cancelRequested);
        QVERIFY(run.result().ok());
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(3).value<JobState>(), JobState::Cancelled);
        const Job after = fx.job(id);
        QCOMPARE(after.state, JobState::Cancelled);
        QCOMPARE(after.lastError, QStringLiteral("cancelled by the user"));
        // Not queued again behind the user's back.
        fx.clock.advance(3600 * 1000);
        QVERIFY(fx.runDue(QStringLiteral("test.long")).ok());
        QCOMPARE(calls->load(), 1);
    }

    void cancelFromAnotherProcessIsNoticedAtTheNextReport()
    {
        CoreFixture fx;
        const ManualClock clock = fx.clock;
        // The cancel is only in the queue (another process wrote it): the runner reads it when it
        // persists the job's progress.
        fx.core.handlers().add(QStringLiteral("test.reporting"), [clock](JobContext &ctx) {
            Progress p;
            p.filesTotal = 1000000;
            while (!ctx.isCancelled() && p.filesDone < p.filesTotal) {
                p.filesDone += 1;
                if (p.filesDone == 3) {
                    auto db = ctx.workspace().connect();
                    if (auto asked = JobQueue(**db).requestCancel(ctx.job().id); !asked)
                        return JobOutcome::fail(asked.error().message);
                }
                clock.advance(100);
                ctx.reportProgress(p);
            }
            return ctx.isCancelled() ? JobOutcome::cancelled() : JobOutcome::done();
        });
        const qint64 id = fx.enqueue(QStringLiteral("test.reporting"));
        QVERIFY(fx.runDue(QStringLiteral("test.reporting")).ok());
        const Job after = fx.job(id);
        QCOMPARE(after.state, JobState::Cancelled);
        QVERIFY2(after.progress.filesDone < 20,
                 qPrintable(QString::number(after.progress.filesDone)));
    }

    void aStepThatCancelsItselfBacksOffInsteadOfLooping()
    {
        CoreFixture fx;
        // A step gave up with "cancelled" though nobody asked (the defect: it was queued due now
        // and taken again at once, forever). Stop the loop after 50 rounds.
        Scripted gaveUp;
        for (int i = 0; i < 50; ++i)
            gaveUp.outcomes.append(JobOutcome::cancelled());
        gaveUp.outcomes.append(JobOutcome::done());
        fx.core.handlers().add(QStringLiteral("test.gaveup"), gaveUp.handler());
        const qint64 id = fx.enqueue(QStringLiteral("test.gaveup"));
        QVERIFY(fx.runDue(QStringLiteral("test.gaveup")).ok());
        QCOMPARE(gaveUp.calls->load(), 1);
        const Job after = fx.job(id);
        QCOMPARE(after.state, JobState::Queued);
        QVERIFY(after.nextAttemptMs >= fx.clock.nowMs() + 750);
    }

    void retryNowRunsAFailedOrBackingOffJob()
    {
        CoreFixture fx;
        Scripted once{{JobOutcome::fail(QStringLiteral("disk full")), JobOutcome::done()}};
        fx.core.handlers().add(QStringLiteral("test.once"), once.handler());
        const qint64 failed = fx.enqueue(QStringLiteral("test.once"));
        QVERIFY(fx.runDue(QStringLiteral("test.once")).ok());
        QCOMPARE(fx.job(failed).state, JobState::Failed);
        QCoreApplication::processEvents(); // the signals of that first run, queued to this thread
        QSignalSpy changed(&fx.core.jobs(), &JobControl::jobStateChanged);
        QSignalSpy finished(&fx.core.jobs(), &JobControl::jobFinished);
        auto retried = fx.core.jobs().retry(fx.ws, failed).result();
        QVERIFY(retried.ok());
        QCOMPARE(retried->state, JobState::Queued);
        QVERIFY(retried->nextAttemptMs <= fx.clock.nowMs());
        QTRY_COMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(2).value<JobState>(), JobState::Queued);
        QVERIFY(fx.runDue(QStringLiteral("test.once")).ok());
        QTRY_COMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(1).toLongLong(), failed);
        QCOMPARE(finished.at(0).at(3).value<JobState>(), JobState::Done);
        QCOMPARE(fx.job(failed).state, JobState::Done);

        // Backing off for a minute: retry makes it due now, on the same clock.
        Scripted slow{{JobOutcome::retry(QStringLiteral("busy"), 60000), JobOutcome::done()}};
        fx.core.handlers().add(QStringLiteral("test.slow"), slow.handler());
        const qint64 backing = fx.enqueue(QStringLiteral("test.slow"));
        QVERIFY(fx.runDue(QStringLiteral("test.slow")).ok());
        QVERIFY(fx.job(backing).nextAttemptMs > fx.clock.nowMs());
        // A server's Retry-After still holds against a retry ...
        QVERIFY(fx.core.jobs().retry(fx.ws, backing).result().ok());
        QVERIFY(fx.runDue(QStringLiteral("test.slow")).ok());
        QCOMPARE(slow.calls->load(), 1);
        // ... and unblock lifts it.
        auto lifted = fx.core.jobs().unblock(fx.ws, backing).result();
        QVERIFY(lifted.ok());
        QVERIFY(fx.runDue(QStringLiteral("test.slow")).ok());
        QCOMPARE(slow.calls->load(), 2);
        QCOMPARE(fx.job(backing).state, JobState::Done);
        // A finished job cannot be retried.
        QCOMPARE(fx.core.jobs().retry(fx.ws, backing).result().error().code, ErrorCode::Conflict);
    }

    void unblockRunsABlockedJob()
    {
        CoreFixture fx;
        Scripted creds{{JobOutcome::block(QStringLiteral("token rejected")), JobOutcome::done()}};
        fx.core.handlers().add(QStringLiteral("test.creds"), creds.handler());
        const qint64 id = fx.enqueue(QStringLiteral("test.creds"));
        QVERIFY(fx.runDue(QStringLiteral("test.creds")).ok());
        QCOMPARE(fx.job(id).state, JobState::Blocked);
        QCOMPARE(fx.job(id).lastError, QStringLiteral("token rejected"));
        QSignalSpy changed(&fx.core.jobs(), &JobControl::jobStateChanged);
        auto unblocked = fx.core.jobs().unblock(fx.ws, id).result();
        QVERIFY(unblocked.ok());
        QCOMPARE(unblocked->state, JobState::Queued);
        QTRY_COMPARE(changed.size(), 1);
        QVERIFY(fx.runDue(QStringLiteral("test.creds")).ok());
        QCOMPARE(fx.job(id).state, JobState::Done);
        // Only a blocked or held job can be unblocked.
        QCOMPARE(fx.core.jobs().unblock(fx.ws, id).result().error().code, ErrorCode::Conflict);
    }

    void progressArrivesAsSignalsOnTheCallersThread()
    {
        CoreFixture fx;
        fx.core.handlers().add(QStringLiteral("test.progress"), [](JobContext &ctx) {
            Progress p;
            p.objectsTotal = 2000;
            p.bytesDone = 0;
            for (int i = 1; i <= 2000; ++i) {
                p.objectsDone = i;
                p.bytesDone += 10;
                ctx.reportProgress(p);
            }
            ctx.note(QStringLiteral("sent 2000 objects"));
            return JobOutcome::done();
        });
        const qint64 id = fx.enqueue(QStringLiteral("test.progress"));
        QSignalSpy progress(&fx.core.jobs(), &JobControl::jobProgress);
        QSignalSpy notes(&fx.core.jobs(), &JobControl::jobNote);
        QSignalSpy finished(&fx.core.jobs(), &JobControl::jobFinished);
        QList<QThread *> threads;
        connect(&fx.core.jobs(), &JobControl::jobProgress, this,
                [&threads] { threads.append(QThread::currentThread()); });
        auto run = fx.runDue(QStringLiteral("test.progress"));
        QVERIFY(run.ok());
        QCOMPARE(run->notes, QStringList{QStringLiteral("sent 2000 objects")});
        QTRY_COMPARE(finished.size(), 1);
        QVERIFY(!progress.isEmpty());
        // Coalesced: far fewer signals than reports, the last one the final value.
        QVERIFY2(progress.size() < 2000, qPrintable(QString::number(progress.size())));
        const Progress last = progress.last().at(2).value<Progress>();
        QCOMPARE(progress.last().at(1).toLongLong(), id);
        QCOMPARE(last.objectsDone, qint64(2000));
        QCOMPARE(last.objectsTotal, qint64(2000));
        QCOMPARE(last.bytesDone, qint64(20000));
        QCOMPARE(last.filesTotal, qint64(0)); // objects are not files
        QCOMPARE(notes.size(), 1);
        for (QThread *t : std::as_const(threads))
            QCOMPARE(t, QThread::currentThread());
        // Objects are persisted under their own name too.
        QCOMPARE(fx.job(id).progress.objectsDone, qint64(2000));
    }
};

QTEST_GUILESS_MAIN(TestJobControl)
#include "tst_job_control.moc"
