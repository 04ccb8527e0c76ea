// "storage status" counts the git layer's uncommitted files from HAWKMOTH's own index, after the
// rescan it runs first, instead of asking libgit2 to walk the working tree again. The git CLI is
// the judge: the count is what `git status --porcelain` lists, whoever changed the files.

#include "GitTestKit.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

using namespace hawkmoth::test;

class TestGitStatus : public QObject
{
    Q_OBJECT

    // The git section of `hawkmoth status --json`.
    static QJsonObject gitStatus(const GitKit &kit)
    {
        const ProcessResult r = kit.hm({QStringLiteral("status"), QStringLiteral("--json")});
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.describe()));
        return QJsonDocument::fromJson(r.out).object().value(QLatin1String("git")).toObject();
    }
    static int uncommitted(const GitKit &kit)
    {
        return gitStatus(kit).value(QLatin1String("uncommitted")).toInt(-2);
    }
    // What git itself lists as changed or untracked.
    static QStringList porcelain(const GitKit &kit, const QString &ws)
    {
        return kit.lines(kit.git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}));
    }
    static QString state(const GitKit &kit, const QString &path)
    {
        const ProcessResult ls =
            kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")});
        return lsEntry(ls.out, path).value(QLatin1String("state")).toString();
    }

private Q_SLOTS:
    // Edits, additions and deletions made by other programs are counted without a rescan asked
    // for: status runs one.
    void changesByOtherProgramsAreCounted()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        for (const char *name : {"a.md", "b.md", "docs/c.md"})
            EXPECT_OK(kit.hm({QStringLiteral("save"), QString::fromLatin1(name)}, name));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(porcelain(kit, ws), QStringList());
        QCOMPARE(uncommitted(kit), 0);

        writeFile(ws + QStringLiteral("/a.md"), "edited by another program\n");
        QCOMPARE(uncommitted(kit), 1);
        writeFile(ws + QStringLiteral("/docs/new.md"), "added by another program\n");
        QCOMPARE(uncommitted(kit), 2);
        QVERIFY(QFile::remove(ws + QStringLiteral("/b.md")));
        QCOMPARE(uncommitted(kit), 3);
        QCOMPARE(porcelain(kit, ws).size(), 3);
        const QJsonObject git = gitStatus(kit);
        QCOMPARE(git.value(QLatin1String("branch")).toString(), QStringLiteral("main"));

        // Deleting a whole folder counts each tracked file in it.
        QVERIFY(QDir(ws + QStringLiteral("/docs")).removeRecursively());
        QCOMPARE(uncommitted(kit), 3); // c.md deleted; new.md was never committed
        QCOMPARE(porcelain(kit, ws).size(), 3);

        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(porcelain(kit, ws), QStringList());
        QCOMPARE(uncommitted(kit), 0);
    }

    // A file committed by the git CLI stays pending in HAWKMOTH's index until its next sync, but
    // status reports what git would: nothing to commit. That sync settles it without an empty
    // commit. An edit undone by hand is not a change either.
    void commitsByTheGitCliAreNotCountedTwice()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "v1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const int commits = kit.commitCount(ws);

        writeFile(ws + QStringLiteral("/notes.md"), "v2 from an editor\n");
        writeFile(ws + QStringLiteral("/extra.md"), "from a script\n");
        QCOMPARE(uncommitted(kit), 2);
        QCOMPARE(state(kit, QStringLiteral("notes.md")), QStringLiteral("pending"));
        QCOMPARE(kit.git(ws, {QStringLiteral("add"), QStringLiteral("-A")}).exitCode, 0);
        QCOMPARE(kit.git(ws, {QStringLiteral("commit"), QStringLiteral("-qm"),
                              QStringLiteral("by hand")})
                     .exitCode,
                 0);
        QCOMPARE(porcelain(kit, ws), QStringList());
        QCOMPARE(uncommitted(kit), 0);
        QCOMPARE(state(kit, QStringLiteral("notes.md")), QStringLiteral("pending"));

        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.commitCount(ws), commits + 1); // the git CLI's commit, no empty one after it
        QCOMPARE(state(kit, QStringLiteral("notes.md")), QStringLiteral("synced"));
        QCOMPARE(uncommitted(kit), 0);

        // Staged by the git CLI but not committed: still a change against HEAD.
        writeFile(ws + QStringLiteral("/notes.md"), "v3\n");
        QCOMPARE(kit.git(ws, {QStringLiteral("add"), QStringLiteral("notes.md")}).exitCode, 0);
        QCOMPARE(uncommitted(kit), 1);
        // Put back as committed: no change, although the file was written again.
        writeFile(ws + QStringLiteral("/notes.md"), "v2 from an editor\n");
        QCOMPARE(porcelain(kit, ws).size(), 1); // git's index still holds v3: staged, not committed
        QCOMPARE(kit.git(ws, {QStringLiteral("add"), QStringLiteral("notes.md")}).exitCode, 0);
        QCOMPARE(porcelain(kit, ws), QStringList());
        QCOMPARE(uncommitted(kit), 0);
    }

    // Files the user's .gitignore keeps out are not uncommitted, as git does not list them; the
    // .gitignore itself is.
    void ignoredFilesAreNotCounted()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("keep.md")}, "keep"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        writeFile(ws + QStringLiteral("/.gitignore"), "out/\n");
        writeFile(ws + QStringLiteral("/out/report.md"), "generated\n");
        QCOMPARE(porcelain(kit, ws), QStringList{QStringLiteral("?? .gitignore")});
        QCOMPARE(uncommitted(kit), 1);
    }

    // Without any commit yet, what the first sync commits is uncommitted.
    void unbornBranchCountsWhatTheFirstCommitHolds()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("ls")})); // makes the default workspace
        QCOMPARE(kit.git(ws, {QStringLiteral("init"), QStringLiteral("-q")}).exitCode, 0);
        writeFile(ws + QStringLiteral("/one.md"), "1");
        writeFile(ws + QStringLiteral("/two/three.md"), "3");
        const QJsonObject git = gitStatus(kit);
        QVERIFY(git.value(QLatin1String("repository")).toBool());
        QCOMPARE(git.value(QLatin1String("head")).toString(), QString());
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QVERIFY(kit.trackedFiles(ws).contains(QStringLiteral("two/three.md")));
        QCOMPARE(git.value(QLatin1String("uncommitted")).toInt(), kit.trackedFiles(ws).size());
        QCOMPARE(uncommitted(kit), 0);
    }
};

QTEST_GUILESS_MAIN(TestGitStatus)
#include "tst_git_status.moc"
