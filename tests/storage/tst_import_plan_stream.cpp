// ImportPlanStream: an import's files handed over while the folders are still walked, each file
// exactly once, whether a pool thread walks beside the copying, no thread is free, or there is no
// pool at all; a walk stopped early leaves nothing running.

#include "ImportPlanStream.h"
#include "TestSupport.h"

#include <QDir>
#include <QSemaphore>
#include <QSet>
#include <QTest>
#include <QThreadPool>

using namespace hawkmoth;

namespace {

// count files in folders of seven, below root/tree, and an empty workspace folder root/ws: the
// files' workspace paths under "in/tree".
QSet<QString> writeTree(const QString &root, int count)
{
    QDir().mkpath(root + QStringLiteral("/ws"));
    QSet<QString> targets;
    for (int i = 0; i < count; ++i) {
        const QString rel = QStringLiteral("d%1/e%2/f%3.txt").arg(i % 13).arg(i % 7).arg(i);
        test::writeFile(root + QStringLiteral("/tree/") + rel, QByteArray::number(i));
        targets.insert(QStringLiteral("in/tree/") + rel);
    }
    return targets;
}

// Every file the stream hands out, with the number of hand-overs; fails on a file seen twice.
struct Drained
{
    QSet<QString> targets;
    int handOvers = 0;
    bool repeated = false;
};

Drained drain(ImportPlanStream &stream)
{
    Drained d;
    QList<ImportPlan::File> files;
    while (stream.next(files)) {
        ++d.handOvers;
        for (const ImportPlan::File &f : std::as_const(files)) {
            if (d.targets.contains(f.target))
                d.repeated = true;
            d.targets.insert(f.target);
        }
    }
    return d;
}

} // namespace

class TestImportPlanStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void walksBesideTheCopyingOnAFreeThread()
    {
        test::TempRoot tmp;
        const QSet<QString> expected = writeTree(tmp.path(), 2000);
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        const ImportPlanner planner(tmp.file(QStringLiteral("ws")), tmp.dataRoot());
        ImportPlanStream stream(planner, &pool);
        QVERIFY(stream.start({tmp.file(QStringLiteral("tree"))}, QStringLiteral("in"), {}).ok());
        const Drained d = drain(stream);
        QVERIFY(!d.repeated);
        QCOMPARE(d.targets, expected);
        QVERIFY(stream.complete());
        QCOMPARE(stream.filesFound(), qint64(expected.size()));
        QVERIFY(stream.rest().errors.isEmpty());
    }

    void theWalkHandsOverFilesAsItFindsThemAndStopsWhenTold()
    {
        test::TempRoot tmp;
        const QSet<QString> expected = writeTree(tmp.path(), 2000);
        const ImportPlanner planner(tmp.file(QStringLiteral("ws")), tmp.dataRoot());
        ImportPlan plan;
        auto roots =
            planner.prepare({tmp.file(QStringLiteral("tree"))}, QStringLiteral("in"), {}, plan);
        QVERIFY(roots.ok());
        QCOMPARE(roots->size(), 1);
        QSet<QString> handed;
        int handOvers = 0;
        qsizetype largest = 0;
        QVERIFY(planner.walkRoot(roots->first(), plan, [&](ImportPlan &found) {
            ++handOvers;
            largest = qMax(largest, found.files.size());
            for (const ImportPlan::File &f : std::as_const(found.files))
                handed.insert(f.target);
            found.files.clear();
            return true;
        }));
        QCOMPARE(handed, expected);
        QVERIFY(handOvers >= 2000 / 256);
        QVERIFY2(largest <= 256, qPrintable(QString::number(largest)));

        // Told to stop at the first hand-over, the walk goes no further.
        ImportPlan stopped;
        int calls = 0;
        QVERIFY(!planner.walkRoot(roots->first(), stopped, [&](ImportPlan &) {
            ++calls;
            return false;
        }));
        QCOMPARE(calls, 1);
        QVERIFY(stopped.files.size() <= 256);
    }

    void walksOnTheCallersThreadWhenNoThreadIsFree()
    {
        test::TempRoot tmp;
        const QSet<QString> expected = writeTree(tmp.path(), 600);
        QThreadPool pool;
        pool.setMaxThreadCount(1);
        QSemaphore release;
        QSemaphore running;
        pool.start([&] {
            running.release();
            release.acquire(); // the pool's only thread is busy until the stream is drained
        });
        running.acquire();
        const ImportPlanner planner(tmp.file(QStringLiteral("ws")), tmp.dataRoot());
        ImportPlanStream stream(planner, &pool);
        QVERIFY(stream.start({tmp.file(QStringLiteral("tree"))}, QStringLiteral("in"), {}).ok());
        const Drained d = drain(stream);
        release.release();
        QVERIFY(!d.repeated);
        QCOMPARE(d.targets, expected);
        QVERIFY(stream.complete());
    }

    void walksWithoutAPool()
    {
        test::TempRoot tmp;
        const QSet<QString> expected = writeTree(tmp.path(), 300);
        test::writeFile(tmp.file(QStringLiteral("single.txt")), "one");
        const ImportPlanner planner(tmp.file(QStringLiteral("ws")), tmp.dataRoot());
        ImportPlanStream stream(planner, nullptr);
        test::writeFile(tmp.file(QStringLiteral("tree/d1/.git/HEAD")), "ref: refs/heads/main\n");
        auto checked =
            stream.start({tmp.file(QStringLiteral("single.txt")), tmp.file(QStringLiteral("tree")),
                          tmp.file(QStringLiteral("gone"))},
                         QStringLiteral("in"), {});
        QVERIFY(checked.ok());
        QCOMPARE(checked->errors.size(), 1); // "gone": no such file or folder
        QCOMPARE(checked->errors.first().path, tmp.file(QStringLiteral("gone")));
        QVERIFY(checked->files.isEmpty()); // handed out by next()
        const Drained d = drain(stream);
        QSet<QString> all = expected;
        all.insert(QStringLiteral("in/single.txt"));
        QCOMPARE(d.targets, all);
        QVERIFY(stream.rest().errors.isEmpty());
        QCOMPARE(stream.rest().skipped.size(), 1); // the .git folder the walk met
        QCOMPARE(stream.rest().skipped.first().path, tmp.file(QStringLiteral("tree/d1/.git")));
    }

    void aSourceHoldingTheDataRootRefusesTheImportBeforeAnyWalk()
    {
        test::TempRoot tmp;
        writeTree(tmp.path(), 10);
        QDir().mkpath(tmp.file(QStringLiteral("tree/data")));
        const ImportPlanner planner(tmp.file(QStringLiteral("ws")),
                                    tmp.file(QStringLiteral("tree/data")));
        ImportPlanStream stream(planner, QThreadPool::globalInstance());
        const auto started =
            stream.start({tmp.file(QStringLiteral("tree/d1")), tmp.file(QStringLiteral("tree"))},
                         QStringLiteral("in"), {});
        QVERIFY(!started.ok());
        QVERIFY2(started.error().message.contains(QLatin1String("holds HAWKMOTH's data")),
                 qPrintable(started.error().message));
        QList<ImportPlan::File> files;
        QVERIFY(!stream.next(files));
    }

    void aStreamLeftEarlyStopsItsWalk()
    {
        test::TempRoot tmp;
        writeTree(tmp.path(), 3000);
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        const ImportPlanner planner(tmp.file(QStringLiteral("ws")), tmp.dataRoot());
        qint64 found = 0;
        {
            ImportPlanStream stream(planner, &pool);
            QVERIFY(
                stream.start({tmp.file(QStringLiteral("tree"))}, QStringLiteral("in"), {}).ok());
            QList<ImportPlan::File> files;
            QVERIFY(stream.next(files));
            QVERIFY(!files.isEmpty());
            stream.stop();
            found = stream.filesFound();
            QVERIFY(!stream.next(files)); // what was found and not handed out is dropped
            QCOMPARE(stream.filesFound(), found);
        }
        QVERIFY(found > 0);
    }
};

QTEST_GUILESS_MAIN(TestImportPlanStream)
#include "tst_import_plan_stream.moc"
