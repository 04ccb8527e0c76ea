// The project tree widget over a real StorageCore (offscreen): drops from a file manager import
// (asking when names are taken), drags inside move, a conflict is resolved from the tree, delete
// asks first, and a screenshot of a populated workspace is written for people to look at.

#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeView.h"
#include "Screenshots.h"
#include "StorageCore.h"
#include "SyncPipeline.h"
#include "TestSupport.h"
#include "TransferBar.h"
#include "TreeFixture.h"

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QFileInfo>
#include <QLayout>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QUrl>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

constexpr int waitMs = treeWaitMs;

} // namespace

class TestProjectTree : public QObject, private TreeFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { isolate(); }
    void init() { start(); }
    void cleanup() { stop(); }

    // With nothing selected a file or folder can still be made (in the top folder), from the
    // window's toolbar too: these actions follow the workspace shown, not only the selection.
    void newFileNeedsOnlyAWorkspace()
    {
        QVERIFY(!m_tree->view()->currentIndex().isValid());
        QVERIFY(m_tree->view()->selectionModel()->selectedRows().isEmpty());
        QVERIFY(action("treeNewFile")->isEnabled());
        QVERIFY(action("treeNewFolder")->isEnabled());
        QCOMPARE(action("treeNewFile")->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(action("treeNewFile")->shortcutContext(), Qt::WindowShortcut);
        QCOMPARE(action("treeNewFolder")->shortcut(), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
    }

    void dropImportsFiles()
    {
        writeFile(m_root->file(QStringLiteral("outside/a.txt")), "a\n");
        writeFile(m_root->file(QStringLiteral("outside/big.bin")), randomBytes(300 * 1024));
        writeFile(m_root->file(QStringLiteral("outside/set/c.md")), "c\n");
        QSignalSpy finished(m_tree.get(), &ProjectTree::importFinished);
        // On the empty space below the rows: into the workspace's top folder.
        QVERIFY(drop({m_root->file(QStringLiteral("outside/a.txt")),
                      m_root->file(QStringLiteral("outside/big.bin")),
                      m_root->file(QStringLiteral("outside/set"))},
                     belowRows()));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, waitMs);
        QCOMPARE(finished.first().at(0).toInt(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("a.txt")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("set")).isValid(), waitMs);
        const QModelIndex big = model().indexOfPath(QStringLiteral("big.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(big.isValid(), waitMs);
        QCOMPARE(Layer(big.data(ProjectTreeModel::LayerRole).toInt()), Layer::Hub);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("set/c.md"))), QByteArray("c\n"));

        // Onto a folder: into it.
        QVERIFY(drop({m_root->file(QStringLiteral("outside/a.txt"))},
                     centerOf(QStringLiteral("docs"))));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, waitMs);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("docs/a.txt"))), QByteArray("a\n"));

        // A taken name asks; "keep both" imports beside it under a numbered name.
        writeFile(m_root->file(QStringLiteral("outside/a.txt")), "newer\n");
        QVERIFY(drop({m_root->file(QStringLiteral("outside/a.txt"))}, belowRows()));
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = openBox<QMessageBox>(*m_tree, "projectTreeExistsBox")),
                                 waitMs);
        box->findChild<QPushButton *>(QStringLiteral("keepBoth"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("a (2).txt")).isValid(),
                                 waitMs);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("a.txt"))), QByteArray("a\n"));
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("a (2).txt"))), QByteArray("newer\n"));
        // "Replace" overwrites.
        QVERIFY(drop({m_root->file(QStringLiteral("outside/a.txt"))}, belowRows()));
        QTRY_VERIFY_WITH_TIMEOUT((box = openBox<QMessageBox>(*m_tree, "projectTreeExistsBox")),
                                 waitMs);
        box->findChild<QPushButton *>(QStringLiteral("replace"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 4, waitMs);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("a.txt"))), QByteArray("newer\n"));
    }

    // The filter finds files in folders nobody opened yet: the index is searched, the folders
    // holding matches are listed and opened, and clearing the filter shows everything again.
    void filterFindsFilesInUnlistedFolders()
    {
        QVERIFY(m_core->files()
                    .save(m_ws, QStringLiteral("deep/er/still/target-1.txt"), "t\n")
                    .result()
                    .ok());
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("deep/other.txt"), "o\n").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("deep")).isValid(), waitMs);
        QVERIFY(!model().indexOfPath(QStringLiteral("deep/er")).isValid()); // not listed yet
        auto *filter = m_tree->findChild<QLineEdit *>(QStringLiteral("projectTreeFilter"));
        QVERIFY(filter);
        QTest::keyClicks(filter, QStringLiteral("TARGET"));
        const QString target = QStringLiteral("deep/er/still/target-1.txt");
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(target).isValid(), waitMs);
        const QModelIndex shown = proxyIndex(model().indexOfPath(target));
        QVERIFY(shown.isValid()); // passes the filter
        QTRY_VERIFY_WITH_TIMEOUT(m_tree->view()->isExpanded(shown.parent()), waitMs);
        QVERIFY(
            m_tree->view()->isExpanded(proxyIndex(model().indexOfPath(QStringLiteral("deep")))));
        // Rows that do not match are filtered out, folders on the way stay.
        QVERIFY(!proxyIndex(model().indexOfPath(QStringLiteral("deep/other.txt"))).isValid());
        QVERIFY(!proxyIndex(model().indexOfPath(QStringLiteral("README.md"))).isValid());
        filter->clear();
        QVERIFY(proxyIndex(model().indexOfPath(QStringLiteral("README.md"))).isValid());
    }

    void dragInsideMoves()
    {
        const QModelIndex notes = model().indexOfPath(QStringLiteral("notes.md"));
        std::unique_ptr<QMimeData> mime(model().mimeData({notes}));
        QVERIFY(mime);
        QVERIFY(mime->hasUrls()); // what a file manager copies when dragged out
        QCOMPARE(mime->urls().first().toLocalFile(), m_ws.absolutePath(QStringLiteral("notes.md")));
        QVERIFY(dropMime(*mime, centerOf(QStringLiteral("docs"))));
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(QStringLiteral("notes.md")).isValid(),
                                 waitMs);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("docs/notes.md"))), QByteArray("x\n"));
        QVERIFY(!QFileInfo::exists(m_ws.absolutePath(QStringLiteral("notes.md"))));
        model().fetchMore(model().indexOfPath(QStringLiteral("docs")));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("docs/notes.md")).isValid(),
                                 waitMs);

        // A folder dragged to the top folder's empty space moves with its files.
        QVERIFY(
            m_core->files().save(m_ws, QStringLiteral("docs/inner/deep.md"), "d").result().ok());
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("docs/inner")).isValid(),
                                 waitMs);
        std::unique_ptr<QMimeData> folder(
            model().mimeData({model().indexOfPath(QStringLiteral("docs/inner"))}));
        QVERIFY(dropMime(*folder, belowRows()));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("inner")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(QStringLiteral("docs/inner")).isValid(),
                                 waitMs);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("inner/deep.md"))), QByteArray("d"));
    }

    void deleteAsksFirst()
    {
        select(QStringLiteral("README.md"));
        action("treeDelete")->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = openBox<QMessageBox>(*m_tree, "projectTreeDeleteBox")),
                                 waitMs);
        box->button(QMessageBox::Cancel)->click();
        QVERIFY(QFileInfo::exists(m_ws.absolutePath(QStringLiteral("README.md"))));
        action("treeDelete")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT((box = openBox<QMessageBox>(*m_tree, "projectTreeDeleteBox")),
                                 waitMs);
        for (QAbstractButton *b : box->buttons()) {
            if (box->buttonRole(b) == QMessageBox::DestructiveRole)
                b->click();
        }
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(QStringLiteral("README.md")).isValid(),
                                 waitMs);
        QVERIFY(!QFileInfo::exists(m_ws.absolutePath(QStringLiteral("README.md"))));
    }

    void renameAndOpen()
    {
        QSignalSpy opened(m_tree.get(), &ProjectTree::openRequested);
        select(QStringLiteral("notes.md"));
        m_tree->view()->setFocus();
        QTest::keyClick(m_tree->view(), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(opened.size(), 1, waitMs);
        QCOMPARE(opened.first().first().toString(), QStringLiteral("notes.md"));
        // F2 edits the name in place; Enter commits it as a move.
        QTest::keyClick(m_tree->view(), Qt::Key_F2);
        QTRY_VERIFY_WITH_TIMEOUT(m_tree->view()->findChild<QLineEdit *>(), waitMs);
        auto *editor = m_tree->view()->findChild<QLineEdit *>();
        editor->selectAll();
        QTest::keyClicks(editor, QStringLiteral("renamed.md"));
        QSignalSpy moved(&m_core->changes(), &ChangeNotifier::filesMoved);
        QTest::keyClick(editor, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(moved.size(), 1, waitMs); // open tabs follow it
        QCOMPARE(moved.first().at(1).value<QList<FileMove>>(),
                 (QList<FileMove>{{QStringLiteral("notes.md"), QStringLiteral("renamed.md")}}));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("renamed.md")).isValid(),
                                 waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(QStringLiteral("notes.md")).isValid(),
                                 waitMs);
    }

    void conflictKeepMine() { resolveFromTree("treeKeepMine", "my line\n"); }
    void conflictTakeTheirs() { resolveFromTree("treeTakeTheirs", "their line\n"); }

    void screenshot()
    {
        QVERIFY(
            m_core->files().save(m_ws, QStringLiteral("src/app.py"), "print(1)\n").result().ok());
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("src/util.py"), "x = 2\n").result().ok());
        QVERIFY(m_core->sync().sync(m_ws, {}).result().ok()); // git files synced
        QVERIFY(m_core->files()
                    .save(m_ws, QStringLiteral("data/weights.safetensors"), randomBytes(420000))
                    .result()
                    .ok());
        QVERIFY(m_core->files()
                    .save(m_ws, QStringLiteral("data/table.csv"), "a,b\n1,2\n")
                    .result()
                    .ok());
        QVERIFY(
            m_core->files().save(m_ws, QStringLiteral("scratch/try.py"), "pass\n").result().ok());
        QVERIFY(m_core->files().save(m_ws, QStringLiteral("notes.md"), "changed\n").result().ok());
        const QString made = makeGitConflict(*m_core, m_ws, *m_root, QStringLiteral("plan.md"),
                                             "mine\n", "theirs\n");
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("plan.md")).isValid(), waitMs);
        for (const char *folder : {"src", "data", "scratch"}) {
            const QModelIndex source = model().indexOfPath(QString::fromLatin1(folder));
            QTRY_VERIFY_WITH_TIMEOUT(source.isValid(), waitMs);
            m_tree->view()->expand(proxyIndex(source));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            model().indexOfPath(QStringLiteral("data/weights.safetensors")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().isLoading(), waitMs);
        select(QStringLiteral("src/app.py"));
        m_tree->resize(560, 420);
        QTest::qWait(50); // one paint of the final layout
        QVERIFY(grabWidget(*m_tree, QStringLiteral("project-tree")));

        // A failed action shows its reason under the tree (a rename onto a taken name).
        QSignalSpy errors(m_tree.get(), &ProjectTree::errorOccurred);
        QVERIFY(m_tree->view()->model()->setData(
            proxyIndex(model().indexOfPath(QStringLiteral("README.md"))),
            QStringLiteral("notes.md")));
        QTRY_COMPARE_WITH_TIMEOUT(errors.size(), 1, waitMs);
        QVERIFY2(errors.first().first().toString().contains(QLatin1String("already exists")),
                 qPrintable(errors.first().first().toString()));
        QVERIFY(model().indexOfPath(QStringLiteral("README.md")).isValid());

        // An import's bar, fed as an import feeds it.
        TransferBar bar(QStringLiteral("Importing 10 items"), m_tree.get());
        m_tree->layout()->addWidget(&bar);
        Progress p;
        p.filesDone = 3;
        p.filesTotal = 10;
        p.bytesDone = 300LL * 1024 * 1024;
        p.bytesTotal = 1024LL * 1024 * 1024;
        bar.control().report(p);
        QTRY_VERIFY_WITH_TIMEOUT(bar.findChild<QProgressBar *>()->value() > 0, waitMs);
        QCOMPARE(bar.findChild<QProgressBar *>()->value(), 292);
        QTest::qWait(50);
        QVERIFY(grabWidget(*m_tree, QStringLiteral("project-tree-busy")));
    }

