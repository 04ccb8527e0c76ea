// Rescanner: changes made behind HAWKMOTH's back are found — added, changed (size or mtime, then
// hash), removed — and files that merely look unchanged are hashed when they are racily clean.

#include "FileIndex.h"
#include "FileStore.h"
#include "Rescanner.h"
#include "StampSnapshots.h"
#include "StorageFixture.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QThreadPool>

#include <fcntl.h>
#include <sys/stat.h>

using namespace hawkmoth;

namespace {

// Sets a file's mtime to an exact nanosecond value.
void setMtime(const QString &path, qint64 ns)
{
    struct timespec times[2];
    times[0].tv_sec = ns / 1000000000LL;
    times[0].tv_nsec = ns % 1000000000LL;
    times[1] = times[0];
    QVERIFY(::utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0) == 0);
}

qint64 mtimeOf(const QString &path)
{
    struct stat st
    {};
    ::stat(QFile::encodeName(path).constData(), &st);
    return qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

} // namespace

class TestRescanner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void findsAddedChangedRemoved()
    {
        test::StorageFixture fx;
        const qint64 old = (QDateTime::currentSecsSinceEpoch() - 3600) * 1000000000LL;
        for (const char *name : {"keep.txt", "edit.txt", "gone.txt", "touch.txt"}) {
            test::writeFile(fx.path(QString::fromLatin1(name)), name);
            setMtime(fx.path(QString::fromLatin1(name)), old);
        }
        Rescanner rescanner(fx.workspace(), fx.context());
        auto first = rescanner.run();
        QVERIFY(first.ok());
        QCOMPARE(first->added.size(), 4);

        test::writeFile(fx.path(QStringLiteral("edit.txt")), "edited, and longer");
        QVERIFY(QFile::remove(fx.path(QStringLiteral("gone.txt"))));
        test::writeFile(fx.path(QStringLiteral("new/deep/file.md")), "new");
        setMtime(fx.path(QStringLiteral("touch.txt")), old + 5000000000LL); // touched, same bytes
        auto second = rescanner.run();
        QVERIFY(second.ok());
        QCOMPARE(second->added, QStringList{QStringLiteral("new/deep/file.md")});
        QCOMPARE(second->changed, QStringList{QStringLiteral("edit.txt")});
        QCOMPARE(second->removed, QStringList{QStringLiteral("gone.txt")});
        QCOMPARE(second->unchanged, qint64(2)); // keep.txt, touch.txt (hashed, same content)

        auto db = fx.workspace().connect();
        FileIndex index(**db);
        QCOMPARE(index.get(QStringLiteral("touch.txt"))->value().mtimeNs, old + 5000000000LL);
        QCOMPARE(index.get(QStringLiteral("edit.txt"))->value().size, qint64(18));
        QVERIFY(!index.get(QStringLiteral("gone.txt"))->has_value());

        // Files written a moment ago are racily clean: hashed again until their mtime is clearly
        // older than their row. Once it is, a scan reads nothing.
        setMtime(fx.path(QStringLiteral("edit.txt")), old + 10000000000LL);
        setMtime(fx.path(QStringLiteral("new/deep/file.md")), old + 10000000000LL);
        auto third = rescanner.run();
        QVERIFY(!third->hasChanges());
        QCOMPARE(third->bytesHashed, qint64(21)); // mtimes moved: both re-read, contents the same
        auto fourth = rescanner.run();
        QVERIFY(!fourth->hasChanges());
        QCOMPARE(fourth->bytesHashed, qint64(0));
        QCOMPARE(fourth->unchanged, qint64(4));
    }

    void sameSizeSameMtimeDifferentContentWhenRacy()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("racy.txt"), "aaaa").ok());
        const qint64 stamp = mtimeOf(fx.path(QStringLiteral("racy.txt")));
        // Rewritten within the clock's granularity: same size, same mtime, other bytes.
        test::writeFile(fx.path(QStringLiteral("racy.txt")), "bbbb");
        setMtime(fx.path(QStringLiteral("racy.txt")), stamp);
        Rescanner rescanner(fx.workspace(), fx.context());
        auto report = rescanner.run();
        QVERIFY(report.ok());
        QCOMPARE(report->changed, QStringList{QStringLiteral("racy.txt")});
    }

    void stampSnapshotFileServesTheNextScan()
    {
        test::StorageFixture fx;
        const qint64 old = (QDateTime::currentSecsSinceEpoch() - 3600) * 1000000000LL;
        for (int i = 0; i < 50; ++i) {
            test::writeFile(fx.path(QStringLiteral("f%1.txt").arg(i)), QByteArray::number(i));
            setMtime(fx.path(QStringLiteral("f%1.txt").arg(i)), old);
        }
        Rescanner rescanner(fx.workspace(), fx.context());
        QVERIFY(rescanner.run().ok());
        auto db = fx.workspace().connect();
        bool fromFile = false;
        QVERIFY(StampSnapshots(**db).read({}, &fromFile).ok());
        QVERIFY(fromFile);
        // A save made by someone else invalidates it; the next scan still sees everything.
        QVERIFY(FileStore(fx.workspace(), fx.context()).save(QStringLiteral("f1.txt"), "new").ok());
        test::writeFile(fx.path(QStringLiteral("f2.txt")), "changed too!");
        auto report = rescanner.run();
        QCOMPARE(report->changed, QStringList{QStringLiteral("f2.txt")});
    }

    void skipsSymlinksAndInternalFolders()
    {
        test::StorageFixture fx;
        test::writeFile(fx.path(QStringLiteral("real.txt")), "r");
        QVERIFY(
            QFile::link(fx.path(QStringLiteral("real.txt")), fx.path(QStringLiteral("alias.txt"))));
        test::writeFile(fx.path(QStringLiteral(".git/HEAD")), "ref: refs/heads/main\n");
        Rescanner rescanner(fx.workspace(), fx.context());
        auto report = rescanner.run();
        QVERIFY(report.ok());
        QCOMPARE(report->added, QStringList{QStringLiteral("real.txt")});
        QCOMPARE(report->skipped.size(), 1);
        QCOMPARE(report->skipped.first().path, QStringLiteral("alias.txt"));
        QVERIFY(report->skipped.first().reason.contains(QLatin1String("symbolic link")));
    }

    // Files the walk leaves out on purpose leave the index although they are still on disk: a
    // folder that became a repository of its own, a file replaced by a link.
    void skippedPathsLeaveTheIndex()
    {
        test::StorageFixture fx;
        test::writeFile(fx.path(QStringLiteral("nested/x.txt")), "x");
        test::writeFile(fx.path(QStringLiteral("linked.txt")), "l");
        test::writeFile(fx.path(QStringLiteral("target.txt")), "t");
        Rescanner rescanner(fx.workspace(), fx.context());
        QCOMPARE(rescanner.run()->added.size(), 3);
        test::writeFile(fx.path(QStringLiteral("nested/.git/HEAD")), "ref: refs/heads/main\n");
        QVERIFY(QFile::remove(fx.path(QStringLiteral("linked.txt"))));
        QVERIFY(QFile::link(fx.path(QStringLiteral("target.txt")),
                            fx.path(QStringLiteral("linked.txt"))));
        auto report = rescanner.run();
        QVERIFY(report.ok());
        report->removed.sort();
        QCOMPARE(report->removed,
                 (QStringList{QStringLiteral("linked.txt"), QStringLiteral("nested/x.txt")}));
    }

    // A scan that looked at the disk before another writer moved, deleted or saved files must
    // not bring the old paths back or overwrite the newer rows when it writes afterwards (the
    // project tree showed moved files twice, because the listing's folder scan re-added them).
    void writesBetweenSnapshotAndCommitWin()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        for (const char *name : {"moved.txt", "deleted.txt", "saved.txt"})
            QVERIFY(store.save(QString::fromLatin1(name), name).ok());
        test::writeFile(fx.path(QStringLiteral("raw.txt")), "by another program");
        const qint64 later = mtimeOf(fx.path(QStringLiteral("saved.txt"))) + 5000000000LL;
        for (const char *name : {"moved.txt", "deleted.txt", "saved.txt"})
            setMtime(fx.path(QString::fromLatin1(name)), later); // candidates, whatever the clock

        Rescanner rescanner(fx.workspace(), fx.context());
        bool raced = false;
        // Progress comes after the walk and the hashing, before the scan's own transaction.
        auto report = rescanner.run({}, {}, [&](const Progress &) {
            if (raced)
                return;
            raced = true;
            FileStore other(fx.workspace(), fx.context());
            QVERIFY(other.move(QStringLiteral("moved.txt"), QStringLiteral("there.txt")).ok());
            QVERIFY(other.remove(QStringLiteral("deleted.txt"), false).ok());
            QVERIFY(other.save(QStringLiteral("saved.txt"), "saved again, longer").ok());
            QVERIFY(other.save(QStringLiteral("raw.txt"), "saved over it").ok());
        });
        QVERIFY(raced);
        QVERIFY(report.ok());

        auto db = fx.workspace().connect();
        FileIndex index(**db);
        QVERIFY(!index.get(QStringLiteral("moved.txt"))->has_value());
        QVERIFY(!index.get(QStringLiteral("deleted.txt"))->has_value());
        QVERIFY(index.get(QStringLiteral("there.txt"))->has_value());
        QCOMPARE(index.get(QStringLiteral("saved.txt"))->value().size, qint64(19));
        QCOMPARE(index.get(QStringLiteral("raw.txt"))->value().size, qint64(13));
        // The next scan finds the index and the disk agreeing.
        auto next = rescanner.run();
        QVERIFY(next.ok());
        QVERIFY2(!next->hasChanges(), qPrintable(next->added.join(u' ') + next->changed.join(u' ') +
                                                 next->removed.join(u' ')));
    }

    // The walk runs beside the index read: a save or a move that publishes its file after the
    // walk listed the folder and commits before the read must not look like a deletion (a saved
    // file vanished from the index of a running server when its watcher's scan came at that
    // moment, and came back as a new file at the next scan).
    void filesPublishedBetweenWalkAndIndexReadStay()
    {
        test::StorageFixture fx;
        QThreadPool pool;
        fx.context().pool = &pool;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("a.txt"), "a").ok());
        QVERIFY(store.save(QStringLiteral("sub/keep.txt"), "keep").ok());

        Rescanner rescanner(fx.workspace(), fx.context());
        bool raced = false;
        rescanner.setBeforeIndexRead([&] {
            pool.waitForDone(); // the walk's helper has listed every folder
            raced = true;
            FileStore other(fx.workspace(), fx.context());
            QVERIFY(other.save(QStringLiteral("late.txt"), "late").ok());
            QVERIFY(other.move(QStringLiteral("a.txt"), QStringLiteral("sub/b.txt")).ok());
        });
        auto report = rescanner.run();
        QVERIFY(raced);
        QVERIFY(report.ok());
        QVERIFY2(report->removed.isEmpty(), qPrintable(report->removed.join(u' ')));

        auto db = fx.workspace().connect();
        FileIndex index(**db);
        QVERIFY(index.get(QStringLiteral("late.txt"))->has_value());
        QVERIFY(index.get(QStringLiteral("sub/b.txt"))->has_value());
        QVERIFY(!index.get(QStringLiteral("a.txt"))->has_value());
        rescanner.setBeforeIndexRead({});
        auto next = rescanner.run();
        QVERIFY(next.ok());
        QVERIFY2(!next->hasChanges(), qPrintable(next->added.join(u' ') + next->changed.join(u' ') +
                                                 next->removed.join(u' ')));
    }

    void subfolderScanAndCancel()
    {
        test::StorageFixture fx;
        test::writeFile(fx.path(QStringLiteral("a/1.txt")), "1");
        test::writeFile(fx.path(QStringLiteral("b/2.txt")), "2");
        Rescanner rescanner(fx.workspace(), fx.context());
        auto sub = rescanner.run(QStringLiteral("a"));
        QCOMPARE(sub->added, QStringList{QStringLiteral("a/1.txt")});
        auto whole = rescanner.run();
        QCOMPARE(whole->added, QStringList{QStringLiteral("b/2.txt")});
        CancelToken cancel;
        cancel.cancel();
        test::writeFile(fx.path(QStringLiteral("c/3.txt")), "3");
        auto cancelled = rescanner.run({}, cancel);
        QVERIFY(!cancelled.ok());
        QCOMPARE(cancelled.error().code, ErrorCode::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestRescanner)
#include "tst_rescanner.moc"
