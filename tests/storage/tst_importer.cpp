// FileImporter: files and folders copied in, streamed and hashed in one pass, never overwriting
// without being asked, refusing sources inside the workspace, and stopping cleanly on cancel.

#include "FileImporter.h"
#include "FileIndex.h"
#include "Sha256.h"
#include "StorageFixture.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QThreadPool>

#include <sys/stat.h>

using namespace hawkmoth;

class TestImporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsFilesAndFolders()
    {
        test::StorageFixture fx;
        const QString src = fx.tmp().file(QStringLiteral("outside"));
        test::writeFile(src + QStringLiteral("/photo.jpg"), test::randomBytes(300 * 1024, 3));
        test::writeFile(src + QStringLiteral("/project/README.md"), "# readme\n");
        test::writeFile(src + QStringLiteral("/project/lib/util.py"), "x = 1\n");
        test::writeFile(src + QStringLiteral("/project/.git/HEAD"), "ref: refs/heads/main\n");
        FileImporter importer(fx.workspace(), fx.context());
        int progressCalls = 0;
        Progress last;
        auto report =
            importer.run({src + QStringLiteral("/photo.jpg"), src + QStringLiteral("/project")},
                         QStringLiteral("incoming"), false, {}, [&](const Progress &p) {
                             ++progressCalls;
                             last = p;
                         });
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->errors, QStringList());
        QStringList paths;
        for (const FileEntry &e : report->imported)
            paths.append(e.path);
        paths.sort();
        QCOMPARE(paths, (QStringList{QStringLiteral("incoming/photo.jpg"),
                                     QStringLiteral("incoming/project/README.md"),
                                     QStringLiteral("incoming/project/lib/util.py")}));
        QVERIFY(!QFileInfo::exists(fx.path(QStringLiteral("incoming/project/.git"))));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("incoming/photo.jpg"))),
                 test::randomBytes(300 * 1024, 3));
        QVERIFY(progressCalls > 0);
        QCOMPARE(last.filesDone, qint64(3));
        QCOMPARE(last.bytesDone, last.bytesTotal);
        auto db = fx.workspace().connect();
        auto photo = FileIndex(**db).get(QStringLiteral("incoming/photo.jpg"));
        QCOMPARE(photo->value().layer, Layer::Hub);
        QCOMPARE(photo->value().sha256, Sha256::ofData(test::randomBytes(300 * 1024, 3)));
    }

    void severalFilesIntoTheRootStayInTheWorkspace()
    {
        // The second file of a folder takes the quick path (the folder is known): for the root it
        // once made "<workspace>b.txt", beside the workspace instead of in it.
        test::StorageFixture fx;
        const QDir outside = QFileInfo(fx.workspace().root()).dir();
        const QStringList besideBefore = outside.entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        QStringList sources;
        for (const char *name : {"a.txt", "b.txt", "c.txt"}) {
            sources.append(fx.tmp().file(QString::fromLatin1(name)));
            test::writeFile(sources.constLast(), name);
        }
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run(sources, {}, false);
        QVERIFY(report.ok());
        QCOMPARE(report->errors, QStringList());
        QCOMPARE(outside.entryList(QDir::AllEntries | QDir::NoDotAndDotDot), besideBefore);
        auto db = fx.workspace().connect();
        for (const char *name : {"a.txt", "b.txt", "c.txt"}) {
            const QString path = QString::fromLatin1(name);
            QCOMPARE(test::readFile(fx.path(path)), QByteArray(name));
            QVERIFY2(FileIndex(**db).get(path)->has_value(), name);
        }
    }

    void sameNameTwiceInANewFolderKeepsBoth()
    {
        // Two sources of one name into a folder the run makes: the second is numbered although
        // the first is not on disk yet (it is published with its batch).
        test::StorageFixture fx;
        QStringList sources;
        for (const char *from : {"one", "two"}) {
            sources.append(fx.tmp().file(QStringLiteral("%1/x.txt").arg(QLatin1String(from))));
            test::writeFile(sources.constLast(), from);
        }
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run(sources, QStringLiteral("new"), OnExists::KeepBoth);
        QVERIFY(report.ok());
        QCOMPARE(report->errors, QStringList());
        QCOMPARE(test::readFile(fx.path(QStringLiteral("new/x.txt"))), QByteArray("one"));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("new/x (2).txt"))), QByteArray("two"));
        auto refused = importer.run(sources, QStringLiteral("new2"), OnExists::Refuse);
        QVERIFY(refused.ok());
        QCOMPARE(refused->imported.size(), 1);
        QCOMPARE(refused->failures.size(), 1);
        QCOMPARE(refused->failures.first().code, ErrorCode::AlreadyExists);
        QCOMPARE(test::readFile(fx.path(QStringLiteral("new2/x.txt"))), QByteArray("one"));
    }

    void foldersThroughLinksAndFilesInTheWay()
    {
        // Folders below the first are made from their parent's open handle; a link or a file
        // where a folder goes takes the workspace's full checks: a link inside the workspace is
        // followed, one leading out refused, a file in the way named.
        test::StorageFixture fx;
        QVERIFY(QDir().mkpath(fx.path(QStringLiteral("data/real"))));
        const QString away = fx.tmp().file(QStringLiteral("away"));
        QVERIFY(QDir().mkpath(away));
        QVERIFY(QFile::link(QStringLiteral("real"), fx.path(QStringLiteral("data/inside"))));
        QVERIFY(QFile::link(away, fx.path(QStringLiteral("data/out"))));
        test::writeFile(fx.path(QStringLiteral("data/plain")), "a file");
        const QString src = fx.tmp().file(QStringLiteral("outside/data"));
        for (const char *name : {"inside/a/one.txt", "out/two.txt", "out/deeper/three.txt",
                                 "plain/four.txt", "fresh/b/c/five.txt"})
            test::writeFile(src + QLatin1Char('/') + QLatin1String(name), name);
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run({src}, {}, OnExists::Replace);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QStringList imported;
        for (const FileEntry &e : report->imported)
            imported.append(e.path);
        imported.sort();
        QCOMPARE(imported, (QStringList{QStringLiteral("data/fresh/b/c/five.txt"),
                                        QStringLiteral("data/inside/a/one.txt")}));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("data/real/a/one.txt"))),
                 QByteArray("inside/a/one.txt"));
        QCOMPARE(QDir(away).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
        QCOMPARE(report->failures.size(), 3);
        QStringList why;
        for (const ItemError &e : report->failures)
            why.append(e.message);
        why.sort();
        QVERIFY2(why.at(0).contains(QLatin1String("leads out of the workspace")),
                 qPrintable(why.at(0)));
        QVERIFY2(why.at(1).contains(QLatin1String("leads out of the workspace")),
                 qPrintable(why.at(1)));
        QVERIFY2(why.at(2).contains(QLatin1String("is a file")), qPrintable(why.at(2)));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("data/plain"))), QByteArray("a file"));
    }

    void neverOverwritesUnlessAsked()
    {
        test::StorageFixture fx;
        test::writeFile(fx.path(QStringLiteral("notes.txt")), "mine");
        const QString src = fx.tmp().file(QStringLiteral("notes.txt"));
        test::writeFile(src, "theirs");
        FileImporter importer(fx.workspace(), fx.context());
        auto refused = importer.run({src}, {}, false);
        QVERIFY(refused.ok());
        QCOMPARE(refused->imported.size(), 0);
        QCOMPARE(refused->errors.size(), 1);
        QVERIFY(refused->errors.first().contains(QLatin1String("already exists")));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("notes.txt"))), QByteArray("mine"));
        auto overwritten = importer.run({src}, {}, true);
        QCOMPARE(overwritten->imported.size(), 1);
        QCOMPARE(test::readFile(fx.path(QStringLiteral("notes.txt"))), QByteArray("theirs"));
    }

    void refusesBadSources()
    {
        test::StorageFixture fx;
        test::writeFile(fx.path(QStringLiteral("inside.txt")), "i");
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run(
            {fx.path(QStringLiteral("inside.txt")), QStringLiteral("/no/such/file")}, {}, false);
        QVERIFY(report.ok());
        QCOMPARE(report->imported.size(), 0);
        QCOMPARE(report->errors.size(), 2);
        QVERIFY(report->errors.at(0).contains(QLatin1String("already inside")));
        QVERIFY(report->errors.at(1).contains(QLatin1String("no such file")));
        QVERIFY(!importer.run({}, QStringLiteral("../up"), false).ok());
        test::writeFile(fx.path(QStringLiteral("afile")), "f");
        QVERIFY(!importer.run({fx.tmp().file(QStringLiteral("x"))}, QStringLiteral("afile"), false)
                     .ok());
    }

    void namesAWorkspaceCannotHoldAreRefusedWithTheirFolders()
    {
        // The planner accepts plain names as it walks; a name it does not (a backslash, a
        // control character, .git as a file) takes the full check, and so does every file below
        // a folder of such a name. A long name that fits is kept.
        test::StorageFixture fx;
        const QString src = fx.tmp().file(QStringLiteral("outside/set"));
        const QString longName = QStringLiteral("ok/") + QString(250, QLatin1Char('n'));
        for (const QString &name :
             {QStringLiteral("ok/one.txt"), QStringLiteral("bad\\folder/two.txt"),
              QStringLiteral("bad\\folder/deep/three.txt"), QStringLiteral("ok/tab\tname"),
              QStringLiteral("ok/.GIT"), longName})
            test::writeFile(src + QLatin1Char('/') + name, name.toUtf8());
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run({src}, QStringLiteral("in"), false);
        QVERIFY(report.ok());
        QStringList imported;
        for (const FileEntry &e : report->imported)
            imported.append(e.path);
        imported.sort();
        QCOMPARE(imported, (QStringList{QStringLiteral("in/set/") + longName,
                                        QStringLiteral("in/set/ok/one.txt")}));
        QMap<QString, int> why;
        for (const ItemError &e : report->failures) {
            for (const char *reason : {"backslash", "control character", "reserved"})
                why[QLatin1String(reason)] += e.message.contains(QLatin1String(reason)) ? 1 : 0;
        }
        QCOMPARE(report->failures.size(), 4);
        QCOMPARE(why.value(QStringLiteral("backslash")), 2);
        QCOMPARE(why.value(QStringLiteral("control character")), 1);
        QCOMPARE(why.value(QStringLiteral("reserved")), 1);
    }

    void batchesPublishedOnThePoolAllArrive()
    {
        // Several batches: each is published on a pool thread while the next one is written.
        test::StorageFixture fx;
        QThreadPool pool;
        pool.setMaxThreadCount(2);
        fx.context().pool = &pool;
        const QString src = fx.tmp().file(QStringLiteral("wide"));
        constexpr int count = 700;
        for (int i = 0; i < count; ++i)
            test::writeFile(src + QStringLiteral("/d%1/f%2.txt").arg(i % 7).arg(i),
                            QByteArray::number(i) + QByteArray(i, 'x'));
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run({src}, QStringLiteral("in"), false);
        QVERIFY2(report.ok(), qPrintable(report.ok() ? QString() : report.error().message));
        QCOMPARE(report->errors, QStringList());
        QCOMPARE(report->imported.size(), count);
        auto db = fx.workspace().connect();
        FileIndex index(**db);
        for (int i = 0; i < count; ++i) {
            const QString path = QStringLiteral("in/wide/d%1/f%2.txt").arg(i % 7).arg(i);
            const QByteArray content = QByteArray::number(i) + QByteArray(i, 'x');
            QCOMPARE(test::readFile(fx.path(path)), content);
            auto row = index.get(path);
            QVERIFY(row.ok() && row->has_value());
            QCOMPARE(row->value().sha256, Sha256::ofData(content));
            // The row's time is the file's own (a rename keeps it): a rescan finds it unchanged.
            struct stat st
            {};
            QCOMPARE(::stat(QFile::encodeName(fx.path(path)).constData(), &st), 0);
            QCOMPARE(row->value().mtimeNs,
                     qint64(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec);
            QCOMPARE(row->value().size, qint64(content.size()));
        }
        QVERIFY(QDir(fx.workspace().stagingDir()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void cancelKeepsWholeFilesOnly()
    {
        test::StorageFixture fx;
        const QString src = fx.tmp().file(QStringLiteral("many"));
        for (int i = 0; i < 20; ++i)
            test::writeFile(src + QStringLiteral("/f%1.bin").arg(i, 2, 10, QLatin1Char('0')),
                            test::randomBytes(512 * 1024, quint32(i)));
        CancelToken cancel;
        FileImporter importer(fx.workspace(), fx.context());
        auto report = importer.run({src}, {}, false, cancel, [&](const Progress &p) {
            if (p.filesDone >= 5)
                cancel.cancel();
        });
        QVERIFY(report.ok());
        QVERIFY(report->cancelled);
        QVERIFY(report->imported.size() >= 5 && report->imported.size() < 20);
        // What is on disk is exactly what was reported, each file whole.
        QDirIterator it(fx.path(QStringLiteral("many")), QDir::Files);
        int onDisk = 0;
        while (it.hasNext()) {
            const QString f = it.next();
            const int i = QFileInfo(f).baseName().mid(1).toInt();
            QCOMPARE(test::readFile(f), test::randomBytes(512 * 1024, quint32(i)));
            ++onDisk;
        }
        QCOMPARE(onDisk, int(report->imported.size()));
        QVERIFY(QDir(fx.workspace().stagingDir()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestImporter)
#include "tst_importer.moc"
