// FileListModel under QAbstractItemModelTester, and StorageCore's futures: they resolve off the
// calling thread, and changes come back as signals.

#include "FileListModel.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

using namespace hawkmoth;

class TestModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fileListModel()
    {
        FileListModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        FileEntry a;
        a.path = QStringLiteral("a.py");
        a.size = 2048;
        FileEntry b;
        b.path = QStringLiteral("data/b.bin");
        b.layer = Layer::Hub;
        b.state = SyncState::Synced;
        model.setFiles({a, b});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(1, FileListModel::LayerColumn).data().toString(),
                 QStringLiteral("hub"));
        QCOMPARE(model.index(1, FileListModel::StateColumn).data().toString(),
                 QStringLiteral("synced"));
        QCOMPARE(
            model.index(0, FileListModel::PathColumn).data(FileListModel::EntryPathRole).toString(),
            QStringLiteral("a.py"));
        QVERIFY(!model.index(0, FileListModel::SizeColumn).data().toString().isEmpty());
        model.setFiles({});
        QCOMPARE(model.rowCount(), 0);
    }

    void storageCoreIsAsynchronous()
    {
        test::TempRoot tmp;
        StorageCore core(Paths(tmp.dataRoot(), tmp.cacheRoot()));
        QVERIFY(core.start().result().ok());
        auto ws = core.workspaces().current().result();
        QVERIFY(ws.ok());

        QSignalSpy changed(&core, &StorageCore::filesChanged);
        // Every pool thread waits at a gate, so the save cannot finish before its continuations
        // are attached: one attached to a finished future would run at once on this thread.
        QSemaphore gate;
        const int threads = core.pool().maxThreadCount();
        for (int i = 0; i < threads; ++i)
            core.pool().start([&gate] { gate.acquire(); });
        auto open = qScopeGuard([&] { gate.release(threads); });
        QFuture<Result<FileEntry>> saved = core.files().save(*ws, QStringLiteral("a.txt"), "hello");
        QVERIFY(!saved.isFinished()); // returned at once, before the work ran
        QThread *worker = nullptr;
        QThread *delivered = nullptr;
        QFuture<void> ran =
            saved.then(QtFuture::Launch::Sync,
                       [&worker](const Result<FileEntry> &) { worker = QThread::currentThread(); });
        // Chained: a future keeps one continuation, so a second then() on saved would replace it.
        ran.then(this, [&delivered] { delivered = QThread::currentThread(); });
        open.dismiss();
        gate.release(threads);
        ran.waitForFinished();
        QVERIFY(saved.result().ok());
        QVERIFY(worker && worker != QThread::currentThread()); // it ran on a pool thread
        QTRY_COMPARE(delivered, QThread::currentThread());     // with a context: back on ours
        QTRY_COMPARE(changed.size(), 1);                       // may have come while waiting above
        QCOMPARE(changed.first().first().toString(), ws->name());

        auto listing = core.files().list(*ws, {}, true).result();
        QCOMPARE(listing->files.size(), 1);
        QCOMPARE(core.files().load(*ws, QStringLiteral("a.txt")).result()->content,
                 QByteArray("hello"));
        QVERIFY(!core.files().load(*ws, QStringLiteral("../x")).result().ok());
        auto stats = core.workspaces().statistics(*ws).result();
        QCOMPARE(stats->layers.value(Layer::Git).files, qint64(1));
        QCOMPARE(stats->queuedJobs, 1);
    }
};

QTEST_MAIN(TestModels)
#include "tst_models.moc"