private:
    void resolveFromTree(const char *actionName, const QByteArray &expected)
    {
        const QString path = QStringLiteral("plan.md");
        const QString made =
            makeGitConflict(*m_core, m_ws, *m_root, path, "my line\n", "their line\n");
        QVERIFY2(made.isEmpty(), qPrintable(made));
        QTRY_COMPARE_WITH_TIMEOUT(
            SyncState(model().indexOfPath(path).data(ProjectTreeModel::StateRole).toInt()),
            SyncState::Conflict, waitMs);
        const QString copy = *m_core->files().conflictCopy(m_ws, path).result();
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(copy).isValid(), waitMs);
        select(path);
        QVERIFY(action(actionName)->isEnabled());
        // Compare hands both paths to whoever shows them side by side.
        QSignalSpy compare(m_tree.get(), &ProjectTree::compareRequested);
        action("treeCompare")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(compare.size(), 1, waitMs);
        QCOMPARE(compare.first().at(1).toString(), copy);

        // Nothing waits to sync before the choice: the pull left the conflict, not a job.
        QCOMPARE(queuedSyncJobs(), QList<qint64>());
        action(actionName)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(
            SyncState(model().indexOfPath(path).data(ProjectTreeModel::StateRole).toInt()),
            SyncState::Pending, waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(copy).isValid(), waitMs);
        QCOMPARE(m_core->files().load(m_ws, path).result()->content, expected);
        QVERIFY(!action(actionName)->isEnabled()); // nothing left to resolve

        // Resolving syncs: a sync job is queued, and once it runs the merge is committed.
        const QList<qint64> queued = queuedSyncJobs();
        QCOMPARE(queued.size(), 1);
        QVERIFY(m_core->jobs().retry(m_ws, queued.first()).result().ok()); // not the quiet wait
        const auto drained = m_core->jobs().runDue(m_ws).result();
        QVERIFY2(drained.ok(), drained ? "" : qPrintable(drained.error().message));
        QTRY_COMPARE_WITH_TIMEOUT(
            SyncState(model().indexOfPath(path).data(ProjectTreeModel::StateRole).toInt()),
            SyncState::Synced, waitMs);
        const ProcessResult status = runProgram(
            QStringLiteral("git"),
            {QStringLiteral("status"), QStringLiteral("--porcelain"), QStringLiteral("--"), path},
            m_ws.root());
        QCOMPARE(status.exitCode, 0);
        QCOMPARE(status.out, QByteArray()); // the chosen version is committed
    }

    // The ids of the sync jobs waiting in the current workspace's queue.
    QList<qint64> queuedSyncJobs()
    {
        QList<qint64> ids;
        const auto jobs = m_core->jobs().list(m_ws).result();
        if (!jobs)
            return {-1};
        for (const Job &job : *jobs) {
            if (job.kind == QLatin1String(SyncPipeline::jobKind) && job.state == JobState::Queued)
                ids.append(job.id);
        }
        return ids;
    }
};

QTEST_MAIN(TestProjectTree)
#include "tst_project_tree.moc"
