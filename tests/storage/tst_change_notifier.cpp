// Change notifications: every committed index write (files and jobs) and every change to the set
// of workspaces reaches core.changes() as typed signals, batched, on the core's thread; a
// rolled-back transaction reaches nothing.

#include "ChangeNotifier.h"
#include "FileIndex.h"
#include "JobQueue.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDir>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;

namespace {

QStringList pathsOf(const FileEntries &entries)
{
    QStringList out;
    for (const FileEntry &e : entries)
        out.append(e.path);
    return out;
}

FileEntries entriesOf(const QSignalSpy &spy, int signal)
{
    return spy.at(signal).at(1).value<FileEntries>();
}

// A started core and its current workspace, as the window has them.
struct Core
{
    test::TempRoot tmp;
    StorageCore core{Paths(tmp.dataRoot(), tmp.cacheRoot())};
    Workspace ws;

    Core()
    {
        if (!core.start().result().ok())
            qFatal("core did not start");
        ws = *core.workspaces().current().result();
        core.changes().flush(); // the default workspace's creation
    }
};

} // namespace

class TestChangeNotifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveGivesOneSignalWithTheEntry()
    {
        Core c;
        QSignalSpy added(&c.core.changes(), &ChangeNotifier::filesAdded);
        QSignalSpy changed(&c.core.changes(), &ChangeNotifier::filesChanged);
        QSignalSpy queued(&c.core.changes(), &ChangeNotifier::jobsQueued);
        auto saved = c.core.files().save(c.ws, QStringLiteral("a.txt"), "hello").result();
        QVERIFY(saved.ok());
        QTRY_COMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toString(), c.ws.name());
        const FileEntries entries = entriesOf(added, 0);
        QCOMPARE(pathsOf(entries), QStringList{QStringLiteral("a.txt")});
        QCOMPARE(entries.first().sha256, saved->sha256);
        QCOMPARE(entries.first().layer, Layer::Git);
        QCOMPARE(entries.first().state, SyncState::Pending);
        // The save queued the debounced sync job in the same transaction: same delivery.
        QCOMPARE(queued.count(), 1);
        QCOMPARE(queued.first().at(1).value<QList<JobChange>>().first().jobKind,
                 QStringLiteral("sync"));
        QCOMPARE(changed.count(), 0);

        QVERIFY(c.core.files().save(c.ws, QStringLiteral("a.txt"), "hello again").result().ok());
        QTRY_COMPARE(changed.count(), 1);
        QCOMPARE(entriesOf(changed, 0).first().size, qint64(11));
        QCOMPARE(added.count(), 1);
    }

    void importDeleteAndMoveEachGiveOneSignal()
    {
        Core c;
        QSignalSpy added(&c.core.changes(), &ChangeNotifier::filesAdded);
        QSignalSpy removed(&c.core.changes(), &ChangeNotifier::filesRemoved);
        const QString source = c.tmp.path() + QStringLiteral("/src");
        for (const char *name : {"one.txt", "two.txt", "sub/three.txt"})
            test::writeFile(source + QLatin1Char('/') + QLatin1String(name), name);
        auto report =
            c.core.files().import(c.ws, {source}, QStringLiteral("in"), OnExists::Refuse).result();
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QTRY_COMPARE(added.count(), 1);
        QStringList paths = pathsOf(entriesOf(added, 0));
        paths.sort();
        QCOMPARE(paths, (QStringList{QStringLiteral("in/src/one.txt"),
                                     QStringLiteral("in/src/sub/three.txt"),
                                     QStringLiteral("in/src/two.txt")}));

        const StorageContext ctx = c.core.context();
        auto gone = c.core
                        .run([&] {
                            return FileStore(c.ws, ctx).remove(QStringLiteral("in/src/sub"), true);
                        })
                        .result();
        QVERIFY(gone.ok());
        QTRY_COMPARE(removed.count(), 1);
        QCOMPARE(removed.first().at(1).toStringList(),
                 QStringList{QStringLiteral("in/src/sub/three.txt")});

        added.clear();
        removed.clear();
        auto moved = c.core
                         .run([&] {
                             return FileStore(c.ws, ctx).move(QStringLiteral("in/src/one.txt"),
                                                              QStringLiteral("moved.txt"));
                         })
                         .result();
        QVERIFY2(moved.ok(), qPrintable(moved.ok() ? QString() : moved.error().message));
        QTRY_COMPARE(removed.count(), 1);
        QTRY_COMPARE(added.count(), 1);
        QCOMPARE(removed.first().at(1).toStringList(),
                 QStringList{QStringLiteral("in/src/one.txt")});
        QCOMPARE(pathsOf(entriesOf(added, 0)), QStringList{QStringLiteral("moved.txt")});
    }

    // A move by any caller reaches receivers as the pair (from, to), before the removal and the
    // addition of its rows, which receivers that keep rows only still get; a folder is one pair.
    void moveGivesFilesMovedBeforeItsRows()
    {
        Core c;
        for (const char *path : {"a.txt", "src/one.py", "src/sub/two.py"})
            QVERIFY(c.core.files().save(c.ws, QString::fromLatin1(path), "x").result().ok());
        c.core.changes().flush();
        c.core.changes().setBatchInterval(60 * 60 * 1000); // only flush() delivers
        QSignalSpy moved(&c.core.changes(), &ChangeNotifier::filesMoved);
        QStringList order;
        connect(&c.core.changes(), &ChangeNotifier::filesMoved, this,
                [&] { order.append(QStringLiteral("moved")); });
        connect(&c.core.changes(), &ChangeNotifier::filesRemoved, this,
                [&](const QString &, const QStringList &paths) {
                    order.append(QStringLiteral("removed ") + paths.join(QLatin1Char(' ')));
                });
        connect(&c.core.changes(), &ChangeNotifier::filesAdded, this,
                [&](const QString &, const FileEntries &entries) {
                    order.append(QStringLiteral("added ") +
                                 pathsOf(entries).join(QLatin1Char(' ')));
                });

        QCOMPARE(c.core.files()
                     .move(c.ws, QStringLiteral("a.txt"), QStringLiteral("b.txt"))
                     .result()
                     .value(),
                 QStringLiteral("b.txt"));
        QCOMPARE(c.core.files()
                     .move(c.ws, QStringLiteral("src"), QStringLiteral("lib"))
                     .result()
                     .value(),
                 QStringLiteral("lib"));
        QCOMPARE(c.core.files()
                     .move(c.ws, QStringLiteral("b.txt"), QStringLiteral("lib"))
                     .result()
                     .value(),
                 QStringLiteral("lib/b.txt"));
        // A move that fails is no move.
        QVERIFY(
            !c.core.files().move(c.ws, QStringLiteral("nothing"), QStringLiteral("x")).result());
        c.core.changes().flush();

        QCOMPARE(moved.count(), 1); // batched like the rest
        QCOMPARE(moved.first().at(0).toString(), c.ws.name());
        QCOMPARE(moved.first().at(1).value<QList<FileMove>>(),
                 (QList<FileMove>{{QStringLiteral("a.txt"), QStringLiteral("b.txt")},
                                  {QStringLiteral("src"), QStringLiteral("lib")},
                                  {QStringLiteral("b.txt"), QStringLiteral("lib/b.txt")}}));
        QCOMPARE(order, (QStringList{QStringLiteral("moved"),
                                     QStringLiteral("removed a.txt b.txt src/one.py "
                                                    "src/sub/two.py"),
                                     QStringLiteral("added lib/one.py lib/sub/two.py "
                                                    "lib/b.txt")}));
    }

    void rolledBackMoveNotifiesNothing()
    {
        Core c;
        QVERIFY(c.core.files().save(c.ws, QStringLiteral("m.txt"), "m").result().ok());
        c.core.changes().flush();
        QSignalSpy moved(&c.core.changes(), &ChangeNotifier::filesMoved);
        auto db = c.ws.connect();
        QVERIFY(db.ok());
        {
            auto tx = Transaction::begin(**db);
            QVERIFY(tx.ok());
            FileIndex(**db).noteMove(QStringLiteral("m.txt"), QStringLiteral("n.txt"));
        } // rolled back
        c.core.changes().flush();
        QCOMPARE(moved.count(), 0);
    }

    void manyTransactionsBecomeOneBatch()
    {
        Core c;
        c.core.changes().setBatchInterval(60 * 60 * 1000); // only flush() delivers
        QSignalSpy added(&c.core.changes(), &ChangeNotifier::filesAdded);
        QSignalSpy changed(&c.core.changes(), &ChangeNotifier::filesChanged);
        const StorageContext ctx = c.core.context();
        const bool ok = c.core
                            .run([&] {
                                FileStore store(c.ws, ctx);
                                for (int i = 0; i < 200; ++i) {
                                    const QString p = QStringLiteral("f%1.txt").arg(i);
                                    if (!store.save(p, "x").ok() || !store.save(p, "xy").ok())
                                        return false;
                                }
                                return true;
                            })
                            .result();
        QVERIFY(ok);
        QCoreApplication::processEvents();
        QCOMPARE(added.count(), 0);
        c.core.changes().flush();
        // 400 commits, one signal: each path once, as added, with its latest entry.
        QCOMPARE(added.count(), 1);
        QCOMPARE(changed.count(), 0);
        const FileEntries entries = entriesOf(added, 0);
        QCOMPARE(entries.size(), 200);
        QCOMPARE(entries.first().size, qint64(2));
    }

    void largeImportIsAFewSignals()
    {
        Core c;
        QSignalSpy added(&c.core.changes(), &ChangeNotifier::filesAdded);
        const QString source = c.tmp.path() + QStringLiteral("/bulk");
        constexpr int files = 1000;
        for (int i = 0; i < files; ++i)
            test::writeFile(source + QStringLiteral("/d%1/f%2.bin").arg(i % 40).arg(i),
                            QByteArray::number(i));
        auto report = c.core.files().import(c.ws, {source}, {}, OnExists::Refuse).result();
        QVERIFY(report.ok());
        auto seen = [&] {
            QSet<QString> paths;
            for (int i = 0; i < added.count(); ++i) {
                for (const FileEntry &e : entriesOf(added, i))
                    paths.insert(e.path);
            }
            return int(paths.size());
        };
        QTRY_COMPARE_WITH_TIMEOUT(seen(), files, 10000);
        QVERIFY2(added.count() < 20, qPrintable(QString::number(added.count())));
    }

    void rolledBackTransactionNotifiesNothing()
    {
        Core c;
        QSignalSpy added(&c.core.changes(), &ChangeNotifier::filesAdded);
        auto db = c.ws.connect();
        QVERIFY(db.ok());
        FileEntry e;
        e.path = QStringLiteral("ghost.txt");
        e.sha256 = "00";
        {
            auto tx = Transaction::begin(**db);
            QVERIFY(tx.ok());
            QVERIFY(FileIndex(**db).upsert(e).ok());
        } // rolled back
        c.core.changes().flush();
        QCOMPARE(added.count(), 0);

        auto tx = Transaction::begin(**db);
        QVERIFY(tx.ok());
        QVERIFY(FileIndex(**db).upsert(e).ok());
        c.core.changes().flush();
        QCOMPARE(added.count(), 0); // not before the commit
        QVERIFY((*tx)->commit().ok());
        c.core.changes().flush();
        QCOMPARE(added.count(), 1);
        QCOMPARE(pathsOf(entriesOf(added, 0)), QStringList{QStringLiteral("ghost.txt")});
    }

    void stateChangesCarryTheWholeRow()
    {
        Core c;
        QVERIFY(c.core.files().save(c.ws, QStringLiteral("s.txt"), "state").result().ok());
        c.core.changes().flush();
        QSignalSpy state(&c.core.changes(), &ChangeNotifier::filesStateChanged);
        auto db = c.ws.connect();
        QVERIFY(db.ok());
        QVERIFY(FileIndex(**db).setState(QStringLiteral("s.txt"), SyncState::Synced).ok());
        QTRY_COMPARE(state.count(), 1);
        const FileEntry row = entriesOf(state, 0).first();
        QCOMPARE(row.path, QStringLiteral("s.txt"));
        QCOMPARE(row.state, SyncState::Synced);
        QCOMPARE(row.size, qint64(5));
    }

    void jobSignals()
    {
        Core c;
        QSignalSpy queued(&c.core.changes(), &ChangeNotifier::jobsQueued);
        QSignalSpy started(&c.core.changes(), &ChangeNotifier::jobStarted);
        QSignalSpy progress(&c.core.changes(), &ChangeNotifier::jobProgress);
        QSignalSpy finished(&c.core.changes(), &ChangeNotifier::jobFinished);
        auto db = c.ws.connect();
        QVERIFY(db.ok());
        JobQueue queue(**db);
        auto id = queue.enqueue(QStringLiteral("test.kind"));
        QVERIFY(id.ok());
        QTRY_COMPARE(queued.count(), 1);
        const auto jobs = queued.first().at(1).value<QList<JobChange>>();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first().id, *id);
        QCOMPARE(jobs.first().jobKind, QStringLiteral("test.kind"));

        auto claimed = queue.claimNext(QDateTime::currentMSecsSinceEpoch());
        QVERIFY(claimed.ok() && claimed->has_value());
        QVERIFY(queue.reportProgress(*id, {10, 100, 1, 10}).ok());
        QVERIFY(queue.reportProgress(*id, {50, 100, 5, 10}).ok());
        QVERIFY(queue.complete(*id).ok());
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.first().at(1).value<JobChange>().id, *id);
        // Two reports in one batch: only the latest is worth showing.
        QCOMPARE(progress.count(), 1);
        QCOMPARE(progress.first().at(1).value<JobChange>().progress.bytesDone, qint64(50));
        const JobChange done = finished.first().at(1).value<JobChange>();
        QCOMPARE(done.id, *id);
        QCOMPARE(done.jobKind, QStringLiteral("test.kind"));
        QCOMPARE(done.state, JobState::Done);
    }

    void workspaceSignals()
    {
        Core c;
        QSignalSpy added(&c.core.changes(), &ChangeNotifier::workspaceAdded);
        QSignalSpy renamed(&c.core.changes(), &ChangeNotifier::workspaceRenamed);
        QSignalSpy removed(&c.core.changes(), &ChangeNotifier::workspaceRemoved);
        QSignalSpy current(&c.core.changes(), &ChangeNotifier::currentWorkspaceChanged);

        QVERIFY(c.core.workspaces()
                    .create(QStringLiteral("two"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        QTRY_COMPARE(added.count(), 1);
        QCOMPARE(added.first().first().toString(), QStringLiteral("two"));

        QVERIFY(c.core.workspaces().switchTo(QStringLiteral("two")).result().ok());
        QTRY_COMPARE(current.count(), 1);
        QCOMPARE(current.first().first().toString(), QStringLiteral("two"));

        auto three =
            c.core
                .run([&] {
                    return c.core.registry().rename(QStringLiteral("two"), QStringLiteral("three"));
                })
                .result();
        QVERIFY(three.ok());
        QTRY_COMPARE(renamed.count(), 1);
        QCOMPARE(renamed.first().at(0).toString(), QStringLiteral("two"));
        QCOMPARE(renamed.first().at(1).toString(), QStringLiteral("three"));
        // A workspace the registry hands out reports its own writes.
        QSignalSpy files(&c.core.changes(), &ChangeNotifier::filesAdded);
        QVERIFY(c.core.files().save(*three, QStringLiteral("t.txt"), "t").result().ok());
        QTRY_COMPARE(files.count(), 1);
        QCOMPARE(files.first().first().toString(), QStringLiteral("three"));

        QVERIFY(c.core.run([&] { return c.core.registry().remove(QStringLiteral("three"), true); })
                    .result()
                    .ok());
        QTRY_COMPARE(removed.count(), 1);
        QCOMPARE(removed.first().first().toString(), QStringLiteral("three"));
        QTRY_COMPARE(current.count(), 2); // the deleted one was current: back to the default
        QCOMPARE(current.last().first().toString(), QStringLiteral("default"));
    }

    void changesOfOnePathAddUp()
    {
        auto change = [](FileChangeKind kind, const char *path) {
            FileChange c;
            c.kind = kind;
            c.entry.path = QString::fromLatin1(path);
            return c;
        };
        FileChangeSet set;
        set.add(change(FileChangeKind::Added, "came-and-went"));
        set.add(change(FileChangeKind::Removed, "came-and-went"));
        set.add(change(FileChangeKind::Removed, "replaced"));
        set.add(change(FileChangeKind::Added, "replaced"));
        set.add(change(FileChangeKind::StateChanged, "edited"));
        set.add(change(FileChangeKind::Changed, "edited"));
        set.add(change(FileChangeKind::Added, "new"));
        set.add(change(FileChangeKind::StateChanged, "new"));
        const QList<FileChange> out = set.changes();
        QCOMPARE(out.size(), 4);
        // A receiver may have listed the file between its addition and its removal: it hears
        // of the removal.
        QCOMPARE(out[0].entry.path, QStringLiteral("came-and-went"));
        QCOMPARE(out[0].kind, FileChangeKind::Removed);
        QCOMPARE(out[1].entry.path, QStringLiteral("replaced"));
        QCOMPARE(out[1].kind, FileChangeKind::Changed);
        QCOMPARE(out[2].kind, FileChangeKind::Changed);
        QCOMPARE(out[3].entry.path, QStringLiteral("new"));
        QCOMPARE(out[3].kind, FileChangeKind::Added);
    }

    void withoutASinkNothingIsRecorded()
    {
        test::TempRoot tmp;
        WorkspaceRegistry registry(Paths(tmp.dataRoot(), tmp.cacheRoot()));
        auto ws = registry.create(QStringLiteral("cli"));
        QVERIFY(ws.ok());
        QVERIFY(!ws->changeSink());
        auto db = ws->connect();
        QVERIFY(db.ok());
        QVERIFY(!(*db)->pendingChanges()); // the CLI pays nothing for notifications
    }
};

QTEST_MAIN(TestChangeNotifier)
#include "tst_change_notifier.moc"
