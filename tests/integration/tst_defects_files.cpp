// File operations under hostile conditions, through the real binary: a full disk in the middle of
// rm, mv and save; imports of folders holding the workspace, links, other repositories' data and
// unnamed oddities; reads of FIFOs and devices; saves through links and to folder names.

#include "TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

using namespace hawkmoth::test;

namespace {

QString workspaceDir(const TempRoot &root)
{
    return root.dataRoot() + QStringLiteral("/workspaces/default");
}

QJsonObject jsonOf(const ProcessResult &r)
{
    return QJsonDocument::fromJson(r.out).object();
}

// The "path" of every entry of a "skipped" array.
QStringList skippedPaths(const QJsonObject &data)
{
    QStringList out;
    for (const QJsonValue &v : data.value(QLatin1String("skipped")).toArray()) {
        const QJsonObject o = v.toObject();
        if (!o.value(QLatin1String("reason")).toString().isEmpty())
            out.append(o.value(QLatin1String("path")).toString());
    }
    return out;
}

bool anyEndsWith(const QStringList &list, const QString &tail)
{
    for (const QString &s : list)
        if (s.endsWith(tail))
            return true;
    return false;
}

void makeLink(const QString &target, const QString &link)
{
    QVERIFY(QDir().mkpath(QFileInfo(link).absolutePath()));
    QVERIFY2(
        ::symlink(QFile::encodeName(target).constData(), QFile::encodeName(link).constData()) == 0,
        qPrintable(link));
}

// Removes a file by its raw name when the test ends: QTemporaryDir cannot (QString cannot hold
// bytes that are not UTF-8).
struct RawNameRemover
{
    QByteArray path;
    ~RawNameRemover() { ::unlink(path.constData()); }
};

// Writes a file whose name ends in bytes that are not UTF-8.
void writeBadName(const QString &folder, const QByteArray &name)
{
    QVERIFY(QDir().mkpath(folder));
    const QByteArray path = QFile::encodeName(folder) + '/' + name;
    const int fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    QVERIFY(fd >= 0);
    QCOMPARE(::write(fd, "bad", 3), ssize_t(3));
    ::close(fd);
}

// Runs script in a private mount namespace where '%1' (small) is a 4 MiB tmpfs holding the data
// root; returns its stdout lines.
ProcessResult onSmallDisk(const TempRoot &root, const QString &body)
{
    const QString small = root.file(QStringLiteral("small"));
    QDir().mkpath(small);
    const QString script =
        QStringLiteral("set -e; S='%1'; mount -t tmpfs -o size=4m tmpfs \"$S\"; "
                       "export HAWKMOTH_DATA_DIR=\"$S/data\"; B='%2'; "
                       "W=\"$HAWKMOTH_DATA_DIR/workspaces/default\"; "
                       "echo original | $B save doc.txt >/dev/null; "
                       "head -c 8192 /dev/zero > \"$S/spacer\"; "
                       "head -c 8000000 /dev/zero > \"$S/filler\" 2>/dev/null || true; ")
            .arg(small, hawkmothBinary()) +
        body;
    return runProgram(QStringLiteral("unshare"),
                      {QStringLiteral("-m"), QStringLiteral("sh"), QStringLiteral("-c"), script},
                      root.path(), root.environment());
}

} // namespace

