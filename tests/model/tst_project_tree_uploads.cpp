// ProjectTreeModel's "uploading" state against real sync jobs: a pending file shows uploading only
// while the step that sends its layer runs (the hub upload for hub files, the git commit for git
// files), files changed after that step started show pending, and every row returns to synced or
// pending in place when the job ends.

#include "HubServer.h"
#include "LiveCore.h"
#include "ProjectTreeModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

constexpr int waitMs = 30000;
// No automatic sync: the tests queue the one job they watch.
constexpr const char *settings = R"({"autoSync": false, "hubTimeoutSeconds": 60})";

QString shownState(const ProjectTreeModel &model, const QString &path)
{
    const QModelIndex index = model.indexOfPath(path, ProjectTreeModel::StateColumn);
    return index.isValid() ? index.data().toString() : QStringLiteral("<absent>");
}

// The rows of path that dataChanged named, so a test can tell a row was updated in place.
int changesOf(const QSignalSpy &spy, const ProjectTreeModel &model, const QString &path)
{
    const QModelIndex row = model.indexOfPath(path);
    int n = 0;
    for (const QList<QVariant> &args : spy) {
        const auto from = args.at(0).value<QModelIndex>();
        const auto to = args.at(1).value<QModelIndex>();
        if (from.parent() == row.parent() && from.row() <= row.row() && row.row() <= to.row())
            ++n;
    }
    return n;
}

// The tree of the core's current workspace, checked by QAbstractItemModelTester all along.
struct TestedTree
{
    explicit TestedTree(StorageCore &core)
        : model(core)
        , tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest)
    {}
    ProjectTreeModel model;
    QAbstractItemModelTester tester;
};

} // namespace

