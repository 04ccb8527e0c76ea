// The watcher of a long-lived process: an edit by another program (a plain file write here)
// reaches the change notifications through a rescan of only the folder that changed; git's and
// HAWKMOTH's own folders are not watched; running out of inotify watches is a clear error.

#include "ChangeNotifier.h"
#include "FolderWatch.h"
#include "Rescanner.h"
#include "StorageCore.h"
#include "TestSupport.h"
#include "WorkspaceWatcher.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;

namespace {

QStringList pathsIn(const QSignalSpy &spy)
{
    QStringList out;
    for (int i = 0; i < spy.count(); ++i) {
        const QVariant v = spy.at(i).at(1);
        if (v.canConvert<QStringList>() && v.userType() == QMetaType::QStringList)
            out += v.toStringList();
        else
            for (const FileEntry &e : v.value<FileEntries>())
                out.append(e.path);
    }
    return out;
}

// A started core whose current workspace holds a few folders, indexed, and is watched.
struct Watched
{
    test::TempRoot tmp;
    StorageCore core{Paths(tmp.dataRoot(), tmp.cacheRoot())};
    Workspace ws;

    Watched()
    {
        if (!core.start().result().ok())
            qFatal("core did not start");
        ws = *core.workspaces().current().result();
        for (const char *f :
             {"top.txt", "a/one.txt", "a/deep/two.txt", "b/three.txt", "c/four.txt"})
            test::writeFile(ws.absolutePath(QString::fromLatin1(f)), f);
        const StorageContext ctx = core.context();
        if (!Rescanner(ws, ctx).run().ok())
            qFatal("first rescan failed");
        core.changes().flush();
        core.watch().setDebounce(20);
        QSignalSpy watching(&core.watch(), &CurrentWorkspaceWatch::watching);
        QSignalSpy failed(&core.watch(), &CurrentWorkspaceWatch::failed);
        core.watchCurrentWorkspace(true); // set up on the pool
        if (watching.isEmpty() && !watching.wait(10000))
            qFatal("not watching: %s",
                   failed.isEmpty() ? "no answer" : qPrintable(failed.first().first().toString()));
    }
    QString path(const char *relative) const
    {
        return ws.absolutePath(QString::fromLatin1(relative));
    }
};

} // namespace

