// The project tree widget over a real StorageCore (offscreen): drops from a file manager import
// (asking when names are taken), drags inside move, a conflict is resolved from the tree, delete
// asks first, and a screenshot of a populated workspace is written for people to look at.

#include "GitConflict.h"
#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeView.h"
#include "Screenshots.h"
#include "StorageCore.h"
#include "TestSupport.h"
#include "TransferBar.h"

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

// Core operations run on a busy machine too: generous, as a passing test never waits it out.
constexpr int waitMs = 30000;

QAction *action(ProjectTree &tree, const char *name)
{
    for (QAction *a : tree.fileActions()) {
        if (a->objectName() == QLatin1String(name))
            return a;
    }
    return nullptr;
}

template<typename Box>
Box *openBox(const QWidget &parent, const char *name)
{
    for (Box *box : parent.findChildren<Box *>(QString::fromLatin1(name))) {
        if (box->isVisible())
            return box;
    }
    return nullptr;
}

} // namespace

class TestProjectTree : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        isolateGitConfiguration(m_home); // libgit2 reads HOME once per process
        writeGitIdentity(m_home);
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_ENDPOINT");
    }
    void init()
    {
        m_root = std::make_unique<TempRoot>();
        m_core = std::make_unique<StorageCore>(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(m_core->start().result().ok());
        m_ws = *m_core->workspaces().current().result();
        for (const char *path : {"README.md", "docs/guide.md", "notes.md"})
            QVERIFY(m_core->files().save(m_ws, QString::fromLatin1(path), "x\n").result().ok());
        m_tree = std::make_unique<ProjectTree>(*m_core);
        m_tree->resize(520, 360);
        m_tree->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_tree.get()));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("docs")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().isLoading(), waitMs);
    }
    void cleanup()
    {
        m_tree.reset();
        m_core.reset();
        m_root.reset();
    }

    // With nothing selected a file or folder can still be made (in the top folder), from the
    // window's toolbar too: these actions follow the workspace shown, not only the selection.
    void newFileNeedsOnlyAWorkspace()
    {
        QVERIFY(!m_tree->view()->currentIndex().isValid());
        QVERIFY(m_tree->view()->selectionModel()->selectedRows().isEmpty());
        QVERIFY(action(*m_tree, "treeNewFile")->isEnabled());
        QVERIFY(action(*m_tree, "treeNewFolder")->isEnabled());
        QCOMPARE(action(*m_tree, "treeNewFile")->shortcut(), QKeySequence(QKeySequence::New));
        QCOMPARE(action(*m_tree, "treeNewFile")->shortcutContext(), Qt::WindowShortcut);
        QCOMPARE(action(*m_tree, "treeNewFolder")->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_N));
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
                     QPoint(40, m_tree->view()->viewport()->height() - 5)));
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
        QVERIFY(drop({m_root->file(QStringLiteral("outside/a.txt"))},
                     QPoint(40, m_tree->view()->viewport()->height() - 5)));
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
        QVERIFY(drop({m_root->file(QStringLiteral("outside/a.txt"))},
                     QPoint(40, m_tree->view()->viewport()->height() - 5)));
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
        QVERIFY(dropMime(*folder, QPoint(40, m_tree->view()->viewport()->height() - 5)));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("inner")).isValid(), waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(QStringLiteral("docs/inner")).isValid(),
                                 waitMs);
        QCOMPARE(readFile(m_ws.absolutePath(QStringLiteral("inner/deep.md"))), QByteArray("d"));
    }

    void deleteAsksFirst()
    {
        select(QStringLiteral("README.md"));
        action(*m_tree, "treeDelete")->trigger();
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = openBox<QMessageBox>(*m_tree, "projectTreeDeleteBox")),
                                 waitMs);
        box->button(QMessageBox::Cancel)->click();
        QVERIFY(QFileInfo::exists(m_ws.absolutePath(QStringLiteral("README.md"))));
        action(*m_tree, "treeDelete")->trigger();
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
    ProjectTreeModel &model() { return *m_tree->model(); }

    QModelIndex proxyIndex(const QModelIndex &source)
    {
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(m_tree->view()->model());
        return proxy->mapFromSource(source);
    }

    QPoint centerOf(const QString &path)
    {
        const QModelIndex index = proxyIndex(model().indexOfPath(path));
        m_tree->view()->scrollTo(index);
        return m_tree->view()->visualRect(index).center();
    }

    void select(const QString &path)
    {
        const QModelIndex index = proxyIndex(model().indexOfPath(path));
        QVERIFY(index.isValid());
        m_tree->view()->setCurrentIndex(index);
    }

    bool drop(const QStringList &files, const QPoint &at)
    {
        QMimeData mime;
        QList<QUrl> urls;
        for (const QString &f : files)
            urls.append(QUrl::fromLocalFile(f));
        mime.setUrls(urls);
        return dropMime(mime, at);
    }

    // What a real drag delivers to the viewport: enter, move, drop. A file manager offers
    // copy and move; the tree takes a copy.
    // Whether the tree took the drop, as a copy.
    bool dropMime(const QMimeData &mime, const QPoint &at)
    {
        QWidget *viewport = m_tree->view()->viewport();
        const Qt::DropActions offered = Qt::CopyAction | Qt::MoveAction;
        QDragEnterEvent enter(at, offered, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &enter);
        QDragMoveEvent move(at, offered, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
        if (!move.isAccepted())
            return false;
        QDropEvent dropEvent(QPointF(at), offered, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &dropEvent);
        return dropEvent.isAccepted() && dropEvent.dropAction() == Qt::CopyAction;
    }

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
        QVERIFY(action(*m_tree, actionName)->isEnabled());
        // Compare hands both paths to whoever shows them side by side.
        QSignalSpy compare(m_tree.get(), &ProjectTree::compareRequested);
        action(*m_tree, "treeCompare")->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(compare.size(), 1, waitMs);
        QCOMPARE(compare.first().at(1).toString(), copy);

        action(*m_tree, actionName)->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(
            SyncState(model().indexOfPath(path).data(ProjectTreeModel::StateRole).toInt()),
            SyncState::Pending, waitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().indexOfPath(copy).isValid(), waitMs);
        QCOMPARE(m_core->files().load(m_ws, path).result()->content, expected);
        QVERIFY(!action(*m_tree, actionName)->isEnabled()); // nothing left to resolve
    }

    TempRoot m_home;
    std::unique_ptr<TempRoot> m_root;
    std::unique_ptr<StorageCore> m_core;
    Workspace m_ws;
    std::unique_ptr<ProjectTree> m_tree;
};

QTEST_MAIN(TestProjectTree)
#include "tst_project_tree.moc"
