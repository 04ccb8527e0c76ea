// The git committer against the HAWKMOTH index: a file indexed while a commit is staging is not
// taken for one git ignores — it stays pending and the next commit carries it.

#include "FileIndex.h"
#include "FileStore.h"
#include "GitCommitter.h"
#include "StorageFixture.h"

#include <QTest>

using namespace hawkmoth;
using namespace hawkmoth::git;

class TestGitCommitter : public QObject
{
    Q_OBJECT

    test::TempRoot m_home;

    static std::optional<FileEntry> row(const Workspace &ws, const QString &path)
    {
        auto db = ws.connect();
        auto found = FileIndex(**db).get(path);
        return found ? *found : std::nullopt;
    }

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateGitConfiguration(m_home);
        ensureInitialized();
    }

    void fileIndexedDuringStagingStaysPending()
    {
        test::StorageFixture fx;
        const Workspace &ws = fx.workspace();
        FileStore store(ws, fx.context());
        QVERIFY(store.save(QStringLiteral("seed.txt"), "seed").ok());
        auto repo = Repository::openOrInit(ws.root());
        QVERIFY(repo.ok());
        QVERIFY(Committer(*repo, ws, fx.context()).commitAll().ok());

        // Enough changes for staging to report progress midway; there an import publishes a file.
        for (int i = 0; i < 300; ++i)
            QVERIFY(store.save(QStringLiteral("batch/f%1.txt").arg(i), QByteArray::number(i)).ok());
        bool published = false;
        const ProgressFn progress = [&](const Progress &) {
            if (!published)
                published = store.save(QStringLiteral("late.txt"), "late").ok();
        };
        auto first = Committer(*repo, ws, fx.context()).commitAll({}, progress);
        QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().message));
        QVERIFY(published);
        QCOMPARE(first->added, 300);
        auto late = row(ws, QStringLiteral("late.txt"));
        QVERIFY(late.has_value());
        QCOMPARE(late->state, SyncState::Pending);
        QCOMPARE(late->error, QString());

        auto second = Committer(*repo, ws, fx.context()).commitAll();
        QVERIFY(second.ok());
        QCOMPARE(second->added, 1);
        QCOMPARE(row(ws, QStringLiteral("late.txt"))->state, SyncState::Synced);
    }
};

QTEST_GUILESS_MAIN(TestGitCommitter)
#include "tst_git_committer.moc"