class TestWorkspaceWatcher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void editsByAnotherProgramAreNotified()
    {
        Watched w;
        QSignalSpy added(&w.core.changes(), &ChangeNotifier::filesAdded);
        QSignalSpy changed(&w.core.changes(), &ChangeNotifier::filesChanged);
        QSignalSpy removed(&w.core.changes(), &ChangeNotifier::filesRemoved);

        test::writeFile(w.path("b/new.txt"), "written elsewhere");
        QTRY_VERIFY_WITH_TIMEOUT(pathsIn(added).contains(QStringLiteral("b/new.txt")), 5000);
        QCOMPARE(added.first().first().toString(), w.ws.name());

        test::writeFile(w.path("a/one.txt"), "edited elsewhere, longer");
        QTRY_VERIFY_WITH_TIMEOUT(pathsIn(changed).contains(QStringLiteral("a/one.txt")), 5000);

        QVERIFY(QFile::remove(w.path("c/four.txt")));
        QTRY_COMPARE_WITH_TIMEOUT(pathsIn(removed), QStringList{QStringLiteral("c/four.txt")},
                                  5000);
    }

    void onlyTheChangedFolderIsRescanned()
    {
        Watched w;
        QSignalSpy rescanned(&w.core.watch(), &CurrentWorkspaceWatch::rescanned);
        test::writeFile(w.path("a/deep/fresh.txt"), "x");
        QTRY_VERIFY_WITH_TIMEOUT(rescanned.count() >= 1, 5000);
        const auto report = rescanned.first().first().value<ScanReport>();
        QCOMPARE(report.added, QStringList{QStringLiteral("a/deep/fresh.txt")});
        QCOMPARE(report.foldersScanned, qint64(1)); // a/deep; not a, b, c or the root
        QCOMPARE(report.unchanged, qint64(1));      // a/deep/two.txt, the folder's other file
        QVERIFY(report.removed.isEmpty());
    }

    void aNewFolderIsWatchedAndScannedWhole()
    {
        Watched w;
        QSignalSpy added(&w.core.changes(), &ChangeNotifier::filesAdded);
        QVERIFY(QDir().mkpath(w.path("new/inner")));
        test::writeFile(w.path("new/inner/f.txt"), "f");
        QTRY_VERIFY_WITH_TIMEOUT(pathsIn(added).contains(QStringLiteral("new/inner/f.txt")), 5000);
        // The new folder is watched: a later write in it is seen too.
        test::writeFile(w.path("new/inner/g.txt"), "g");
        QTRY_VERIFY_WITH_TIMEOUT(pathsIn(added).contains(QStringLiteral("new/inner/g.txt")), 5000);

        QSignalSpy removed(&w.core.changes(), &ChangeNotifier::filesRemoved);
        QVERIFY(QDir(w.path("new")).removeRecursively());
        QTRY_COMPARE_WITH_TIMEOUT(pathsIn(removed).size(), 2, 5000);
    }

    void gitAndHawkmothFoldersAreIgnored()
    {
        test::TempRoot tmp;
        const QString root = tmp.path() + QStringLiteral("/ws");
        test::writeFile(root + QStringLiteral("/.git/HEAD"), "ref");
        test::writeFile(root + QStringLiteral("/.hawkmoth/index.db"), "db");
        test::writeFile(root + QStringLiteral("/sub/kept.txt"), "k");
        test::writeFile(root + QStringLiteral("/clone/.git/HEAD"), "a repository of its own");
        FolderWatch watch;
        QVERIFY(watch.start(root).ok());
        QCOMPARE(watch.watchCount(), 2); // the root and sub
        QSignalSpy changed(&watch, &FolderWatch::folderChanged);
        test::writeFile(root + QStringLiteral("/.git/index"), "staged");
        test::writeFile(root + QStringLiteral("/.hawkmoth/index.db-wal"), "wal");
        test::writeFile(root + QStringLiteral("/clone/file.txt"), "theirs");
        test::writeFile(root + QStringLiteral("/sub/marker.txt"), "m");
        // One inotify queue delivers in order: once the marker is seen, so is everything before.
        QTRY_VERIFY_WITH_TIMEOUT(!changed.isEmpty(), 5000);
        for (const QList<QVariant> &signal : std::as_const(changed)) {
            QCOMPARE(signal.at(0).toString(), QStringLiteral("sub"));
            QCOMPARE(signal.at(1).toBool(), false);
        }
    }

    void runningOutOfWatchesIsAClearError()
    {
        test::TempRoot tmp;
        const QString root = tmp.path() + QStringLiteral("/ws");
        for (int i = 0; i < 5; ++i)
            QVERIFY(QDir().mkpath(root + QStringLiteral("/d%1").arg(i)));
        FolderWatch watch;
        const Status started = watch.start(root, 3);
        QVERIFY(!started.ok());
        QVERIFY2(started.error().message.contains(QStringLiteral("max_user_watches")),
                 qPrintable(started.error().message));
        QCOMPARE(watch.watchCount(), 0);
        QVERIFY(watch.start(root).ok());
        QCOMPARE(watch.watchCount(), 6);
    }

    void aBurstOfWritesIsOneRescan()
    {
        Watched w;
        w.core.watch().setDebounce(1000);
        QSignalSpy rescanned(&w.core.watch(), &CurrentWorkspaceWatch::rescanned);
        for (int i = 0; i < 20; ++i)
            test::writeFile(w.path("b/burst") + QString::number(i), "b");
        QTRY_VERIFY_WITH_TIMEOUT(rescanned.count() >= 1, 10000);
        const auto report = rescanned.first().first().value<ScanReport>();
        QCOMPARE(report.added.size(), 20);
        QCOMPARE(report.foldersScanned, qint64(1));
    }

    void theWatchFollowsTheCurrentWorkspace()
    {
        Watched w;
        QVERIFY(w.core.workspaces()
                    .create(QStringLiteral("two"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        QVERIFY(w.core.workspaces().switchTo(QStringLiteral("two")).result().ok());
        QTRY_VERIFY(w.core.watch().watcher() &&
                    w.core.watch().watcher()->workspace().name() == QLatin1String("two"));
        QSignalSpy added(&w.core.changes(), &ChangeNotifier::filesAdded);
        auto two = w.core.workspaces().current().result();
        test::writeFile(two->absolutePath(QStringLiteral("there.txt")), "t");
        QTRY_COMPARE_WITH_TIMEOUT(pathsIn(added), QStringList{QStringLiteral("there.txt")}, 5000);
        QCOMPARE(added.first().first().toString(), QStringLiteral("two"));

        w.core.watchCurrentWorkspace(false);
        QVERIFY(!w.core.watch().watcher());
    }
};

QTEST_MAIN(TestWorkspaceWatcher)
#include "tst_workspace_watcher.moc"
