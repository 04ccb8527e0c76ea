// The session layer: cleanup and retention of session files (unless promoted), the staging
// folder's leftovers, the LRU content cache and the editor crash journal.

#include "ContentCache.h"
#include "EditorJournal.h"
#include "FileIndex.h"
#include "FileStore.h"
#include "LayerMover.h"
#include "SessionCleaner.h"
#include "StorageFixture.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>

#include <fcntl.h>
#include <sys/stat.h>

using namespace hawkmoth;

namespace {
void ageFile(const QString &path, int days)
{
    struct timespec t[2];
    t[0].tv_sec = QDateTime::currentSecsSinceEpoch() - qint64(days) * 86400;
    t[0].tv_nsec = 0;
    t[1] = t[0];
    QVERIFY(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), t, 0) == 0);
}
} // namespace

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retentionRemovesOnlyExpiredUnpromotedSessionFiles()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("scratch/old.txt"), "old").ok());
        QVERIFY(store.save(QStringLiteral("scratch/fresh.txt"), "fresh").ok());
        QVERIFY(store.save(QStringLiteral("scratch/promoted.txt"), "keep me").ok());
        QVERIFY(store.save(QStringLiteral("code.py"), "x = 1").ok());
        for (const char *f : {"scratch/old.txt", "scratch/promoted.txt", "code.py"})
            ageFile(fx.path(QString::fromLatin1(f)), 30);
        LayerMover mover(fx.workspace(), fx.context());
        QVERIFY(mover.pin(QStringLiteral("scratch/promoted.txt"), Layer::Git).ok());
        JobHandlers handlers;
        LayerMover::registerHandlers(handlers);
        JobRunner runner(fx.workspace(), fx.context(), handlers);
        QVERIFY(runner.drain({}, {}, 0).ok());

        SessionCleaner cleaner(fx.workspace(), fx.context());
        auto expired = cleaner.run(true);
        QVERIFY(expired.ok());
        QCOMPARE(expired->removedFiles, QStringList{QStringLiteral("scratch/old.txt")});
        QVERIFY(QFileInfo::exists(fx.path(QStringLiteral("scratch/fresh.txt"))));
        QVERIFY(QFileInfo::exists(fx.path(QStringLiteral("scratch/promoted.txt"))));
        QVERIFY(QFileInfo::exists(fx.path(QStringLiteral("code.py"))));
        // The automatic pass runs once a day at most: an expired file waits for the next day.
        const ManualClock clock;
        SessionCleaner daily(fx.workspace(), fx.context(), clock.clock());
        QVERIFY(store.save(QStringLiteral("scratch/late.txt"), "late").ok());
        ageFile(fx.path(QStringLiteral("scratch/late.txt")), 30);
        auto gated = daily.runIfDue();
        QVERIFY(gated.ok());
        QVERIFY(gated->removedFiles.isEmpty());
        QVERIFY(QFileInfo::exists(fx.path(QStringLiteral("scratch/late.txt"))));
        clock.advance(23LL * 3600 * 1000);
        QVERIFY(daily.runIfDue()->removedFiles.isEmpty());
        clock.advance(3600LL * 1000 + 1);
        QCOMPARE(daily.runIfDue()->removedFiles, QStringList{QStringLiteral("scratch/late.txt")});
        // ... and then not again the same day.
        QVERIFY(store.save(QStringLiteral("scratch/later.txt"), "later").ok());
        ageFile(fx.path(QStringLiteral("scratch/later.txt")), 30);
        QVERIFY(daily.runIfDue()->removedFiles.isEmpty());
        QVERIFY(QFile::remove(fx.path(QStringLiteral("scratch/later.txt"))));

        auto all = cleaner.run(false);
        QCOMPARE(all->removedFiles, QStringList{QStringLiteral("scratch/fresh.txt")});
        QVERIFY(QFileInfo::exists(fx.path(QStringLiteral("scratch/promoted.txt"))));
        auto db = fx.workspace().connect();
        QCOMPARE(FileIndex(**db).totals()->value(Layer::Session).files, qint64(0));
    }

    void staleStagingLeftoversAreRemoved()
    {
        test::StorageFixture fx;
        const QString stale = fx.workspace().stagingDir() + QStringLiteral("/.hm-dead.part");
        const QString live = fx.workspace().stagingDir() + QStringLiteral("/.hm-live.part");
        test::writeFile(stale, "interrupted write");
        test::writeFile(live, "being written right now");
        ageFile(stale, 1);
        auto report = SessionCleaner(fx.workspace(), fx.context()).run(false);
        QCOMPARE(report->stagingLeftovers, 1);
        QVERIFY(!QFileInfo::exists(stale));
        QVERIFY(QFileInfo::exists(live));
    }

    void contentCacheIsLruWithinBudget()
    {
        ContentCache cache(100);
        cache.put(QStringLiteral("/a"), 40, 1, QByteArray(40, 'a'));
        cache.put(QStringLiteral("/b"), 40, 1, QByteArray(40, 'b'));
        QVERIFY(cache.get(QStringLiteral("/a"), 40, 1).has_value()); // a is now the most recent
        cache.put(QStringLiteral("/c"), 40, 1, QByteArray(40, 'c')); // evicts b
        QVERIFY(!cache.get(QStringLiteral("/b"), 40, 1).has_value());
        QVERIFY(cache.get(QStringLiteral("/a"), 40, 1).has_value());
        QCOMPARE(cache.usedBytes(), qint64(80));
        QVERIFY(!cache.get(QStringLiteral("/a"), 40, 2).has_value()); // changed on disk: dropped
        QCOMPARE(cache.entryCount(), 1);
        cache.put(QStringLiteral("/huge"), 500, 1, QByteArray(500, 'h')); // over budget: not kept
        QCOMPARE(cache.entryCount(), 1);
        cache.put(QStringLiteral("/dir/x"), 10, 1, "0123456789");
        cache.removeTree(QStringLiteral("/dir"));
        QVERIFY(!cache.get(QStringLiteral("/dir/x"), 10, 1).has_value());
        cache.setBudget(10);
        QCOMPARE(cache.entryCount(), 0);
    }

    void editorJournalKeepsUnsavedBuffers()
    {
        test::TempRoot tmp;
        EditorJournal journal(tmp.file(QStringLiteral("journal")));
        QVERIFY(
            journal.record(QStringLiteral("ws"), QStringLiteral("src/a.py"), "unsaved edit").ok());
        QVERIFY(journal.record(QStringLiteral("ws"), QStringLiteral("b.md"), QByteArray("x\0y", 3))
                    .ok());
        QVERIFY(
            journal.record(QStringLiteral("ws"), QStringLiteral("src/a.py"), "newer edit").ok());
        auto entries = journal.entries(QStringLiteral("ws"));
        QCOMPARE(entries->size(), 2);
        for (const JournalEntry &e : *entries) {
            if (e.path == QLatin1String("src/a.py"))
                QCOMPARE(e.content, QByteArray("newer edit"));
            else
                QCOMPARE(e.content, QByteArray("x\0y", 3));
            QVERIFY(e.recorded.isValid());
        }
        QVERIFY(journal.discard(QStringLiteral("ws"), QStringLiteral("b.md")).ok());
        QCOMPARE(journal.entries(QStringLiteral("ws"))->size(), 1);
        QVERIFY(journal.renameWorkspace(QStringLiteral("ws"), QStringLiteral("ws2")).ok());
        QCOMPARE(journal.entries(QStringLiteral("ws2"))->size(), 1);
        QVERIFY(journal.dropWorkspace(QStringLiteral("ws2")).ok());
        QCOMPARE(journal.entries(QStringLiteral("ws2"))->size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "tst_session.moc"
