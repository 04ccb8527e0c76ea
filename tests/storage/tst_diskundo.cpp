// DiskUndo puts the disk back exactly when an operation's commit fails; reads refuse what is not a
// regular file without blocking; names that are not UTF-8 are shown escaped.

#include "AtomicWriter.h"
#include "DiskUndo.h"
#include "FileImporter.h"
#include "FileStore.h"
#include "PosixFile.h"
#include "SessionCleaner.h"
#include "SkippedPath.h"
#include "SqliteConnection.h"
#include "StorageFixture.h"

#include <QDir>
#include <QFileInfo>
#include <QTest>

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace hawkmoth;

namespace {

QStringList stagingEntries(const QString &staging)
{
    return QDir(staging).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
}

void makeOld(const QString &path)
{
    const struct timeval old[2] = {{::time(nullptr) - 7200, 0}, {::time(nullptr) - 7200, 0}};
    QVERIFY(::utimes(QFile::encodeName(path).constData(), old) == 0);
}

// Makes renameat2 fail with EINVAL in this process, as on file systems without RENAME_NOREPLACE.
bool refuseRenameat2()
{
    struct sock_filter filter[] = {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_renameat2, 0, 1),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL),
        BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
    };
    struct sock_fprog program = {sizeof(filter) / sizeof(filter[0]), filter};
    return ::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 &&
           ::prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program) == 0;
}

} // namespace

