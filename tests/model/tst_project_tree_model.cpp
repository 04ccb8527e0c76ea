// ProjectTreeModel against a real StorageCore: folders listed on demand under
// QAbstractItemModelTester, rows changed in place by saves, removals and state changes (never a
// reset), stale listings dropped, and the current workspace followed.

#include "ProjectTreeModel.h"
#include "ProjectTreeProxy.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

using namespace hawkmoth;

namespace {

// Core operations run on a busy machine too: generous, as a passing test never waits it out.
constexpr int waitMs = 30000;

QStringList childNames(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList names;
    for (int r = 0; r < model.rowCount(parent); ++r)
        names.append(model.index(r, 0, parent).data().toString());
    names.sort();
    return names;
}

// Holds every pool thread of the core until released, so replies wait for the test.
class PoolGate
{
public:
    explicit PoolGate(StorageCore &core)
        : m_threads(core.pool().maxThreadCount())
    {
        for (int i = 0; i < m_threads; ++i)
            core.pool().start([gate = m_gate] { gate->acquire(); });
    }
    ~PoolGate() { release(); }
    void release()
    {
        if (!m_released)
            m_gate->release(m_threads);
        m_released = true;
    }

private:
    // Shared with the waiting threads, which may still hold it after the gate object is gone.
    std::shared_ptr<QSemaphore> m_gate = std::make_shared<QSemaphore>();
    int m_threads;
    bool m_released = false;
};

} // namespace

class TestProjectTreeModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        m_root = std::make_unique<test::TempRoot>();
        m_core = std::make_unique<StorageCore>(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(m_core->start().result().ok());
        m_ws = *m_core->workspaces().current().result();
        for (const char *path : {"README.md", "src/main.py", "src/lib/util.py", "data/table.csv"})
            QVERIFY(m_core->files().save(m_ws, QString::fromLatin1(path), "x\n").result().ok());
    }
    void cleanup()
    {
        m_core.reset();
        m_root.reset();
    }

    void fetchesFoldersAndUpdatesInPlace()
    {
        ProjectTreeModel model(*m_core);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model), (QStringList{"README.md", "data", "src"}),
                                  waitMs);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // A folder's rows come with its listing (the tester asks for it too).
        const QModelIndex src = model.indexOfPath(QStringLiteral("src"));
        QVERIFY(model.hasChildren(src));
        model.fetchMore(src);
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model, src), (QStringList{"lib", "main.py"}), waitMs);
        QVERIFY(!model.canFetchMore(src));

        // A save adds a row where it belongs; a new folder appears, listed once opened.
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("src/new.py"), "n\n").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("src/new.py")).isValid(), waitMs);
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("fresh/deep/x.txt"), "x").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("fresh")).isValid(), waitMs);
        const QModelIndex fresh = model.indexOfPath(QStringLiteral("fresh"));
        QVERIFY(model.index(fresh.row(), 0).data(ProjectTreeModel::IsFolderRole).toBool());
        model.fetchMore(fresh);
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("fresh/deep")).isValid(), waitMs);

        // A changed file changes its row.
        changed.clear();
        QVERIFY(m_core->files()
                    .save(m_ws, QStringLiteral("README.md"), QByteArray(5000, 'r'))
                    .result()
                    .ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("README.md"))
                                      .data(ProjectTreeModel::SizeRole)
                                      .toLongLong(),
                                  qint64(5000), waitMs);
        QVERIFY(!changed.isEmpty());

        // A removal removes the row; a folder whose files all went goes with them.
        QVERIFY(m_core->files().remove(m_ws, QStringLiteral("src/main.py"), false).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(!model.indexOfPath(QStringLiteral("src/main.py")).isValid(),
                                 waitMs);
        QVERIFY(m_core->files().remove(m_ws, QStringLiteral("fresh"), true).result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(!model.indexOfPath(QStringLiteral("fresh")).isValid(), waitMs);

        // A move is a removal and an addition.
        QVERIFY(m_core->files()
                    .move(m_ws, QStringLiteral("src/new.py"), QStringLiteral("new.py"))
                    .result()
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("new.py")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model.indexOfPath(QStringLiteral("src/new.py")).isValid(),
                                 waitMs);
        QCOMPARE(resets.size(), 0);
    }

    // Without a tester asking for everything: one folder is listed when asked, one level only.
    void listsOneFolderAtATime()
    {
        ProjectTreeModel model(*m_core);
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model), (QStringList{"README.md", "data", "src"}),
                                  waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), waitMs);
        const QModelIndex src = model.indexOfPath(QStringLiteral("src"));
        QVERIFY(model.hasChildren(src));
        QVERIFY(model.canFetchMore(src));
        QCOMPARE(model.rowCount(src), 0);
        model.fetchMore(src);
        QVERIFY(model.isLoading());
        QVERIFY(!model.canFetchMore(src)); // asked once while in flight
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model, src), (QStringList{"lib", "main.py"}), waitMs);
        const QModelIndex lib = model.indexOfPath(QStringLiteral("src/lib"));
        QVERIFY(model.canFetchMore(lib));
        QCOMPARE(model.rowCount(lib), 0);
        QCOMPARE(model.rowCount(model.indexOfPath(QStringLiteral("data"))), 0);
        // A save inside a folder not listed yet adds no row: its listing will bring the file.
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("data/more.csv"), "m").result().ok());
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("src/lib/more.py"), "m").result().ok());
        m_core->changes().flush();
        QCOMPARE(model.rowCount(lib), 0);
        model.fetchMore(lib);
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model, lib), (QStringList{"more.py", "util.py"}),
                                  waitMs);
    }

    void stateChangesInPlace()
    {
        ProjectTreeModel model(*m_core);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("README.md")).isValid(), waitMs);
        const QModelIndex readme = model.indexOfPath(QStringLiteral("README.md"));
        QCOMPARE(SyncState(readme.data(ProjectTreeModel::StateRole).toInt()), SyncState::Pending);
        QCOMPARE(model.index(readme.row(), ProjectTreeModel::StateColumn).data().toString(),
                 QStringLiteral("pending"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        // A sync without a remote commits: the git files are synced.
        auto synced = m_core->sync().sync(m_ws, {}).result();
        QVERIFY(synced.ok());
        QTRY_COMPARE_WITH_TIMEOUT(SyncState(model.indexOfPath(QStringLiteral("README.md"))
                                                .data(ProjectTreeModel::StateRole)
                                                .toInt()),
                                  SyncState::Synced, waitMs);
        QCOMPARE(model.index(readme.row(), ProjectTreeModel::StateColumn).data().toString(),
                 QStringLiteral("synced"));
        QVERIFY(!model.index(readme.row(), ProjectTreeModel::StateColumn)
                     .data(Qt::DecorationRole)
                     .value<QIcon>()
                     .isNull());
        QCOMPARE(model.index(readme.row(), ProjectTreeModel::LayerColumn).data().toString(),
                 QStringLiteral("git"));
        QCOMPARE(resets.size(), 0);
    }

    void staleListingsAreDropped()
    {
        auto other = m_core->workspaces()
                         .create(QStringLiteral("other"), QStringLiteral("empty"), false)
                         .result();
        QVERIFY2(other.ok(), qPrintable(other ? QString() : other.error().message));
        QVERIFY(m_core->files()
                    .save(other->workspace, QStringLiteral("only-in-other.txt"), "o")
                    .result()
                    .ok());
        ProjectTreeModel model(*m_core);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("README.md")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), waitMs);
        const int before = model.staleRepliesDropped();

        // Two listings of the same folder in flight: the older one's reply is stale.
        {
            PoolGate gate(*m_core);
            model.refresh();
            model.refresh();
        }
        QTRY_VERIFY_WITH_TIMEOUT(!model.isLoading(), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(model.staleRepliesDropped(), before + 1, waitMs);

        // The other workspace shown while this one's listing is in flight: it never shows up.
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        {
            PoolGate gate(*m_core);
            model.setWorkspace(other->workspace);
            model.setWorkspace(m_ws);
            model.setWorkspace(other->workspace);
        }
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model), QStringList{"only-in-other.txt"}, waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(model.staleRepliesDropped(), before + 3, waitMs);
        QCOMPARE(model.rowCount(), 1);
    }

    void followsTheCurrentWorkspace()
    {
        auto other = m_core->workspaces()
                         .create(QStringLiteral("second"), QStringLiteral("empty"), false)
                         .result();
        QVERIFY(other.ok());
        QVERIFY(m_core->files().save(other->workspace, QStringLiteral("b.txt"), "b").result().ok());
        ProjectTreeModel model(*m_core);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("README.md")).isValid(), waitMs);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QVERIFY(m_core->workspaces().switchTo(QStringLiteral("second")).result().ok());
        QTRY_COMPARE_WITH_TIMEOUT(model.workspace().name(), QStringLiteral("second"), waitMs);
        QTRY_COMPARE_WITH_TIMEOUT(childNames(model), QStringList{"b.txt"}, waitMs);
        QCOMPARE(resets.size(), 1);
        // Changes of a workspace not shown change nothing.
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("later.txt"), "l").result().ok());
        QVERIFY(m_core->files().save(other->workspace, QStringLiteral("c.txt"), "c").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("c.txt")).isValid(), waitMs);
        QVERIFY(!model.indexOfPath(QStringLiteral("later.txt")).isValid());
    }

    void proxySortsAndFilters()
    {
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("a10.txt"), "a").result().ok());
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("a9.txt"), "a").result().ok());
        ProjectTreeModel model(*m_core);
        ProjectTreeProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.sort(0, Qt::AscendingOrder);
        QTRY_COMPARE_WITH_TIMEOUT(proxy.rowCount(), 5, waitMs);
        QStringList order;
        for (int r = 0; r < proxy.rowCount(); ++r)
            order.append(proxy.index(r, 0).data().toString());
        QCOMPARE(order, (QStringList{"data", "src", "a9.txt", "a10.txt", "README.md"}));

        model.fetchMore(model.indexOfPath(QStringLiteral("src")));
        QTRY_VERIFY_WITH_TIMEOUT(model.indexOfPath(QStringLiteral("src/main.py")).isValid(),
                                 waitMs);
        proxy.setNameFilter(QStringLiteral("MAIN"));
        QCOMPARE(proxy.rowCount(), 1); // src, kept for its match
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("src"));
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
        proxy.setNameFilter(QStringLiteral("*.txt"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setNameFilter(QStringLiteral("src"));
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 2); // a matching folder shows all it holds
        proxy.setNameFilter({});
        QCOMPARE(proxy.rowCount(), 5);
    }

private:
    std::unique_ptr<test::TempRoot> m_root;
    std::unique_ptr<StorageCore> m_core;
    Workspace m_ws;
};

QTEST_MAIN(TestProjectTreeModel)
#include "tst_project_tree_model.moc"