class TestProjectTreeUploads : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        useTestHome(m_home);
        QVERIFY2(m_hub.isRunning(), qPrintable(m_hub.error()));
    }

    void init() { m_hub.clearFaults(); }

    // The Hub's commit stalls: the hub step runs, holding the large file it took; the git file
    // waits for the git step, and a large file saved meanwhile waits for the next sync.
    void hubFilesUploadOnlyDuringTheHubStep()
    {
        qputenv("HF_ENDPOINT", m_hub.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
        const auto env = qScopeGuard([] {
            qunsetenv("HF_ENDPOINT");
            qunsetenv("HF_TOKEN");
        });
        LiveCore lc(settings);
        QVERIFY(lc.save(QStringLiteral("video.bin"), randomBytes(300 * 1024, 3)));
        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        TestedTree tree(lc.core());
        ProjectTreeModel &model = tree.model;
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("video.bin")),
                                  QStringLiteral("pending"), waitMs);
        QCOMPARE(Layer(model.indexOfPath(QStringLiteral("video.bin"))
                           .data(ProjectTreeModel::LayerRole)
                           .toInt()),
                 Layer::Hub);
        QCOMPARE(shownState(model, QStringLiteral("app.py")), QStringLiteral("pending"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        m_hub.fault(R"({"path": "/commit/main$", "kind": "stall"})");
        const qint64 id = lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().valueOr(0);
        QVERIFY(id > 0);
        QFuture<Result<DrainReport>> run = lc.core().jobs().runDue(lc.ws());
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("video.bin")),
                                  QStringLiteral("uploading"), waitMs);
        QCOMPARE(shownState(model, QStringLiteral("app.py")), QStringLiteral("pending"));
        QVERIFY(changesOf(changed, model, QStringLiteral("video.bin")) > 0);
        QVERIFY(model.indexOfPath(QStringLiteral("video.bin"))
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("uploading")));

        // Saved while the step sends what it took: not part of this upload.
        QVERIFY(lc.save(QStringLiteral("late.bin"), randomBytes(300 * 1024, 4)));
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("late.bin")),
                                  QStringLiteral("pending"), waitMs);
        QCOMPARE(shownState(model, QStringLiteral("video.bin")), QStringLiteral("uploading"));

        // The job ends (cancelled) with nothing sent: pending again, in place.
        QVERIFY(lc.core().jobs().cancel(lc.ws(), id).result().ok());
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("video.bin")),
                                  QStringLiteral("pending"), waitMs);
        QVERIFY(run.result().ok());
        QCOMPARE(shownState(model, QStringLiteral("late.bin")), QStringLiteral("pending"));
        QCOMPARE(shownState(model, QStringLiteral("app.py")), QStringLiteral("pending"));

        // A sync that lands: everything synced.
        m_hub.clearFaults();
        QVERIFY(lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().ok());
        QVERIFY(lc.core().jobs().runDue(lc.ws()).result().ok());
        for (const char *path : {"video.bin", "late.bin", "app.py"})
            QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QLatin1String(path)),
                                      QStringLiteral("synced"), waitMs);
        QCOMPARE(resets.size(), 0);
    }

    // The git step is held where the commit reads .git/info/exclude (a named pipe here), after
    // it listed what to commit: the git files show uploading, a file saved meanwhile shows
    // pending, and the rows settle in place when the commit lands.
    void gitFilesUploadOnlyDuringTheGitStep()
    {
        LiveCore lc(settings);
        QVERIFY(lc.save(QStringLiteral("app.py"), "print(1)\n"));
        QVERIFY(lc.save(QStringLiteral("notes.md"), "# notes\n"));
        TestedTree tree(lc.core());
        ProjectTreeModel &model = tree.model;
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("app.py")),
                                  QStringLiteral("pending"), waitMs);
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);

        const QString exclude = lc.ws().root() + QStringLiteral("/.git/info/exclude");
        QVERIFY(QFile::exists(exclude));
        QVERIFY(QFile::remove(exclude));
        QCOMPARE(::mkfifo(QFile::encodeName(exclude).constData(), 0600), 0);
        // Whatever happens, the commit is let go: a writer that opens and closes the pipe.
        auto release = [&exclude] {
            const int fd = ::open(QFile::encodeName(exclude).constData(), O_WRONLY | O_NONBLOCK);
            if (fd >= 0)
                ::close(fd);
            return fd >= 0;
        };
        const auto releaseAtEnd = qScopeGuard(release);

        const qint64 id = lc.core().sync().queue(lc.ws(), SyncRequest::Sync).result().valueOr(0);
        QVERIFY(id > 0);
        QFuture<Result<DrainReport>> run = lc.core().jobs().runDue(lc.ws());
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("app.py")),
                                  QStringLiteral("uploading"), waitMs);
        QCOMPARE(shownState(model, QStringLiteral("notes.md")), QStringLiteral("uploading"));

        QVERIFY(lc.save(QStringLiteral("late.md"), "after the commit listed its files\n"));
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("late.md")),
                                  QStringLiteral("pending"), waitMs);
        QCOMPARE(shownState(model, QStringLiteral("app.py")), QStringLiteral("uploading"));

        // The reader waits in open(); the empty pipe makes the commit write a fresh file.
        QTRY_VERIFY_WITH_TIMEOUT(release(), waitMs);
        QVERIFY(run.result().ok());
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("app.py")),
                                  QStringLiteral("synced"), waitMs);
        QCOMPARE(shownState(model, QStringLiteral("notes.md")), QStringLiteral("synced"));
        QCOMPARE(lc.job(id)->state, JobState::Done);
        // The commit stages from the disk once let go, so it took the late file after all: the
        // tree said pending (it could not know), and now says what the index says.
        QTRY_COMPARE_WITH_TIMEOUT(shownState(model, QStringLiteral("late.md")),
                                  QStringLiteral("synced"), waitMs);
        QCOMPARE(resets.size(), 0);
    }

private:
    TempRoot m_home;
    HubServer m_hub;
};

QTEST_MAIN(TestProjectTreeUploads)
#include "tst_project_tree_uploads.moc"