class TestDiskUndo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void undoPutsEveryStepBack()
    {
        test::TempRoot root;
        const QString staging = root.file(QStringLiteral("staging"));
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        test::writeFile(root.file(QStringLiteral("d/inner.txt")), "inner");
        test::writeFile(root.file(QStringLiteral("c.txt")), "old");
        {
            DiskUndo undo(staging);
            QVERIFY(undo.setAside(root.file(QStringLiteral("a.txt"))).ok());
            QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("a.txt"))));
            QVERIFY(
                undo.rename(root.file(QStringLiteral("d")), root.file(QStringLiteral("e"))).ok());
            QVERIFY(undo.guardReplace(root.file(QStringLiteral("c.txt"))).ok());
            QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("c.txt")), "new").ok());
            QVERIFY(undo.guardReplace(root.file(QStringLiteral("n.txt"))).ok());
            QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("n.txt")), "n").ok());
            QVERIFY(undo.undo().ok());
        }
        QCOMPARE(test::readFile(root.file(QStringLiteral("a.txt"))), QByteArray("A"));
        QCOMPARE(test::readFile(root.file(QStringLiteral("d/inner.txt"))), QByteArray("inner"));
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("e"))));
        QCOMPARE(test::readFile(root.file(QStringLiteral("c.txt"))), QByteArray("old"));
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("n.txt"))));
        QCOMPARE(stagingEntries(staging), QStringList());
    }

    void destructorUndoesWhatWasNotKept()
    {
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        {
            DiskUndo undo(root.file(QStringLiteral("staging")));
            QVERIFY(
                undo.rename(root.file(QStringLiteral("a.txt")), root.file(QStringLiteral("b.txt")))
                    .ok());
        }
        QCOMPARE(test::readFile(root.file(QStringLiteral("a.txt"))), QByteArray("A"));
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("b.txt"))));
    }

    void keepDeletesWhatWasSetAside()
    {
        test::TempRoot root;
        const QString staging = root.file(QStringLiteral("staging"));
        test::writeFile(root.file(QStringLiteral("d/inner.txt")), "inner");
        test::writeFile(root.file(QStringLiteral("c.txt")), "old");
        {
            DiskUndo undo(staging);
            QVERIFY(undo.setAside(root.file(QStringLiteral("d"))).ok());
            QVERIFY(undo.guardReplace(root.file(QStringLiteral("c.txt"))).ok());
            QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("c.txt")), "new").ok());
            undo.keep();
        }
        QVERIFY(!QFileInfo::exists(root.file(QStringLiteral("d"))));
        QCOMPARE(test::readFile(root.file(QStringLiteral("c.txt"))), QByteArray("new"));
        QCOMPARE(stagingEntries(staging), QStringList());
    }

    void renameNeverReplaces()
    {
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        test::writeFile(root.file(QStringLiteral("b.txt")), "B");
        DiskUndo undo(root.file(QStringLiteral("staging")));
        QVERIFY(!undo.rename(root.file(QStringLiteral("a.txt")), root.file(QStringLiteral("b.txt")))
                     .ok());
        QCOMPARE(test::readFile(root.file(QStringLiteral("b.txt"))), QByteArray("B"));
    }

    void cleanupSparesUndoCopiesOfALiveOperation()
    {
        // An undo copy is a hard link: it keeps the old file's mtime, hours old. Cleanup must tell
        // it belongs to a live process and leave it, or the undo has nothing to restore.
        test::StorageFixture fx;
        const QString file = fx.path(QStringLiteral("notes.md"));
        test::writeFile(file, "old");
        makeOld(file);
        DiskUndo undo(fx.workspace().stagingDir());
        QVERIFY(undo.guardReplace(file).ok());
        const QStringList staged = stagingEntries(fx.workspace().stagingDir());
        QCOMPARE(staged.size(), 1);
        QCOMPARE(AtomicWriter::writerPid(staged.first()), qint64(::getpid()));
        QVERIFY(AtomicWriter::writeFile(file, "new").ok());
        auto cleaned = SessionCleaner(fx.workspace(), fx.context()).run(false, false);
        QVERIFY2(cleaned, cleaned ? "" : qPrintable(cleaned.error().message));
        QCOMPARE(stagingEntries(fx.workspace().stagingDir()), staged);
        QVERIFY(undo.undo().ok());
        QCOMPARE(test::readFile(file), QByteArray("old"));
    }

    void cleanupRemovesFoldersSetAsideByAGoneProcess()
    {
        test::StorageFixture fx;
        // A pid above any pid_max: no such process.
        const QString aside =
            fx.workspace().stagingDir() + QStringLiteral("/.hm-999999999-0123456789abcdef.del");
        test::writeFile(aside + QStringLiteral("/inner/file.txt"), "x");
        auto cleaned = SessionCleaner(fx.workspace(), fx.context()).run(false, false);
        QVERIFY(cleaned);
        QVERIFY(!QFileInfo::exists(aside));
        QCOMPARE(cleaned->stagingLeftovers, 1);
    }

    void undoNeverRecreatesAMovedWorkspace()
    {
        // rm racing rename-project: the workspace folder is gone; its .hawkmoth/tmp must not come
        // back as an empty husk of the old name.
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        const QString gone = root.file(QStringLiteral("gone"));
        DiskUndo undo(gone + QStringLiteral("/.hawkmoth/tmp"));
        QVERIFY(!undo.setAside(gone + QStringLiteral("/a.txt")).ok());
        QVERIFY(!QFileInfo::exists(gone));
        QVERIFY(!undo.guardReplace(root.file(QStringLiteral("a.txt"))).ok());
        QVERIFY(!QFileInfo::exists(gone));
        QCOMPARE(test::readFile(root.file(QStringLiteral("a.txt"))), QByteArray("A"));
    }

    void readsCanRefuseSymbolicLinks()
    {
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("secret")), "s");
        QVERIFY(QFile::link(root.file(QStringLiteral("secret")), root.file(QStringLiteral("l"))));
        QVERIFY(PosixFile::openForReading(root.file(QStringLiteral("l"))));
        auto refused =
            PosixFile::openForReading(root.file(QStringLiteral("l")), PosixFile::Links::Refuse);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QLatin1String("symbolic link")),
                 qPrintable(refused.error().message));
    }

    void importRefusesAFileSwappedForALink()
    {
        // Planned as regular files; while the first is copied both become links to a secret.
        test::StorageFixture fx;
        const QString src = fx.tmp().file(QStringLiteral("src"));
        const QString secret = fx.tmp().file(QStringLiteral("secret"));
        test::writeFile(secret, "secret");
        test::writeFile(src + QStringLiteral("/a.txt"), "a");
        test::writeFile(src + QStringLiteral("/b.txt"), "b");
        bool swapped = false;
        const auto swap = [&](const Progress &) {
            if (std::exchange(swapped, true))
                return;
            for (const char *name : {"/a.txt", "/b.txt"}) {
                QFile::remove(src + QLatin1String(name));
                QFile::link(secret, src + QLatin1String(name));
            }
        };
        auto report =
            FileImporter(fx.workspace(), fx.context()).run({src}, QString(), false, {}, swap);
        QVERIFY(report);
        QVERIFY(swapped);
        QCOMPARE(report->imported.size(), 1);
        QVERIFY2(report->errors.join(QLatin1Char('\n')).contains(QLatin1String("symbolic link")),
                 qPrintable(report->errors.join(QLatin1Char('\n'))));
        for (const char *name : {"src/a.txt", "src/b.txt"}) {
            const QString copied = fx.path(QLatin1String(name));
            QVERIFY(!QFileInfo::exists(copied) || test::readFile(copied) != "secret");
        }
    }

    void replaceIsUndoneWithoutHardLinks()
    {
        // A staging folder on another file system (a mount inside the workspace) allows no hard
        // link: a copy of the old content must be the way back.
        test::TempRoot root;
        QTemporaryDir otherFs(QStringLiteral("/dev/shm/hm-undo-XXXXXX"));
        QVERIFY(otherFs.isValid());
        struct stat a
        {
        }, b{};
        QVERIFY(::stat(QFile::encodeName(root.file(QString())).constData(), &a) == 0);
        QVERIFY(::stat(QFile::encodeName(otherFs.path()).constData(), &b) == 0);
        QVERIFY2(a.st_dev != b.st_dev, "the test needs /dev/shm on its own file system");
        const QString file = root.file(QStringLiteral("c.txt"));
        test::writeFile(file, "old");
        DiskUndo undo(otherFs.path() + QStringLiteral("/tmp"));
        QVERIFY(undo.guardReplace(file).ok());
        QVERIFY(AtomicWriter::writeFile(file, "new").ok());
        QVERIFY(undo.undo().ok());
        QCOMPARE(test::readFile(file), QByteArray("old"));
        QCOMPARE(stagingEntries(otherFs.path() + QStringLiteral("/tmp")), QStringList());
    }

    void failedCommitPutsTheDiskBack()
    {
        test::TempRoot root;
        test::writeFile(root.file(QStringLiteral("a.txt")), "A");
        test::writeFile(root.file(QStringLiteral("c.txt")), "old");
        auto db = SqliteConnection::open(root.file(QStringLiteral("index.db")));
        QVERIFY(db);
        auto tx = Transaction::begin(**db);
        QVERIFY(tx);
        QVERIFY((*db)->exec(QStringLiteral("CREATE TABLE t (x)")).ok());
        // A commit hook that vetoes turns COMMIT into a failure, as a full disk does.
        ::sqlite3_commit_hook((*db)->sqliteHandle(), [](void *) { return 1; }, nullptr);
        DiskUndo undo(root.file(QStringLiteral("staging")));
        QVERIFY(undo.setAside(root.file(QStringLiteral("a.txt"))).ok());
        QVERIFY(undo.guardReplace(root.file(QStringLiteral("c.txt"))).ok());
        QVERIFY(AtomicWriter::writeFile(root.file(QStringLiteral("c.txt")), "new").ok());
        auto done =
            undo.commitOrUndo(**tx, QStringLiteral("delete 'a.txt'"), QStringLiteral("unchanged"));
        QVERIFY(!done);
        QVERIFY2(done.error().message.endsWith(QLatin1String("(unchanged)")),
                 qPrintable(done.error().message));
        QCOMPARE(test::readFile(root.file(QStringLiteral("a.txt"))), QByteArray("A"));
        QCOMPARE(test::readFile(root.file(QStringLiteral("c.txt"))), QByteArray("old"));
        QCOMPARE(stagingEntries(root.file(QStringLiteral("staging"))), QStringList());
    }

    void failedPolicyWriteKeepsThePin()
    {
        // savePolicy writes policy.json, then its applied mark; when the mark fails the pin
        // removed by rm must come back with the file.
        test::StorageFixture fx;
        FileStore store(fx.workspace(), fx.context());
        QVERIFY(store.save(QStringLiteral("p.txt"), "p"));
        auto policy = fx.workspace().policy();
        QVERIFY(policy);
        policy->setPin(QStringLiteral("p.txt"), Layer::Session);
        QVERIFY(fx.workspace().savePolicy(*policy).ok());
        const QString applied = fx.workspace().metaDir() + QStringLiteral("/policy.applied");
        QFile::remove(applied);
        test::writeFile(applied + QStringLiteral("/blocker"), "x");
        QVERIFY(!store.remove(QStringLiteral("p.txt"), false));
        QCOMPARE(test::readFile(fx.path(QStringLiteral("p.txt"))), QByteArray("p"));
        auto after = fx.workspace().policy();
        QVERIFY(after);
        QCOMPARE(after->pin(QStringLiteral("p.txt")), std::optional<Layer>(Layer::Session));
    }

    void renameWithoutTheNoReplaceFlag()
    {
        test::TempRoot root;
        const QString a = root.file(QStringLiteral("a.txt"));
        const QString b = root.file(QStringLiteral("b.txt"));
        const QString c = root.file(QStringLiteral("c.txt"));
        test::writeFile(a, "A");
        test::writeFile(b, "B");
        // In a child: the filter cannot be removed again.
        const pid_t child = ::fork();
        QVERIFY(child >= 0);
        if (child == 0) {
            if (!refuseRenameat2())
                ::_exit(2);
            if (renameWithoutReplacing(a, b) == 0 || errno != EEXIST)
                ::_exit(3);
            ::_exit(renameWithoutReplacing(a, c) == 0 ? 0 : 4);
        }
        int status = 0;
        QCOMPARE(::waitpid(child, &status, 0), child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        QCOMPARE(test::readFile(b), QByteArray("B"));
        QCOMPARE(test::readFile(c), QByteArray("A"));
    }

    void readsRefuseFifosWithoutBlocking()
    {
        // A regression would block in open() forever: SIGALRM ends the test instead.
        ::alarm(20);
        test::StorageFixture fx;
        QVERIFY(::mkfifo(QFile::encodeName(fx.path(QStringLiteral("pipe"))).constData(), 0600) ==
                0);
        auto opened = PosixFile::openForReading(fx.path(QStringLiteral("pipe")));
        QVERIFY(!opened);
        QVERIFY2(opened.error().message.contains(QLatin1String("FIFO")),
                 qPrintable(opened.error().message));
        FileStore store(fx.workspace(), fx.context());
        auto loaded = store.load(QStringLiteral("pipe"));
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.contains(QLatin1String("not a regular file")),
                 qPrintable(loaded.error().message));
        ::alarm(0);
    }

    void namesThatAreNotUtf8AreEscaped()
    {
        QCOMPARE(escapedName("plain.txt"), QStringLiteral("plain.txt"));
        QCOMPARE(escapedName("bad\xff.txt"), QStringLiteral("bad\\xff.txt"));
        QCOMPARE(escapedName("caf\xc3\xa9\xc3"), QStringLiteral("caf\u00e9\\xc3"));
    }
};

QTEST_GUILESS_MAIN(TestDiskUndo)
#include "tst_diskundo.moc"
