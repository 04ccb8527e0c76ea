// The project tree's file actions over a real StorageCore (offscreen): moving a file to the git,
// hub or session layer changes its layer in the core once the move job ran, "copy path" puts the
// absolute paths on the clipboard, and "reveal in file manager" asks the desktop to open the
// folder that holds the file.

#include "LayerMover.h"
#include "TreeFixture.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QSignalSpy>

#include <algorithm>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestTreeActions : public QObject, private TreeFixture
{
    Q_OBJECT

public Q_SLOTS:
    // The desktop's handler of file: URLs while a test runs (see QDesktopServices::setUrlHandler).
    void openFolder(const QUrl &url) { m_opened.append(url); }

private Q_SLOTS:
    void initTestCase() { isolate(); }
    void init()
    {
        start();
        m_opened.clear();
        QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "openFolder");
    }
    void cleanup()
    {
        QDesktopServices::unsetUrlHandler(QStringLiteral("file"));
        stop();
    }

    void moveToLayerChangesTheLayer_data()
    {
        QTest::addColumn<QString>("actionName");
        QTest::addColumn<int>("layer");
        QTest::newRow("hub") << QStringLiteral("treeToHub") << int(Layer::Hub);
        QTest::newRow("session") << QStringLiteral("treeToSession") << int(Layer::Session);
    }
    void moveToLayerChangesTheLayer()
    {
        QFETCH(QString, actionName);
        QFETCH(int, layer);
        const QString path = QStringLiteral("notes.md");
        QCOMPARE(layerOf(path), int(Layer::Git)); // what the rules give a Markdown file
        select(path);
        QSignalSpy relisted(&model(), &QAbstractItemModel::dataChanged);
        action(actionName.toLatin1().constData())->trigger();
        // The pin is the user's choice at once; the move itself is a job of the queue.
        QTRY_VERIFY_WITH_TIMEOUT(pinOf(path) == layer, treeWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(moveQueued(), treeWaitMs);
        QVERIFY(runJobs());
        QTRY_COMPARE_WITH_TIMEOUT(layerOf(path), layer, treeWaitMs);
        QCOMPARE(readFile(m_ws.absolutePath(path)), QByteArray("x\n")); // the bytes stay
        QTRY_COMPARE_WITH_TIMEOUT(
            model().indexOfPath(path).data(ProjectTreeModel::LayerRole).toInt(), layer, treeWaitMs);

        // And back to git.
        select(path);
        action("treeToGit")->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(pinOf(path) == int(Layer::Git), treeWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(moveQueued(), treeWaitMs);
        QVERIFY(runJobs());
        QTRY_COMPARE_WITH_TIMEOUT(layerOf(path), int(Layer::Git), treeWaitMs);
    }

    void copyPathPutsAbsolutePathsOnTheClipboard()
    {
        QGuiApplication::clipboard()->clear();
        select(QStringLiteral("notes.md"));
        action("treeCopyPath")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 m_ws.absolutePath(QStringLiteral("notes.md")));

        // Several rows: one path a line, in the order of the selection.
        QItemSelectionModel *selection = m_tree->view()->selectionModel();
        selection->clearSelection();
        for (const char *path : {"README.md", "docs"})
            selection->select(proxyIndex(model().indexOfPath(QString::fromLatin1(path))),
                              QItemSelectionModel::Select | QItemSelectionModel::Rows);
        action("treeCopyPath")->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 m_ws.absolutePath(QStringLiteral("README.md")) + QLatin1Char('\n') +
                     m_ws.absolutePath(QStringLiteral("docs")));
    }

    void revealOpensTheHoldingFolder()
    {
        // A file: the folder that holds it.
        model().fetchMore(model().indexOfPath(QStringLiteral("docs")));
        QTRY_VERIFY_WITH_TIMEOUT(model().indexOfPath(QStringLiteral("docs/guide.md")).isValid(),
                                 treeWaitMs);
        select(QStringLiteral("docs/guide.md"));
        QVERIFY(action("treeReveal")->isEnabled());
        action("treeReveal")->trigger();
        QCOMPARE(m_opened, QList<QUrl>{QUrl::fromLocalFile(m_ws.absolutePath("docs"))});
        // A file in the top folder: the workspace's folder.
        select(QStringLiteral("notes.md"));
        action("treeReveal")->trigger();
        QCOMPARE(m_opened.size(), 2);
        QCOMPARE(QDir(m_opened.last().toLocalFile()).canonicalPath(),
                 QDir(m_ws.root()).canonicalPath());
        // A folder: itself.
        select(QStringLiteral("docs"));
        action("treeReveal")->trigger();
        QCOMPARE(m_opened.size(), 3);
        QCOMPARE(m_opened.last(), QUrl::fromLocalFile(m_ws.absolutePath("docs")));
    }

private:
    // The file's layer as the core's index has it; -1 when it is not listed.
    int layerOf(const QString &path) { return entryOf(path).value(0, -1); }
    // The layer the file is pinned to; -1 when the rules decide.
    int pinOf(const QString &path) { return entryOf(path).value(1, -1); }
    QList<int> entryOf(const QString &path)
    {
        const auto listing = m_core->files().list(m_ws, {}, false).result();
        if (!listing)
            return {};
        for (const FileEntry &e : listing->files) {
            if (e.path == path)
                return {int(e.layer), e.pinned ? int(*e.pinned) : -1};
        }
        return {};
    }
    // Whether the job that moves files between layers waits in the queue.
    bool moveQueued()
    {
        const auto jobs = m_core->jobs().list(m_ws).result();
        if (!jobs)
            return false;
        return std::any_of(jobs->cbegin(), jobs->cend(), [](const Job &job) {
            return job.kind == QLatin1String(LayerMover::jobKind) && job.state == JobState::Queued;
        });
    }
    bool runJobs()
    {
        const auto drained = m_core->jobs().runDue(m_ws).result();
        if (!drained)
            qWarning("%s", qPrintable(drained.error().message));
        return drained.ok();
    }

    QList<QUrl> m_opened;
};

QTEST_MAIN(TestTreeActions)
#include "tst_tree_actions.moc"
