// AtomicWriter: the old content survives every failure, permissions are kept, a copied file
// arrives whole within a file system and across two, and a full disk is reported as such (on a
// real, size-limited tmpfs).

#include "AtomicWriter.h"
#include "FileStore.h"
#include "FileSystemCalls.h"
#include "PosixFile.h"
#include "StorageFixture.h"

#include <QDir>
#include <QFile>
#include <QProcess>

#include <cerrno>
#include <cstring>
#include <memory>

#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>

using namespace hawkmoth;

namespace {

// A real tmpfs of the given size at a new folder, unmounted when it goes. Mounting needs root,
// as CI runs the tests: error() says so when it could not be mounted, for the test to fail.
class TmpfsMount
{
public:
    TmpfsMount(const QString &folder, const char *size)
        : m_folder(QFile::encodeName(folder))
    {
        const QByteArray options = QByteArray("size=") + size;
        if (!QDir().mkpath(folder))
            m_error = QStringLiteral("cannot create %1").arg(folder);
        else if (::mount("tmpfs", m_folder.constData(), "tmpfs", 0, options.constData()) != 0)
            m_error =
                QStringLiteral("cannot mount a %1 tmpfs at %2: %3. This test needs root, as "
                               "CI runs it, to use a real file system.")
                    .arg(QLatin1String(size), folder, QString::fromLocal8Bit(strerror(errno)));
    }
    ~TmpfsMount()
    {
        if (m_error.isEmpty())
            ::umount2(m_folder.constData(), MNT_DETACH);
    }
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;
    QString error() const { return m_error; }

private:
    QByteArray m_folder;
    QString m_error;
};

} // namespace

class TestAtomicWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesAndKeepsMode()
    {
        test::TempRoot tmp;
        const QString file = tmp.file(QStringLiteral("script.sh"));
        QVERIFY(AtomicWriter::writeFile(file, "one").ok());
        QVERIFY(
            QFile::setPermissions(file, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        QVERIFY(AtomicWriter::writeFile(file, "two", tmp.file(QStringLiteral("staging"))).ok());
        QCOMPARE(test::readFile(file), QByteArray("two"));
        QVERIFY(QFile::permissions(file) & QFile::ExeOwner);
        QVERIFY(QDir(tmp.file(QStringLiteral("staging")))
                    .entryList(QDir::Files | QDir::Hidden)
                    .isEmpty());
    }

    // A new file gets 0666 minus the umask, read as it is now, with the importer's hint (the
    // kernel applies the mask) and without it (read from /proc, never by setting it).
    void newFilesFollowTheUmask()
    {
        test::TempRoot tmp;
        const mode_t before = ::umask(027);
        auto restore = qScopeGuard([before] { ::umask(before); });
        for (const bool hinted : {true, false}) {
            const QString file =
                tmp.file(hinted ? QStringLiteral("a.txt") : QStringLiteral("b.txt"));
            AtomicWriter w(file, tmp.file(QStringLiteral("staging")));
            if (hinted)
                w.assumeNewTarget();
            QVERIFY(w.open().ok());
            QVERIFY(w.write("x").ok());
            QVERIFY(w.commit().ok());
            struct stat st
            {};
            QCOMPARE(::stat(QFile::encodeName(file).constData(), &st), 0);
            QCOMPARE(st.st_mode & 07777, mode_t(0640));
        }
    }

    void cancelledWriteLeavesOldContent()
    {
        test::TempRoot tmp;
        const QString file = tmp.file(QStringLiteral("f.txt"));
        QVERIFY(AtomicWriter::writeFile(file, "old").ok());
        {
            AtomicWriter w(file);
            QVERIFY(w.open().ok());
            QVERIFY(w.write("new but never committed").ok());
        }
        QCOMPARE(test::readFile(file), QByteArray("old"));
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("f.txt")});
    }

    void publishUnlessTakenKeepsWhatAppeared()
    {
        test::TempRoot tmp;
        const QString staging = tmp.file(QStringLiteral("staging"));
        const QString file = tmp.file(QStringLiteral("new.txt"));
        AtomicWriter first(file, staging, AtomicWriter::Durability::Unsynced);
        first.assumeNewTarget();
        QVERIFY(first.open().ok());
        QVERIFY(first.write("ours").ok());
        QVERIFY(first.finishWriting().ok());
        test::writeFile(file, "appeared meanwhile");
        auto placed = first.publishUnlessTaken();
        QVERIFY(placed.ok());
        QVERIFY(!*placed);
        QCOMPARE(test::readFile(file), QByteArray("appeared meanwhile"));
        QVERIFY(QDir(staging).entryList(QDir::Files | QDir::Hidden).isEmpty());

        const QString other = tmp.file(QStringLiteral("free.txt"));
        AtomicWriter second(other, staging, AtomicWriter::Durability::Unsynced);
        auto serves = AtomicWriter::stagingServes(staging, tmp.path());
        QVERIFY(serves.ok() && *serves);
        second.assumeStagingServes();
        second.assumeNewTarget();
        QVERIFY(second.open().ok());
        QCOMPARE(QDir(staging).entryList(QDir::Files | QDir::Hidden).size(), 1);
        QVERIFY(second.write("ours").ok());
        QVERIFY(second.finishWriting().ok());
        placed = second.publishUnlessTaken();
        QVERIFY(placed.ok() && *placed);
        QCOMPARE(test::readFile(other), QByteArray("ours"));
        // A new file gets the umask's permissions.
        const mode_t mask = ::umask(0);
        ::umask(mask);
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(other).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, 0666 & ~mask);
        QVERIFY(QDir(staging).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    // An unnamed temporary (O_TMPFILE) has no name anywhere until it is published: not in the
    // staging folder, not beside the target. Published over an existing file it keeps that file's
    // mode; dropped, it leaves nothing; refused, the file that appeared stays.
    void unnamedTemporaryHasNoNameUntilPublished()
    {
        test::TempRoot tmp;
        const QString staging = tmp.file(QStringLiteral("staging"));
        const QString folder = tmp.file(QStringLiteral("folder"));
        QVERIFY(QDir().mkpath(folder));
        const auto names = [](const QString &dir) {
            return QDir(dir).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
        };
        const auto written = [&](const QString &name, QByteArrayView data, bool isNew) {
            auto w = std::make_unique<AtomicWriter>(folder + QLatin1Char('/') + name, staging,
                                                    AtomicWriter::Durability::Unsynced);
            w->preferUnnamed();
            if (isNew)
                w->assumeNewTarget();
            if (!w->open().ok() || !w->write(data).ok() || !w->finishWriting().ok())
                w.reset();
            return w;
        };

        auto fresh = written(QStringLiteral("new.txt"), "fresh", true);
        QVERIFY(fresh);
        QVERIFY(names(folder).isEmpty());
        QVERIFY(names(staging).isEmpty());
        QVERIFY(fresh->publish().ok());
        QCOMPARE(test::readFile(folder + QStringLiteral("/new.txt")), QByteArray("fresh"));
        const mode_t mask = ::umask(0);
        ::umask(mask);
        struct stat st
        {};
        QCOMPARE(::stat(QFile::encodeName(folder + QStringLiteral("/new.txt")).constData(), &st),
                 0);
        QCOMPARE(st.st_mode & 0777, 0666 & ~mask);

        const QString script = folder + QStringLiteral("/run.sh");
        test::writeFile(script, "old");
        QVERIFY(::chmod(QFile::encodeName(script).constData(), 0750) == 0);
        auto replacing = written(QStringLiteral("run.sh"), "replaced", false);
        QVERIFY(replacing);
        QCOMPARE(names(folder), (QStringList{QStringLiteral("new.txt"), QStringLiteral("run.sh")}));
        QVERIFY(replacing->publish().ok());
        QCOMPARE(test::readFile(script), QByteArray("replaced"));
        QCOMPARE(::stat(QFile::encodeName(script).constData(), &st), 0);
        QCOMPARE(st.st_mode & 0777, mode_t(0750));

        auto refused = written(QStringLiteral("run.sh"), "refused", true);
        QVERIFY(refused);
        auto placed = refused->publishUnlessTaken();
        QVERIFY(placed.ok() && !*placed);
        QCOMPARE(test::readFile(script), QByteArray("replaced"));

        QVERIFY(written(QStringLiteral("dropped.txt"), "dropped", true));
        QCOMPARE(names(folder), (QStringList{QStringLiteral("new.txt"), QStringLiteral("run.sh")}));
        QVERIFY(names(staging).isEmpty());
    }

    void openFileLimitIsRaisedToTheHardLimit()
    {
        rlimit before{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &before), 0);
        const qint64 limit = openFileLimit();
        rlimit after{};
        QCOMPARE(::getrlimit(RLIMIT_NOFILE, &after), 0);
        QCOMPARE(qint64(after.rlim_cur), limit);
        QCOMPARE(after.rlim_cur,
                 std::max(before.rlim_cur, std::min<rlim_t>(before.rlim_max, 65536)));
    }

    void copyFromAppendsTheWholeSource()
    {
        test::TempRoot tmp;
        const QByteArray source = test::randomBytes(3 * 1024 * 1024 + 7, 5); // several 1 MiB reads
        test::writeFile(tmp.file(QStringLiteral("src.bin")), source);
        // The same file system (copied by the kernel) and another one (read and written).
        const QString other = tmp.file(QStringLiteral("other"));
        const TmpfsMount mount(other, "8m");
        QVERIFY2(mount.error().isEmpty(), qPrintable(mount.error()));
        for (const QString &target : QStringList{tmp.file(QStringLiteral("copy.bin")),
                                                 other + QStringLiteral("/copy.bin")}) {
            auto in = PosixFile::openForReading(tmp.file(QStringLiteral("src.bin")));
            QVERIFY(in.ok());
            AtomicWriter w(target);
            QVERIFY(w.open().ok());
            QVERIFY(w.write("head:").ok());
            QVERIFY(w.copyFrom(*in).ok());
            QVERIFY(w.commit().ok());
            QCOMPARE(test::readFile(target), QByteArray("head:") + source);
        }
        QCOMPARE(test::readFile(tmp.file(QStringLiteral("src.bin"))), source);
    }

    // A finished file becomes the writer's temporary by a rename (a pull's download, no copy);
    // on another file system it stays where it is and the caller is told to copy instead.
    void openByMovingTakesTheFileWithinOneFileSystem()
    {
        test::TempRoot tmp;
        const QString staging = tmp.file(QStringLiteral("staging"));
        const QString download = tmp.file(QStringLiteral("cache/blob"));
        test::writeFile(download, "downloaded bytes");
        QVERIFY(QFile::setPermissions(download, QFile::ReadOwner));
        const QString target = tmp.file(QStringLiteral("ws/data.bin"));
        QVERIFY(QDir().mkpath(tmp.file(QStringLiteral("ws"))));
        {
            AtomicWriter w(target, staging, AtomicWriter::Durability::Unsynced);
            auto moved = w.openByMoving(download);
            QVERIFY(moved.ok());
            QVERIFY(*moved);
            QVERIFY(!QFile::exists(download));
            QVERIFY(!QFile::exists(target)); // not yet published
            QVERIFY(w.finishWriting().ok());
            QCOMPARE(w.writtenSize(), qint64(16));
            QVERIFY(w.publish().ok());
        }
        QCOMPARE(test::readFile(target), QByteArray("downloaded bytes"));
        QVERIFY(QFile::permissions(target) & QFile::WriteOwner); // the umask's, as a new file
        QVERIFY(QDir(staging).entryList(QDir::Files | QDir::Hidden).isEmpty());

        // Dropped before it was published: the temporary goes, the target stays as it was.
        test::writeFile(download, "second");
        {
            AtomicWriter w(target, staging, AtomicWriter::Durability::Unsynced);
            QVERIFY(*w.openByMoving(download));
        }
        QCOMPARE(test::readFile(target), QByteArray("downloaded bytes"));
        QVERIFY(QDir(staging).entryList(QDir::Files | QDir::Hidden).isEmpty());

        const QString other = tmp.file(QStringLiteral("other"));
        const TmpfsMount mount(other, "1m");
        QVERIFY2(mount.error().isEmpty(), qPrintable(mount.error()));
        test::writeFile(download, "third");
        AtomicWriter across(other + QStringLiteral("/x.bin"));
        auto moved = across.openByMoving(download);
        QVERIFY(moved.ok());
        QVERIFY(!*moved);
        QCOMPARE(test::readFile(download), QByteArray("third"));
    }

    void fullDiskKeepsOldContent()
    {
        test::TempRoot tmp;
        const QString mountPoint = tmp.file(QStringLiteral("small"));
        // A precondition, not an option: CI runs as root, and a skip here would leave the full
        // disk untested while the suite stays green.
        const TmpfsMount mount(mountPoint, "1m");
        QVERIFY2(mount.error().isEmpty(), qPrintable(mount.error()));
        const Paths paths(mountPoint + QStringLiteral("/data"), tmp.cacheRoot());
        WorkspaceRegistry registry(paths);
        auto ws = registry.create(QStringLiteral("w"));
        QVERIFY(ws.ok());
        const StorageContext ctx{paths, {}, nullptr, {}};
        FileStore store(*ws, ctx);
        QVERIFY(store.save(QStringLiteral("doc.txt"), "the original").ok());
        auto full = store.save(QStringLiteral("doc.txt"), QByteArray(4 * 1024 * 1024, 'x'));
        QVERIFY(!full.ok());
        QCOMPARE(full.error().code, ErrorCode::Io);
        QVERIFY2(full.error().message.contains(QLatin1String("no space left")),
                 qPrintable(full.error().message));
        QVERIFY(full.error().message.contains(QLatin1String("unchanged")));
        QCOMPARE(*store.load(QStringLiteral("doc.txt")), QByteArray("the original"));
        QVERIFY(QDir(ws->stagingDir()).entryList(QDir::Files | QDir::Hidden).isEmpty());
        // And the disk is usable again once there is room.
        QVERIFY(store.save(QStringLiteral("doc.txt"), "smaller update").ok());
    }
};

QTEST_GUILESS_MAIN(TestAtomicWriter)
#include "tst_atomicwriter.moc"
