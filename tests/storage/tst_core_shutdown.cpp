// Destroying a StorageCore while its pool works: the destructor waits for a listing and an import
// that are under way, no task outlives what it uses (the change notifier, the registry), and a
// workspace handed out by the gone core still works without it.

#include "FileIndex.h"
#include "FileStore.h"
#include "StorageCore.h"
#include "TestSupport.h"

#include <QDir>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>

#include <atomic>
#include <memory>

using namespace hawkmoth;

class TestCoreShutdown : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void destroyedWhileListingAndImporting()
    {
        test::TempRoot tmp;
        const Paths paths(tmp.dataRoot(), tmp.cacheRoot());
        // Enough to copy that the import is still running when the core goes: every file is
        // written, synced and renamed on its own.
        const QString source = tmp.file(QStringLiteral("source"));
        constexpr qsizetype sourceFiles = 300;
        for (int i = 0; i < sourceFiles; ++i)
            test::writeFile(source + QStringLiteral("/f%1.bin").arg(i),
                            test::randomBytes(32 * 1024, quint32(i)));

        // Declared before the core: they outlive its destructor's wait for the import.
        QSemaphore importing;
        QSemaphore proceed;
        std::atomic<bool> announced = false;
        auto core = std::make_unique<StorageCore>(paths);
        QVERIFY(core->start().result().ok());
        auto current = core->workspaces().current().result();
        QVERIFY(current.ok());
        const Workspace ws = *current; // carries the core's change sink
        for (int i = 0; i < 50; ++i) {
            const QString path = QStringLiteral("notes/n%1.md").arg(i);
            QVERIFY(core->files().save(ws, path, "note").result().ok());
        }

        // The import reports progress from its pool thread; its first report waits until this
        // thread has seen it under way, so the core is destroyed mid-import, not after it.
        // A failed check returns early: the import must not wait forever on the way out.
        const auto unblock = qScopeGuard([&proceed] { proceed.release(); });
        OperationControl control;
        control.progress = [&importing, &proceed, &announced](const Progress &) {
            if (announced.exchange(true))
                return;
            importing.release();
            proceed.acquire();
        };
        QFuture<Result<ImportReport>> import =
            core->files().import(ws, {source}, QStringLiteral("in"), OnExists::Refuse, control);
        QFuture<Result<Listing>> listing = core->files().list(ws, QStringLiteral("notes"), false);
        QVERIFY(importing.tryAcquire(1, 60000));
        QVERIFY(!import.isFinished());
        proceed.release();

        core.reset();

        // The destructor waited for both.
        QVERIFY(import.isFinished());
        QVERIFY(listing.isFinished());
        const Result<Listing> listed = listing.result();
        QVERIFY2(listed.ok(), qPrintable(listed.ok() ? QString() : listed.error().message));
        QCOMPARE(listed->files.size(), qsizetype(50));
        const Result<ImportReport> imported = import.result();
        QVERIFY2(imported.ok(), qPrintable(imported.ok() ? QString() : imported.error().message));
        QCOMPARE(imported->imported.size(), sourceFiles);

        // What the import reported is on disk and in the index.
        {
            auto db = ws.connect();
            QVERIFY(db.ok());
            auto rows = FileIndex(**db).list(QStringLiteral("in"), true);
            QVERIFY(rows.ok());
            QCOMPARE(rows->size(), sourceFiles);
        }
        QCOMPARE(QDir(ws.absolutePath(QStringLiteral("in/source"))).entryList(QDir::Files).size(),
                 sourceFiles);

        // The workspace value still holds the gone core's change sink: writing through it reports
        // to nobody, and crashes nothing.
        QVERIFY(ws.changeSink());
        const StorageContext context{paths, {}, nullptr, {}};
        QVERIFY(FileStore(ws, context).save(QStringLiteral("after.md"), "later").ok());

        // A new core over the same data root sees everything.
        StorageCore again(paths);
        QVERIFY(again.start().result().ok());
        auto all = again.files().list(ws, QStringLiteral("in"), true).result();
        QVERIFY(all.ok());
        QCOMPARE(all->files.size(), sourceFiles);
    }
};

QTEST_GUILESS_MAIN(TestCoreShutdown)
#include "tst_core_shutdown.moc"
