// FileStore: save, load, list, delete and move — and every bad input refused with nothing written.

#include "FileIndex.h"
#include "FileStore.h"
#include "JobQueue.h"
#include "Sha256.h"
#include "StorageFixture.h"

#include <QDateTime>
#include <QDirIterator>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

using namespace hawkmoth;

namespace {

// Every file below root with its content, to show that a refused operation changed nothing.
QMap<QString, QByteArray> snapshot(const QString &root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString f = it.next();
        if (f.contains(QLatin1String("/.hawkmoth/index.db")) ||
            f.endsWith(QLatin1String("runner.lock")))
            continue;
        out.insert(f, test::readFile(f));
    }
    return out;
}

} // namespace

class TestFileStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveLoadRoundTrip()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        auto e = store.save(QStringLiteral("src/app/main.py"), "print('hi')\n");
        QVERIFY2(e.ok(), qPrintable(e.ok() ? QString() : e.error().message));
        QCOMPARE(e->layer, Layer::Git);
        QCOMPARE(e->state, SyncState::Pending);
        QCOMPARE(e->sha256, Sha256::ofData("print('hi')\n"));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("src/app/main.py"))),
                 QByteArray("print('hi')\n"));
        auto loaded = store.load(QStringLiteral("./src//app/main.py"));
        QVERIFY(loaded.ok());
        QCOMPARE(*loaded, QByteArray("print('hi')\n"));
        // Saving again with other bytes replaces the content; the cache never serves stale data.
        QVERIFY(store.save(QStringLiteral("src/app/main.py"), "print('bye')\n").ok());
        QCOMPARE(*store.load(QStringLiteral("src/app/main.py")), QByteArray("print('bye')\n"));
        test::writeFile(fx.path(QStringLiteral("src/app/main.py")), "changed behind our back\n");
        QCOMPARE(*store.load(QStringLiteral("src/app/main.py")),
                 QByteArray("changed behind our back\n"));
        // No temporaries are left beside the file or in the staging folder.
        QCOMPARE(QDir(fx.path(QStringLiteral("src/app"))).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("main.py")});
        QVERIFY(QDir(fx.workspace().stagingDir()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void layersAndJobs()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QCOMPARE(store.save(QStringLiteral("scratch/x.txt"), "x")->layer, Layer::Session);
        QCOMPARE(store.save(QStringLiteral("scratch/x.txt"), "x")->state, SyncState::LocalOnly);
        {
            auto db = fx.workspace().connect();
            QCOMPARE(*JobQueue(**db).countActive(), 0); // session files never queue a sync
        }
        QByteArray binary(10, 'b');
        binary[3] = '\0';
        QCOMPARE(store.save(QStringLiteral("img.png"), binary)->layer, Layer::Hub);
        QCOMPARE(store.save(QStringLiteral("big.txt"), QByteArray(200 * 1024, 'a'))->layer,
                 Layer::Hub);
        auto db = fx.workspace().connect();
        auto jobs = JobQueue(**db).list({JobState::Queued});
        QCOMPARE(jobs->size(), 1); // one debounced sync for the burst
        QCOMPARE(jobs->first().kind, QStringLiteral("sync"));
        QVERIFY(jobs->first().nextAttemptMs > QDateTime::currentMSecsSinceEpoch());
    }

    void badPathsWriteNothing_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("parent") << "../escape.txt";
        QTest::newRow("absolute") << "/tmp/escape.txt";
        QTest::newRow("nul") << QStringLiteral("a") + QChar(0) + QStringLiteral("b");
        QTest::newRow("git") << ".git/config";
        QTest::newRow("hawkmoth") << ".hawkmoth/policy.json";
        QTest::newRow("long name") << QString(300, QLatin1Char('n'));
        QTest::newRow("symlink out") << "link/escape.txt";
        QTest::newRow("empty") << "";
    }
    void badPathsWriteNothing()
    {
        QFETCH(QString, path);
        test::StorageFixture fx;
        QVERIFY(QFile::link(fx.tmp().path(), fx.path(QStringLiteral("link"))));
        FileStore store(fx.workspace(), fx.context());
        const auto before = snapshot(fx.tmp().path());
        auto r = store.save(path, "data");
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, ErrorCode::InvalidArgument);
        QVERIFY(!r.error().message.isEmpty());
        QCOMPARE(snapshot(fx.tmp().path()), before);
    }

    void saveOntoFolderOrThroughFile()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("dir/a.txt"), "a").ok());
        auto onFolder = store.save(QStringLiteral("dir"), "x");
        QVERIFY(!onFolder.ok());
        QVERIFY(onFolder.error().message.contains(QLatin1String("folder")));
        auto throughFile = store.save(QStringLiteral("dir/a.txt/b.txt"), "x");
        QVERIFY(!throughFile.ok());
        QVERIFY2(throughFile.error().message.contains(QLatin1String("is a file")),
                 qPrintable(throughFile.error().message));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("dir/a.txt"))), QByteArray("a"));
    }

    void concurrentSavesOfOnePathNeverTear()
    {
        test::StorageFixture fx;
        const QByteArray a(2 * 1024 * 1024, 'A');
        const QByteArray b(3 * 1024 * 1024, 'B');
        for (int round = 0; round < 10; ++round) {
            auto one = QtConcurrent::run([&] {
                return FileStore(fx.workspace(), fx.context()).save(QStringLiteral("race.bin"), a);
            });
            auto two = QtConcurrent::run([&] {
                return FileStore(fx.workspace(), fx.context()).save(QStringLiteral("race.bin"), b);
            });
            QVERIFY(one.result().ok());
            QVERIFY(two.result().ok());
            const QByteArray disk = test::readFile(fx.path(QStringLiteral("race.bin")));
            QVERIFY2(disk == a || disk == b, "the file is a mix of both saves");
            auto db = fx.workspace().connect();
            auto row = FileIndex(**db).get(QStringLiteral("race.bin"));
            QCOMPARE(row->value().sha256, Sha256::ofData(disk)); // the index describes the winner
        }
    }

    void listShowsFoldersAndFiles()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("a.md"), "a").ok());
        QVERIFY(store.save(QStringLiteral("src/b.py"), "bb").ok());
        QVERIFY(store.save(QStringLiteral("src/lib/c.py"), "ccc").ok());
        QVERIFY(QDir().mkpath(fx.path(QStringLiteral("empty"))));
        test::writeFile(fx.path(QStringLiteral("outside.txt")), "made by another program");
        auto root = store.list({}, false);
        QVERIFY(root.ok());
        QStringList files, folders;
        for (const auto &f : root->files)
            files.append(f.path);
        for (const auto &d : root->folders)
            folders.append(QStringLiteral("%1:%2:%3").arg(d.path).arg(d.files).arg(d.bytes));
        QCOMPARE(files, (QStringList{QStringLiteral("a.md"), QStringLiteral("outside.txt")}));
        QCOMPARE(folders, (QStringList{QStringLiteral("empty:0:0"), QStringLiteral("src:2:5")}));
        auto src = store.list(QStringLiteral("src"), true);
        QCOMPARE(src->files.size(), 2);
        QVERIFY(!store.list(QStringLiteral("nope"), false).ok());
        QVERIFY(!store.list(QStringLiteral("a.md"), false).ok());
    }

    void removeFilesAndFolders()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("d/x.txt"), "x").ok());
        QVERIFY(store.save(QStringLiteral("d/e/y.txt"), "y").ok());
        auto refused = store.remove(QStringLiteral("d"), false);
        QVERIFY(!refused.ok());
        QVERIFY(QFileInfo::exists(fx.path(QStringLiteral("d/x.txt"))));
        auto removed = store.remove(QStringLiteral("d"), true);
        QVERIFY(removed.ok());
        QCOMPARE(removed->size(), 2);
        QVERIFY(!QFileInfo::exists(fx.path(QStringLiteral("d"))));
        auto missing = store.remove(QStringLiteral("d/x.txt"), false);
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
    }

    void moveRenamesNeverOverwrites()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("a.txt"), "a").ok());
        QVERIFY(store.save(QStringLiteral("b.txt"), "b").ok());
        QVERIFY(store.save(QStringLiteral("docs/readme.md"), "r").ok());
        QCOMPARE(store.move(QStringLiteral("a.txt"), QStringLiteral("b.txt")).error().code,
                 ErrorCode::AlreadyExists);
        QCOMPARE(test::readFile(fx.path(QStringLiteral("b.txt"))), QByteArray("b"));
        QCOMPARE(*store.move(QStringLiteral("a.txt"), QStringLiteral("docs")),
                 QStringLiteral("docs/a.txt"));
        QCOMPARE(*store.move(QStringLiteral("docs"), QStringLiteral("manual/docs")),
                 QStringLiteral("manual/docs"));
        QVERIFY(!store.move(QStringLiteral("manual"), QStringLiteral("manual/inner")).ok());
        auto listing = store.list({}, true);
        QStringList paths;
        for (const auto &f : listing->files)
            paths.append(f.path);
        QCOMPARE(paths, (QStringList{QStringLiteral("b.txt"), QStringLiteral("manual/docs/a.txt"),
                                     QStringLiteral("manual/docs/readme.md")}));
        QCOMPARE(*store.load(QStringLiteral("manual/docs/a.txt")), QByteArray("a"));
        QCOMPARE(store.move(QStringLiteral("ghost"), QStringLiteral("x")).error().code,
                 ErrorCode::NotFound);
    }

    void loadRefusals()
    {
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QCOMPARE(store.load(QStringLiteral("missing.txt")).error().code, ErrorCode::NotFound);
        QVERIFY(QDir().mkpath(fx.path(QStringLiteral("folder"))));
        QVERIFY(!store.load(QStringLiteral("folder")).ok());
        // A hub file known from the remote but not downloaded says what to do.
        {
            auto db = fx.workspace().connect();
            FileEntry remote;
            remote.path = QStringLiteral("data/model.bin");
            remote.layer = Layer::Hub;
            remote.state = SyncState::RemoteOnly;
            QVERIFY(FileIndex(**db).upsert(remote).ok());
        }
        auto r = store.load(QStringLiteral("data/model.bin"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QLatin1String("pull")), qPrintable(r.error().message));
    }
};

QTEST_GUILESS_MAIN(TestFileStore)
#include "tst_filestore.moc"
