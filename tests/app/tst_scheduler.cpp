// Automatic sync in a long-lived process: changes are committed by the background scheduler after
// the quiet period (one commit for a burst), not at all when automatic sync is off, and a long
// commit can be cancelled without harming the repository.

#include "AppServices.h"
#include "FileIndex.h"
#include "FileStore.h"
#include "GitCommitter.h"
#include "JobQueue.h"
#include "JobScheduler.h"
#include "Rescanner.h"
#include "TestSupport.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;

namespace {

int commits(const test::TempRoot &root, const QString &ws)
{
    auto r = test::runProgram(QStringLiteral("git"),
                              {QStringLiteral("-C"), ws, QStringLiteral("rev-list"),
                               QStringLiteral("--count"), QStringLiteral("HEAD")},
                              {}, root.environment());
    return r.exitCode == 0 ? r.out.trimmed().toInt() : 0;
}

void writeSettings(const test::TempRoot &root, const QByteArray &json)
{
    test::writeFile(root.dataRoot() + QStringLiteral("/settings.json"), json);
}

} // namespace

class TestScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void commitsAfterQuietPeriod()
    {
        test::TempRoot root;
        qputenv("HOME", root.file(QStringLiteral("home")).toUtf8());
        writeSettings(root, R"({"autoSyncDelaySeconds": 1})");
        AppServices services(Paths(root.dataRoot(), root.cacheRoot()));
        StorageCore &core = services.core();
        QVERIFY(core.start().result().ok());
        auto ws = core.workspaces().current().result();
        QVERIFY(ws.ok());
        JobScheduler scheduler(core);
        QSignalSpy finished(&scheduler, &JobScheduler::jobFinished);
        QObject::connect(&core, &StorageCore::filesChanged, &scheduler, &JobScheduler::wake);
        scheduler.setWorkspace(*ws);

        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 5; ++i) // a burst of saves
            QVERIFY(
                core.files().save(*ws, QStringLiteral("note%1.md").arg(i), "text").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() >= 1, 15000);
        QVERIFY(clock.elapsed() >= 900); // it waited for quiet
        QCOMPARE(finished.first().at(1).toString(), QStringLiteral("sync"));
        QVERIFY(finished.first().at(2).toBool());
        QCOMPARE(commits(root, ws->root()), 1); // one commit for the burst

        QVERIFY(core.files().save(*ws, QStringLiteral("later.md"), "more").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(finished.size() >= 2, 15000);
        QCOMPARE(commits(root, ws->root()), 2);
    }

    // A long-lived process starting on a workspace removes what killed writers left in its
    // staging folder, without waiting for a cleanup; a live writer's file stays.
    void startRemovesLeftoversOfGoneWriters()
    {
        test::TempRoot root;
        AppServices services(Paths(root.dataRoot(), root.cacheRoot()));
        StorageCore &core = services.core();
        QVERIFY(core.start().result().ok());
        auto ws = core.workspaces().current().result();
        QVERIFY(ws.ok());
        QVERIFY(QDir().mkpath(ws->stagingDir()));
        {
            // The daily cleanup ran a moment ago: the leftovers must not wait a day for the next.
            auto db = ws->connect();
            QVERIFY(db);
            QVERIFY(FileIndex(**db)
                        .setMeta(QStringLiteral("lastCleanup"),
                                 QString::number(QDateTime::currentMSecsSinceEpoch()))
                        .ok());
        }
        // The pid of a process that has exited: the inner shell prints its own and ends.
        auto shell = test::runProgram(QStringLiteral("sh"),
                                      {QStringLiteral("-c"), QStringLiteral("sh -c 'echo $$'")}, {},
                                      root.environment());
        const qint64 deadPid = shell.out.trimmed().toLongLong();
        QVERIFY(deadPid > 0);
        const QString dead =
            ws->stagingDir() + QStringLiteral("/.hm-%1-0123456789abcdef.part").arg(deadPid);
        const QString live =
            ws->stagingDir() +
            QStringLiteral("/.hm-%1-fedcba9876543210.part").arg(QCoreApplication::applicationPid());
        test::writeFile(dead, "half a file");
        test::writeFile(live, "being written");
        JobScheduler scheduler(core);
        scheduler.setWorkspace(*ws);
        QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(dead), 10000);
        QVERIFY(QFile::exists(live));
    }

    void autoSyncOff()
    {
        test::TempRoot root;
        writeSettings(root, R"({"autoSync": false})");
        AppServices services(Paths(root.dataRoot(), root.cacheRoot()));
        QVERIFY(services.core().start().result().ok());
        auto ws = services.core().workspaces().current().result();
        QVERIFY(services.core().files().save(*ws, QStringLiteral("a.md"), "a").result().ok());
        auto db = ws->connect();
        QCOMPARE(*JobQueue(**db).countActive(), 0);
    }

    void longCommitCanBeCancelled()
    {
        test::TempRoot root;
        qputenv("HOME", root.file(QStringLiteral("home")).toUtf8());
        AppServices services(Paths(root.dataRoot(), root.cacheRoot()));
        QVERIFY(services.core().start().result().ok());
        auto ws = services.core().workspaces().current().result();
        for (int i = 0; i < 3000; ++i)
            test::writeFile(ws->absolutePath(QStringLiteral("d%1/f%2.txt").arg(i % 30).arg(i)),
                            QByteArray::number(i));
        StorageContext ctx = services.core().context();
        // As a sync does: the rescan first, then the commit stages what it found.
        QVERIFY(Rescanner(*ws, ctx).run().ok());
        auto repo = git::Repository::openOrInit(ws->root());
        QVERIFY(repo.ok());
        CancelToken cancel;
        git::Committer committer(*repo, *ws, ctx);
        Progress seen;
        auto cancelled = committer.commitAll(cancel, [&](const Progress &p) {
            seen = p;
            cancel.cancel();
        });
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
        QVERIFY(seen.filesDone > 0 && seen.filesDone < 3000);
        QCOMPARE(commits(root, ws->root()), 0);
        auto done = committer.commitAll();
        QVERIFY2(done.ok(), qPrintable(done.ok() ? QString() : done.error().message));
        QVERIFY(done->committed);
        QCOMPARE(done->added, 3001); // and .hawkmoth/policy.json
        auto fsck = test::runProgram(
            QStringLiteral("git"),
            {QStringLiteral("-C"), ws->root(), QStringLiteral("fsck"), QStringLiteral("--strict")});
        QCOMPARE(fsck.exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