class TestDefectsFiles : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // --- full disk: each operation completes and says so, or changes nothing -------------------

    void fullDiskRemoveIsAllOrNothing()
    {
        TempRoot root;
        auto r = onSmallDisk(root, QStringLiteral("if $B rm doc.txt >/dev/null 2>err; then echo "
                                                  "RC0; else echo RC1; fi; "
                                                  "rm -f \"$S/filler\" \"$S/spacer\"; "
                                                  "cat \"$W/doc.txt\" 2>/dev/null || echo GONE; "
                                                  "cat err"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        // The disk is full at the index step: rm must fail and leave the file.
        QVERIFY2(r.out.startsWith("RC1\noriginal\n"), r.out.constData());
        QVERIFY2(r.out.contains("nothing was deleted"), r.out.constData());
    }

    void fullDiskMoveIsAllOrNothing()
    {
        TempRoot root;
        auto r = onSmallDisk(root, QStringLiteral("if $B mv doc.txt moved.txt >/dev/null 2>err; "
                                                  "then echo RC0; else echo RC1; fi; "
                                                  "rm -f \"$S/filler\" \"$S/spacer\"; "
                                                  "grep -c 'nothing was moved' err || true; "
                                                  "ls \"$W\"; $B ls --recursive --json"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QList<QByteArray> lines = r.out.split('\n');
        QVERIFY2(lines.size() >= 4, r.out.constData());
        QCOMPARE(lines.at(0), QByteArray("RC1"));
        QCOMPARE(lines.at(1), QByteArray("1")); // failed at the commit: the undo path ran
        QCOMPARE(lines.at(2), QByteArray("doc.txt"));
        const QByteArray ls = lines.mid(3).join('\n');
        QVERIFY(!lsEntry(ls, QStringLiteral("doc.txt")).isEmpty());
        QVERIFY(lsEntry(ls, QStringLiteral("moved.txt")).isEmpty());
    }

    void fullDiskSaveFailingInIndexStepChangesNothing()
    {
        TempRoot root;
        // Freeing the spacer leaves room for the new content but hardly any for the index.
        auto r = onSmallDisk(root, QStringLiteral("rm -f \"$S/spacer\"; "
                                                  "if echo changed | $B save doc.txt >/dev/null "
                                                  "2>err; then echo RC0; else echo RC1; fi; "
                                                  "rm -f \"$S/filler\"; cat \"$W/doc.txt\"; "
                                                  "ls -A \"$W/.hawkmoth/tmp\" | wc -l; cat err"));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(r.out.startsWith("RC1\noriginal\n0\n"), r.out.constData());
    }

    // --- import ---------------------------------------------------------------------------------

    void importOfFolderHoldingWorkspaceRefused_data()
    {
        QTest::addColumn<QString>("which");
        QTest::newRow("data root") << QStringLiteral("data");
        QTest::newRow("its parent") << QString();
    }

    void importOfFolderHoldingWorkspaceRefused()
    {
        QFETCH(QString, which);
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        const QString source = which.isEmpty() ? root.path() : root.file(which);
        auto r = runHawkmoth(root, {QStringLiteral("import"), source});
        QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("holds HAWKMOTH's data"), qPrintable(r.describe()));
        QVERIFY(!QFileInfo::exists(workspaceDir(root) + QLatin1Char('/') +
                                   QFileInfo(source).fileName()));
    }

    void importSkipsGitAndHawkmothFoldersByName()
    {
        TempRoot root;
        writeFile(root.file(QStringLiteral("src/a.txt")), "a");
        writeFile(root.file(QStringLiteral("src/.git/config")), "[core]");
        writeFile(root.file(QStringLiteral("src/sub/.git/HEAD")), "ref");
        writeFile(root.file(QStringLiteral("src/sub/.hawkmoth/index.db")), "db");
        auto r = runHawkmoth(root, {QStringLiteral("import"), root.file(QStringLiteral("src")),
                                    QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QStringList skipped = skippedPaths(jsonOf(r));
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/.git")), r.out.constData());
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/sub/.git")), r.out.constData());
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/sub/.hawkmoth")), r.out.constData());
        QVERIFY(QFileInfo::exists(workspaceDir(root) + QStringLiteral("/src/a.txt")));
        QVERIFY(!QFileInfo::exists(workspaceDir(root) + QStringLiteral("/src/sub/.hawkmoth")));
        QVERIFY(!QFileInfo::exists(workspaceDir(root) + QStringLiteral("/src/sub/.git")));

        auto text = runHawkmoth(root, {QStringLiteral("import"), root.file(QStringLiteral("src")),
                                       QStringLiteral("--to"), QStringLiteral("again")});
        QVERIFY2(text.out.contains("skipped") && text.out.contains("src/sub/.git"),
                 qPrintable(text.describe()));
    }

    void importKeepsInsideLinksAndRefusesOutsideOnes()
    {
        TempRoot root;
        writeFile(root.file(QStringLiteral("src/a.txt")), "a");
        writeFile(root.file(QStringLiteral("src/sub/b.txt")), "b");
        writeFile(root.file(QStringLiteral("outside/secret.txt")), "secret");
        makeLink(QStringLiteral("a.txt"), root.file(QStringLiteral("src/in.txt")));
        makeLink(root.file(QStringLiteral("src/sub/b.txt")),
                 root.file(QStringLiteral("src/abs.txt")));
        makeLink(QStringLiteral("sub"), root.file(QStringLiteral("src/subdir")));
        makeLink(root.file(QStringLiteral("outside/secret.txt")),
                 root.file(QStringLiteral("src/out.txt")));
        makeLink(QStringLiteral("../outside"), root.file(QStringLiteral("src/outdir")));
        auto r = runHawkmoth(root, {QStringLiteral("import"), root.file(QStringLiteral("src")),
                                    QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QString ws = workspaceDir(root) + QStringLiteral("/src/");
        QCOMPARE(QFileInfo(ws + QStringLiteral("in.txt")).symLinkTarget(),
                 ws + QStringLiteral("a.txt"));
        QVERIFY(QFileInfo(ws + QStringLiteral("in.txt")).isSymLink());
        QVERIFY(QFileInfo(ws + QStringLiteral("abs.txt")).isSymLink());
        QCOMPARE(QFileInfo(ws + QStringLiteral("abs.txt")).canonicalFilePath(),
                 QFileInfo(ws + QStringLiteral("sub/b.txt")).canonicalFilePath());
        QVERIFY(QFileInfo(ws + QStringLiteral("subdir")).isSymLink());
        QVERIFY(!QFileInfo(ws + QStringLiteral("out.txt")).exists());
        QVERIFY(!QFileInfo(ws + QStringLiteral("out.txt")).isSymLink());
        QVERIFY(!QFileInfo(ws + QStringLiteral("outdir")).isSymLink());
        const QStringList skipped = skippedPaths(jsonOf(r));
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/out.txt")), r.out.constData());
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/outdir")), r.out.constData());
        const QByteArray ls =
            runHawkmoth(root, {QStringLiteral("ls"), QStringLiteral("--recursive"),
                               QStringLiteral("--json")})
                .out;
        QVERIFY(!ls.contains("secret"));
        QVERIFY(lsEntry(ls, QStringLiteral("src/out.txt")).isEmpty());
    }

    void importNamesEverythingItSkips()
    {
        TempRoot root;
        writeFile(root.file(QStringLiteral("src/ok.txt")), "ok");
        writeBadName(root.file(QStringLiteral("src")), QByteArray("bad\xff.txt"));
        const RawNameRemover remover{QFile::encodeName(root.file(QStringLiteral("src"))) +
                                     "/bad\xff.txt"};
        QVERIFY(::mkfifo(QFile::encodeName(root.file(QStringLiteral("src/pipe"))).constData(),
                         0600) == 0);
        auto r = runHawkmoth(root, {QStringLiteral("import"), root.file(QStringLiteral("src")),
                                    QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QStringList skipped = skippedPaths(jsonOf(r));
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/bad\\xff.txt")), r.out.constData());
        QVERIFY2(anyEndsWith(skipped, QStringLiteral("src/pipe")), r.out.constData());
    }

    // --- rescan ---------------------------------------------------------------------------------

    void rescanNamesEverythingItSkips()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("ok.txt")}, "ok"));
        const QString ws = workspaceDir(root);
        writeBadName(ws, QByteArray("bad\xff.txt"));
        const RawNameRemover remover{QFile::encodeName(ws) + "/bad\xff.txt"};
        QVERIFY(::mkfifo(QFile::encodeName(ws + QStringLiteral("/pipe")).constData(), 0600) == 0);
        makeLink(QStringLiteral("ok.txt"), ws + QStringLiteral("/alias.txt"));
        auto r = runHawkmoth(root, {QStringLiteral("rescan"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        const QStringList skipped = skippedPaths(jsonOf(r));
        QVERIFY2(skipped.contains(QStringLiteral("bad\\xff.txt")), r.out.constData());
        QVERIFY2(skipped.contains(QStringLiteral("pipe")), r.out.constData());
        QVERIFY2(skipped.contains(QStringLiteral("alias.txt")), r.out.constData());
        auto text = runHawkmoth(root, {QStringLiteral("rescan")});
        QVERIFY2(text.out.contains("bad\\xff.txt") && text.out.contains("pipe"),
                 qPrintable(text.describe()));
    }

    // A repository cloned inside the workspace (sub/.git) is git's to keep, not ours: its folder is
    // skipped by name, and the rest of the workspace is still committed.
    void nestedRepositoryIsSkippedAndDoesNotBlockCommits()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("ok.txt")}, "ok"));
        const QString ws = workspaceDir(root);
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/sub/.git")));
        writeFile(ws + QStringLiteral("/sub/.git/config"), "[core]\n");
        writeFile(ws + QStringLiteral("/sub/inner.txt"), "inner\n");
        auto r = runHawkmoth(root, {QStringLiteral("rescan"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QVERIFY2(skippedPaths(jsonOf(r)).contains(QStringLiteral("sub")), r.out.constData());
        auto synced = runHawkmoth(root, {QStringLiteral("sync")});
        QVERIFY2(synced.exitCode == 0, qPrintable(synced.describe()));
        // A later commit (staged from the index, not the whole tree) with a second repository.
        QVERIFY(QDir().mkpath(ws + QStringLiteral("/other/.git")));
        writeFile(ws + QStringLiteral("/other/x.txt"), "x\n");
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("two.txt")}, "2"));
        auto again = runHawkmoth(root, {QStringLiteral("sync")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.describe()));
        auto files =
            runProgram(QStringLiteral("git"), {QStringLiteral("ls-files")}, ws, root.environment());
        const QList<QByteArray> tracked = files.out.trimmed().split('\n');
        QVERIFY2(tracked.contains("ok.txt") && tracked.contains("two.txt"), files.out.constData());
        for (const QByteArray &path : tracked)
            QVERIFY2(!path.startsWith("sub/") && !path.startsWith("other/"), files.out.constData());
    }

    // --- reads of things that are not files -----------------------------------------------------

    void catOfFifoAndDeviceRefused()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("ok.txt")}, "ok"));
        const QString ws = workspaceDir(root);
        QVERIFY(::mkfifo(QFile::encodeName(ws + QStringLiteral("/pipe")).constData(), 0600) == 0);
        QVERIFY(::mknod(QFile::encodeName(ws + QStringLiteral("/zero")).constData(), S_IFCHR | 0600,
                        makedev(1, 5)) == 0);
        for (const QString &name : {QStringLiteral("pipe"), QStringLiteral("zero")}) {
            auto r = runHawkmoth(root, {QStringLiteral("cat"), name}, {}, 15000);
            QVERIFY2(!r.crashed && r.exitCode != 0 && r.out.size() < 4096,
                     qPrintable(r.describe()));
            QVERIFY2(r.err.contains("not a regular file"), qPrintable(r.describe()));
        }
    }

    // --- save: folder names and links -----------------------------------------------------------

    void saveOfFolderNameRefused()
    {
        TempRoot root;
        auto r = runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("dir/")}, "x");
        QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("folder"), qPrintable(r.describe()));
        QVERIFY(!QFileInfo::exists(workspaceDir(root) + QStringLiteral("/dir")));
    }

    void saveThroughLinkRefused()
    {
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("real.txt")}, "real"));
        const QString ws = workspaceDir(root);
        makeLink(QStringLiteral("real.txt"), ws + QStringLiteral("/link.txt"));
        auto r = runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("link.txt")}, "new");
        QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("symbolic link"), qPrintable(r.describe()));
        QVERIFY(QFileInfo(ws + QStringLiteral("/link.txt")).isSymLink());
        QCOMPARE(readFile(ws + QStringLiteral("/real.txt")), QByteArray("real"));
    }
};

QTEST_GUILESS_MAIN(TestDefectsFiles)
#include "tst_defects_files.moc"
