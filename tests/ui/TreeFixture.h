#pragma once
// What the project tree suites share: a real StorageCore over a temporary data root with a few
// files, a shown ProjectTree over it, and the helpers that select rows, find its dialogs and
// deliver drops as a file manager would.

#include "GitConflict.h"
#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeView.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QUrl>

namespace hawkmoth::test {

// Core operations run on a busy machine too: generous, as a passing test never waits it out.
constexpr int treeWaitMs = 30000;

inline QAction *treeAction(const ProjectTree &tree, const char *name)
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

class TreeFixture
{
public:
    // Call from initTestCase: libgit2 reads HOME once per process.
    void isolate()
    {
        isolateGitConfiguration(m_home);
        writeGitIdentity(m_home);
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_ENDPOINT");
    }
    // Call from init: README.md, docs/guide.md and notes.md in the current workspace, listed.
    void start()
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
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("docs")).isValid(), treeWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!model().isLoading(), treeWaitMs);
    }
    void stop()
    {
        m_tree.reset();
        m_core.reset();
        m_root.reset();
    }

    ProjectTreeModel &model() { return *m_tree->model(); }
    QAction *action(const char *name) const { return treeAction(*m_tree, name); }

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
    // The empty space below the rows: the workspace's top folder.
    QPoint belowRows() const { return QPoint(40, m_tree->view()->viewport()->height() - 5); }

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
    // copy and move; the tree takes a copy. Whether the tree took the drop, as a copy.
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

    TempRoot m_home;
    std::unique_ptr<TempRoot> m_root;
    std::unique_ptr<StorageCore> m_core;
    Workspace m_ws;
    std::unique_ptr<ProjectTree> m_tree;
};

} // namespace hawkmoth::test
