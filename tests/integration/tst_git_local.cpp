// The git layer on one machine, checked with the git CLI: repository per workspace on main, what is
// and is not committed, commit messages and authors, no empty commits, history, show and restore.

#include "GitTestKit.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace hawkmoth::test;

class TestGitLocal : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void workspaceIsRepositoryOnMain()
    {
        GitKit kit;
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("p"),
                          QStringLiteral("--template"), QStringLiteral("web")}));
        const QString ws = kit.workspace(QStringLiteral("p"));
        QCOMPARE(
            kit.git(ws, {QStringLiteral("symbolic-ref"), QStringLiteral("HEAD")}).out.trimmed(),
            QByteArray("refs/heads/main"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QVERIFY(kit.fsckClean(ws));
        QCOMPARE(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                              QStringLiteral("--format=%an <%ae>|%s")})
                     .out.trimmed(),
                 QByteArray("Ada Lovelace <ada@example.org>|5 files: +5"));
        QCOMPARE(kit.trackedFiles(ws),
                 (QStringList{QStringLiteral(".hawkmoth/policy.json"), QStringLiteral("README.md"),
                              QStringLiteral("app.js"), QStringLiteral("index.html"),
                              QStringLiteral("style.css")}));
        // The CLI agrees there is nothing left to commit (the index was written).
        QCOMPARE(kit.git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        auto ls =
            QJsonDocument::fromJson(kit.hm({QStringLiteral("ls"), QStringLiteral("--json")}).out)
                .object();
        for (const QJsonValue &v : ls.value(QLatin1String("files")).toArray())
            QCOMPARE(v.toObject().value(QLatin1String("state")).toString(),
                     QStringLiteral("synced"));
    }

    void onlyGitLayerFilesAreCommitted()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("src/main.py")}, "print(1)\n"));
        writeFile(kit.root().file(QStringLiteral("big.bin")), randomBytes(300 * 1024));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("big.bin")),
                          QStringLiteral("--to"), QStringLiteral("data")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("draft.tmp")}, "scratch"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("scratch/idea.md")}, "idea"));
        writeFile(kit.root().file(QStringLiteral("table.csv")), QByteArray(150 * 1024, 'c'));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("table.csv"))}));
        EXPECT_OK(
            kit.hm({QStringLiteral("pin"), QStringLiteral("table.csv"), QStringLiteral("git")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.trackedFiles(ws),
                 (QStringList{QStringLiteral(".hawkmoth/policy.json"),
                              QStringLiteral("src/main.py"), QStringLiteral("table.csv")}));
        // A committed file pinned to the hub leaves git (history keeps it), the file stays on disk.
        EXPECT_OK(
            kit.hm({QStringLiteral("pin"), QStringLiteral("src/main.py"), QStringLiteral("hub")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.trackedFiles(ws), (QStringList{QStringLiteral(".hawkmoth/policy.json"),
                                                    QStringLiteral("table.csv")}));
        QVERIFY(QFile::exists(ws + QStringLiteral("/src/main.py")));
        // No hub or session file ever reached any commit.
        const QByteArray everything =
            kit.git(ws, {QStringLiteral("log"), QStringLiteral("--all"),
                         QStringLiteral("--name-only"), QStringLiteral("--format=")})
                .out;
        for (const char *never : {"data/big.bin", "draft.tmp", "scratch/idea.md", "index.db"})
            QVERIFY2(!everything.contains(never), never);
        QVERIFY(kit.fsckClean(ws));
    }

    void changesAreSummarisedAndNeverEmpty()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("b.txt")}, "b"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("c.txt")}, "c"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const int commits = kit.commitCount(ws);
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(
            kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a")); // same bytes again
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.commitCount(ws), commits); // never an empty commit

        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a2"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("d.txt")}, "d"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("e.txt")}, "e"));
        EXPECT_OK(kit.hm({QStringLiteral("rm"), QStringLiteral("b.txt")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                              QStringLiteral("--format=%s")})
                     .out.trimmed(),
                 QByteArray("4 files: +2 ~1 -1"));
        // A rename made behind HAWKMOTH's back, a mode change and CRLF line endings, all kept.
        QVERIFY(QFile::rename(ws + QStringLiteral("/c.txt"), ws + QStringLiteral("/renamed.txt")));
        EXPECT_OK(
            kit.hm({QStringLiteral("save"), QStringLiteral("run.sh")}, "#!/bin/sh\r\necho hi\r\n"));
        QVERIFY(QFile::setPermissions(ws + QStringLiteral("/run.sh"),
                                      QFile::permissions(ws + QStringLiteral("/run.sh")) |
                                          QFile::ExeOwner));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QVERIFY(kit.trackedFiles(ws).contains(QStringLiteral("renamed.txt")));
        QVERIFY(!kit.trackedFiles(ws).contains(QStringLiteral("c.txt")));
        QVERIFY(kit.git(ws, {QStringLiteral("ls-tree"), QStringLiteral("HEAD"),
                             QStringLiteral("run.sh")})
                    .out.startsWith("100755"));
        QCOMPARE(kit.git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:run.sh")}).out,
                 QByteArray("#!/bin/sh\r\necho hi\r\n"));
        QVERIFY(kit.fsckClean(ws));
    }

    void userGitignoreIsRespected()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral(".gitignore")}, "build/\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("build/out.txt")}, "generated"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("src.txt")}, "source"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.trackedFiles(ws),
                 (QStringList{QStringLiteral(".gitignore"), QStringLiteral(".hawkmoth/policy.json"),
                              QStringLiteral("src.txt")}));
        QCOMPARE(readFile(ws + QStringLiteral("/.gitignore")), QByteArray("build/\n"));
        auto ls = QJsonDocument::fromJson(kit.hm({QStringLiteral("ls"), QStringLiteral("build"),
                                                  QStringLiteral("--json")})
                                              .out)
                      .object();
        QCOMPARE(ls.value(QLatin1String("files"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QLatin1String("state"))
                     .toString(),
                 QStringLiteral("local"));
    }

    void ignoreRulesOutsideTheWorkspaceAreRespected()
    {
        // Without a .gitignore in the workspace, staging skips libgit2's ignore checks only when
        // the user has no rules elsewhere: a global excludes file and their own lines in
        // .git/info/exclude still keep files out, on the first commit as on later ones.
        GitKit kit;
        const QString ws = kit.workspace();
        const QString global = kit.root().file(QStringLiteral("global-ignore"));
        writeFile(global, "generated/\n");
        QFile config(kit.root().file(QStringLiteral("home/.gitconfig")));
        QVERIFY(config.open(QIODevice::Append));
        config.write(QStringLiteral("[core]\n\texcludesFile = %1\n").arg(global).toUtf8());
        config.close();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("src/a.py")}, "a"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("generated/out.txt")}, "noise"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.trackedFiles(ws), (QStringList{QStringLiteral(".hawkmoth/policy.json"),
                                                    QStringLiteral("src/a.py")}));
        QFile exclude(ws + QStringLiteral("/.git/info/exclude"));
        QVERIFY(exclude.open(QIODevice::Append));
        exclude.write("/notes/\n");
        exclude.close();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes/todo.md")}, "t"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("src/b.py")}, "b"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.trackedFiles(ws),
                 (QStringList{QStringLiteral(".hawkmoth/policy.json"), QStringLiteral("src/a.py"),
                              QStringLiteral("src/b.py")}));
        QVERIFY(readFile(ws + QStringLiteral("/.git/info/exclude")).contains("/notes/\n"));
    }

    void commitAfterGitLostItsIndex()
    {
        // Git's index deleted behind HAWKMOTH's back: the next commit stages every git-layer file
        // again, the synced ones too, so that none is committed as deleted.
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("dir/b.txt")}, "b"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QVERIFY(QFile::remove(ws + QStringLiteral("/.git/index")));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("c.txt")}, "c"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.trackedFiles(ws),
                 (QStringList{QStringLiteral(".hawkmoth/policy.json"), QStringLiteral("a.txt"),
                              QStringLiteral("c.txt"), QStringLiteral("dir/b.txt")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                              QStringLiteral("--format=%s")})
                     .out.trimmed(),
                 QByteArray("1 file: +1"));
        QVERIFY(kit.fsckClean(ws));
    }

    void historyShowRestore()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "version 1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "version 2\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("other.md")}, "x"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("other.md")}, "y"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        auto log =
            QJsonDocument::fromJson(kit.hm({QStringLiteral("history"), QStringLiteral("notes.md"),
                                            QStringLiteral("--json")})
                                        .out)
                .array();
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0).toObject().value(QLatin1String("author")).toString(),
                 QStringLiteral("Ada Lovelace"));
        QCOMPARE(QJsonDocument::fromJson(
                     kit.hm({QStringLiteral("history"), QStringLiteral("--json")}).out)
                     .array()
                     .size(),
                 3);
        const QString first = log.at(1).toObject().value(QLatin1String("commit")).toString();
        QCOMPARE(kit.hm({QStringLiteral("show"), QStringLiteral("notes.md@") + first}).out,
                 QByteArray("version 1\n"));
        QCOMPARE(kit.hm({QStringLiteral("show"), QStringLiteral("notes.md@HEAD")}).out,
                 QByteArray("version 2\n"));
        auto missing = kit.hm({QStringLiteral("show"), QStringLiteral("nope.md@HEAD")});
        QCOMPARE(missing.exitCode, 1);
        QCOMPARE(kit.hm({QStringLiteral("show"), QStringLiteral("notes.md")}).exitCode,
                 1); // no @REV

        const QString before = QString::fromUtf8(
            kit.git(ws, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).out.trimmed());
        EXPECT_OK(kit.hm({QStringLiteral("restore"), QStringLiteral("notes.md"), first}));
        QCOMPARE(readFile(ws + QStringLiteral("/notes.md")), QByteArray("version 1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        // A new commit on top: history is never rewritten.
        QCOMPARE(
            QString::fromUtf8(
                kit.git(ws, {QStringLiteral("rev-parse"), QStringLiteral("HEAD~1")}).out.trimmed()),
            before);
        QCOMPARE(kit.commitCount(ws), 4);
        auto status = QJsonDocument::fromJson(
                          kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                          .object();
        const QJsonObject git = status.value(QLatin1String("git")).toObject();
        QCOMPARE(git.value(QLatin1String("branch")).toString(), QStringLiteral("main"));
        QCOMPARE(git.value(QLatin1String("uncommitted")).toInt(), 0);
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("new.md")}, "n"));
        status = QJsonDocument::fromJson(
                     kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                     .object();
        QCOMPARE(status.value(QLatin1String("git"))
                     .toObject()
                     .value(QLatin1String("uncommitted"))
                     .toInt(),
                 1);
        QVERIFY(kit.hm({QStringLiteral("do"), QStringLiteral("history of notes.md")})
                    .out.contains("Ada Lovelace"));
    }

    void stagedBlobsAreWhatTheGitCliWouldStage()
    {
        // Each file's blob in HEAD is what `git hash-object --path` makes of it (the same
        // filters), and the index's stat data leaves `git status` clean: without attributes the
        // bytes go in as they are, with them or with core.autocrlf they are converted.
        GitKit kit;
        const QString ws = kit.workspace();
        auto agrees = [&](const QStringList &paths) {
            for (const QString &path : paths) {
                const QByteArray want = kit.git(ws, {QStringLiteral("hash-object"),
                                                     QStringLiteral("--path=") + path, path})
                                            .out.trimmed();
                const QByteArray have =
                    kit.git(ws, {QStringLiteral("rev-parse"), QStringLiteral("HEAD:") + path})
                        .out.trimmed();
                if (want.isEmpty() || want != have) {
                    qWarning("%s: HEAD has %s, git would store %s", qPrintable(path),
                             have.constData(), want.constData());
                    return false;
                }
            }
            return kit.git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")})
                .out.isEmpty();
        };
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("lf.txt")}, "one\ntwo\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("crlf.txt")}, "x\r\ny\r\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("crlf.txt")}, "x\r\ny\r\nz\r\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("tool.sh")}, "echo\r\n"));
        QVERIFY(QFile::setPermissions(ws + QStringLiteral("/tool.sh"),
                                      QFile::permissions(ws + QStringLiteral("/tool.sh")) |
                                          QFile::ExeOwner));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:crlf.txt")}).out,
                 QByteArray("x\r\ny\r\nz\r\n"));
        QVERIFY(kit.git(ws, {QStringLiteral("ls-tree"), QStringLiteral("HEAD"),
                             QStringLiteral("tool.sh")})
                    .out.startsWith("100755"));
        QVERIFY(agrees(
            {QStringLiteral("lf.txt"), QStringLiteral("crlf.txt"), QStringLiteral("tool.sh")}));

        // Attributes that normalise line endings, in a folder of their own.
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("docs/.gitattributes")},
                         "*.txt text eol=lf\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("docs/note.txt")}, "a\r\nb\r\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:docs/note.txt")}).out,
                 QByteArray("a\nb\n"));
        QVERIFY(agrees({QStringLiteral("docs/note.txt"), QStringLiteral("docs/.gitattributes")}));

        // core.autocrlf, with no attribute at all.
        EXPECT_OK(kit.hm({QStringLiteral("rm"), QStringLiteral("docs/.gitattributes")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("config"), QStringLiteral("core.autocrlf"),
                              QStringLiteral("input")})
                     .exitCode,
                 0);
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("lf.txt")}, "one\r\ntwo\r\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:lf.txt")}).out,
                 QByteArray("one\ntwo\n"));
        QVERIFY(agrees({QStringLiteral("lf.txt")}));
        QVERIFY(kit.fsckClean(ws));
    }

    void summaryCountsWhatTheCliStaged()
    {
        // The message describes the whole commit, also a change staged with the git CLI that
        // HAWKMOTH did not make (then the index no longer holds HEAD's tree).
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "one\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        writeFile(ws + QStringLiteral("/a.txt"), "two\n");
        QCOMPARE(kit.git(ws, {QStringLiteral("add"), QStringLiteral("a.txt")}).exitCode, 0);
        writeFile(ws + QStringLiteral("/a.txt"), "one\n"); // the disk is as HAWKMOTH left it
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("b.txt")}, "b\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                              QStringLiteral("--format=%s")})
                     .out.trimmed(),
                 QByteArray("2 files: +1 ~1"));
        QCOMPARE(
            kit.git(ws, {QStringLiteral("diff-tree"), QStringLiteral("--name-status"),
                         QStringLiteral("-r"), QStringLiteral("HEAD~1"), QStringLiteral("HEAD")})
                .out,
            QByteArray("M\ta.txt\nA\tb.txt\n"));
    }

    void authorFallsBackToSettings()
    {
        TempRoot root; // no .gitconfig at all
        const QString ws = root.dataRoot() + QStringLiteral("/workspaces/default");
        auto lastAuthor = [&] {
            return runProgram(QStringLiteral("git"),
                              {QStringLiteral("-C"), ws, QStringLiteral("log"),
                               QStringLiteral("-1"), QStringLiteral("--format=%an/%ae")},
                              {}, root.environment())
                .out.trimmed();
        };
        // Neither git's configuration nor the settings name anyone: the recognisable default.
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("sync")}));
        QCOMPARE(lastAuthor(), QByteArray("HAWKMOTH user/hawkmoth@localhost"));
        // The settings name the author: the next commit carries exactly that name and address.
        const QString settingsFile = root.dataRoot() + QStringLiteral("/settings.json");
        QJsonObject settings = QJsonDocument::fromJson(readFile(settingsFile)).object();
        settings.insert(QStringLiteral("gitAuthorName"), QStringLiteral("Grace Hopper"));
        settings.insert(QStringLiteral("gitAuthorEmail"), QStringLiteral("grace@example.org"));
        writeFile(settingsFile, QJsonDocument(settings).toJson());
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("b.txt")}, "b"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("sync")}));
        QCOMPARE(lastAuthor(), QByteArray("Grace Hopper/grace@example.org"));
        // Git's own configuration, where there is one, comes first: the settings are a fallback.
        EXPECT_OK(runProgram(QStringLiteral("git"),
                             {QStringLiteral("-C"), ws, QStringLiteral("config"),
                              QStringLiteral("user.name"), QStringLiteral("Ada Lovelace")},
                             {}, root.environment()));
        EXPECT_OK(runProgram(QStringLiteral("git"),
                             {QStringLiteral("-C"), ws, QStringLiteral("config"),
                              QStringLiteral("user.email"), QStringLiteral("ada@example.org")},
                             {}, root.environment()));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("save"), QStringLiteral("c.txt")}, "c"));
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("sync")}));
        QCOMPARE(lastAuthor(), QByteArray("Ada Lovelace/ada@example.org"));
    }
};

QTEST_GUILESS_MAIN(TestGitLocal)
#include "tst_git_local.moc"
