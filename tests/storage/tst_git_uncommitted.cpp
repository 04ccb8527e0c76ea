// The git layer's uncommitted files as Uncommitted reads them from the file index after a rescan,
// checked against what the next commit then changes.

#include "FileIndex.h"
#include "FileStore.h"
#include "GitCommitter.h"
#include "GitUncommitted.h"
#include "Rescanner.h"
#include "StorageFixture.h"

#include <QFile>
#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::git;

class TestGitUncommitted : public QObject
{
    Q_OBJECT

    test::TempRoot m_home;

    static WorkingChanges changes(const Workspace &ws)
    {
        auto repo = Repository::open(ws.root());
        auto db = ws.read();
        if (!repo || !db)
            qFatal("cannot open the repository or the index");
        auto listed = Uncommitted(*repo, ws, **db).list();
        if (!listed)
            qFatal("%s", qPrintable(listed.error().message));
        listed->added.sort();
        listed->modified.sort();
        listed->deleted.sort();
        return *listed;
    }
    static CommitSummary commit(test::StorageFixture &fx)
    {
        auto repo = Repository::openOrInit(fx.workspace().root());
        auto done = Committer(*repo, fx.workspace(), fx.context()).commitAll();
        if (!done)
            qFatal("%s", qPrintable(done.error().message));
        return *done;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateGitConfiguration(m_home);
        ensureInitialized();
    }

    void editsAdditionsAndDeletionsByOtherPrograms()
    {
        test::StorageFixture fx;
        const Workspace &ws = fx.workspace();
        FileStore store(ws, fx.context());
        for (const char *name : {"a.txt", "b.txt", "sub/c.txt"})
            QVERIFY(store.save(QString::fromLatin1(name), name).ok());
        QVERIFY(commit(fx).committed);
        QCOMPARE(changes(ws).count(), 0);

        test::writeFile(fx.path(QStringLiteral("a.txt")), "edited");
        test::writeFile(fx.path(QStringLiteral("sub/new.txt")), "new");
        QVERIFY(QFile::remove(fx.path(QStringLiteral("b.txt"))));
        // Before a rescan the index has not seen them: the count is the index's.
        QCOMPARE(changes(ws).count(), 0);
        QVERIFY(Rescanner(ws, fx.context()).run().ok());
        const WorkingChanges found = changes(ws);
        QCOMPARE(found.added, QStringList{QStringLiteral("sub/new.txt")});
        QCOMPARE(found.modified, QStringList{QStringLiteral("a.txt")});
        QCOMPARE(found.deleted, QStringList{QStringLiteral("b.txt")});

        const CommitSummary next = commit(fx);
        QCOMPARE(next.added, 1);
        QCOMPARE(next.modified, 1);
        QCOMPARE(next.deleted, 1);
        QCOMPARE(changes(ws).count(), 0);
    }

    // A pending row whose file holds HEAD's content again is no change.
    void anEditUndoneIsClean()
    {
        test::StorageFixture fx;
        const Workspace &ws = fx.workspace();
        FileStore store(ws, fx.context());
        QVERIFY(store.save(QStringLiteral("a.txt"), "one").ok());
        QVERIFY(commit(fx).committed);
        QVERIFY(store.save(QStringLiteral("a.txt"), "two").ok());
        QCOMPARE(changes(ws).modified, QStringList{QStringLiteral("a.txt")});
        QVERIFY(store.save(QStringLiteral("a.txt"), "one").ok());
        auto db = ws.connect();
        QCOMPARE(FileIndex(**db).get(QStringLiteral("a.txt"))->value().state, SyncState::Pending);
        QCOMPARE(changes(ws).count(), 0);
        QVERIFY(!commit(fx).committed); // never an empty commit
    }

    // A tracked file the index now puts in the hub layer leaves git with the next commit.
    void aFileMovedToTheHubIsADeletion()
    {
        test::StorageFixture fx;
        const Workspace &ws = fx.workspace();
        FileStore store(ws, fx.context());
        QVERIFY(store.save(QStringLiteral("data.txt"), "rows").ok());
        QVERIFY(store.save(QStringLiteral("code.txt"), "code").ok());
        QVERIFY(commit(fx).committed);
        {
            auto db = ws.connect();
            FileIndex index(**db);
            FileEntry moved = index.get(QStringLiteral("data.txt"))->value();
            moved.layer = Layer::Hub;
            moved.state = SyncState::Pending;
            QVERIFY(index.upsert(moved).ok());
        }
        QCOMPARE(changes(ws).deleted, QStringList{QStringLiteral("data.txt")});
        QCOMPARE(changes(ws).count(), 1);
        const CommitSummary next = commit(fx);
        QCOMPARE(next.deleted, 1);
        QCOMPARE(changes(ws).count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestGitUncommitted)
#include "tst_git_uncommitted.moc"
