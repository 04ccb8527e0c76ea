// Regressions of the git layer found by hostile use: imports racing a sync, policy changes that
// arrive by hand or by a pull, an unreadable file, and the small misleading answers around them.

#include "GitTestKit.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <atomic>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

using namespace hawkmoth::test;

namespace {

QJsonObject jsonOf(const ProcessResult &r)
{
    return QJsonDocument::fromJson(r.out).object();
}

} // namespace

class TestDefectsGit : public QObject
{
    Q_OBJECT

    static constexpr QByteArrayView everythingToSession =
        R"({"version": 1, "rules": [{"layer": "session"}]})";

    // Alice's workspace with notes.md committed and pushed to the bare remote at bare.
    static void shareNotes(const GitKit &alice, const QString &bare)
    {
        EXPECT_OK(runProgram(QStringLiteral("git"),
                             {QStringLiteral("init"), QStringLiteral("--bare"), bare}));
        EXPECT_OK(alice.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "v1\n"));
        EXPECT_OK(alice.hm({QStringLiteral("remote"), QStringLiteral("set"), bare}));
        EXPECT_OK(alice.hm({QStringLiteral("sync")}));
    }
    // Alice edits her policy by hand to send everything to the session layer, and syncs it.
    static void sendEverythingToSession(const GitKit &alice)
    {
        writeFile(alice.workspace() + QStringLiteral("/.hawkmoth/policy.json"),
                  everythingToSession.toByteArray());
        EXPECT_OK(alice.hm({QStringLiteral("sync")}));
    }
    static QByteArray committedNotes(const QString &bare)
    {
        return runProgram(QStringLiteral("git"),
                          {QStringLiteral("--git-dir"), bare, QStringLiteral("show"),
                           QStringLiteral("main:notes.md")})
            .out;
    }

private Q_SLOTS:
    // Defect 2: a file published while a sync stages must not be marked "ignored by .gitignore".
    void importsDuringSyncsAllReachGit()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("seed.txt")}, "seed\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        std::atomic<bool> done{false};
        std::thread syncer([&] {
            for (int i = 0; i < 400 && !done; ++i)
                (void)kit.hm({QStringLiteral("sync")});
        });
        constexpr int folders = 24;
        constexpr int perFolder = 5;
        for (int f = 0; f < folders; ++f) {
            const QString src = kit.root().file(QStringLiteral("src%1").arg(f));
            for (int i = 0; i < perFolder; ++i)
                writeFile(src + QStringLiteral("/f%1.txt").arg(i),
                          QStringLiteral("folder %1 file %2\n").arg(f).arg(i).toUtf8());
            EXPECT_OK(kit.hm({QStringLiteral("import"), src}));
        }
        done = true;
        syncer.join();
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const QStringList tracked = kit.lines(kit.git(ws, {QStringLiteral("ls-files")}));
        const QByteArray ls =
            kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")})
                .out;
        for (int f = 0; f < folders; ++f) {
            for (int i = 0; i < perFolder; ++i) {
                const QString path = QStringLiteral("src%1/f%2.txt").arg(f).arg(i);
                const QJsonObject entry = lsEntry(ls, path);
                QVERIFY2(tracked.contains(path), qPrintable(path + QStringLiteral(" not in git")));
                QCOMPARE(entry.value(QLatin1String("state")).toString(), QStringLiteral("synced"));
            }
        }
    }

    // Defect 7: an unreadable file is skipped and named; the others are committed.
    void unreadableFileIsSkippedAndNamed()
    {
        GitKit kit;
        // Root reads anything: the hawkmoth process runs as nobody, on a data root nobody owns.
        QVERIFY(QFile::setPermissions(kit.root().path(), QFile::permissions(kit.root().path()) |
                                                             QFile::ExeOther | QFile::ReadOther));
        QDir().mkpath(kit.root().dataRoot());
        QDir().mkpath(kit.root().cacheRoot());
        EXPECT_OK(runProgram(QStringLiteral("chown"),
                             {QStringLiteral("-R"), QStringLiteral("nobody"), kit.root().path()}));
        auto asNobody = [&](const QStringList &args, const QByteArray &input = {}) {
            return runProgram(QStringLiteral("setpriv"),
                              QStringList{QStringLiteral("--reuid=nobody"),
                                          QStringLiteral("--regid=nogroup"),
                                          QStringLiteral("--clear-groups"), hawkmothBinary()} +
                                  args,
                              kit.root().path(), kit.env(), input);
        };
        EXPECT_OK(asNobody({QStringLiteral("save"), QStringLiteral("a.txt")}, "a\n"));
        EXPECT_OK(asNobody({QStringLiteral("sync")}));
        EXPECT_OK(asNobody({QStringLiteral("save"), QStringLiteral("secret.txt")}, "s\n"));
        EXPECT_OK(asNobody({QStringLiteral("save"), QStringLiteral("b.txt")}, "b\n"));
        const QString ws = kit.workspace();
        QVERIFY(QFile::setPermissions(ws + QStringLiteral("/secret.txt"), {}));
        const ProcessResult sync = asNobody({QStringLiteral("sync")});
        QVERIFY2(sync.out.contains("secret.txt"), qPrintable(sync.describe()));
        QVERIFY2(!QByteArray(sync.out + sync.err).contains("is locked"),
                 qPrintable(sync.describe()));
        const ProcessResult json = asNobody({QStringLiteral("sync"), QStringLiteral("--json")});
        QVERIFY2(json.out.contains("secret.txt"), qPrintable(json.describe()));
        const QStringList tracked =
            kit.lines(kit.git(ws, {QStringLiteral("-c"), QStringLiteral("safe.directory=*"),
                                   QStringLiteral("ls-files")}));
        QVERIFY2(tracked.contains(QStringLiteral("b.txt")), qPrintable(tracked.join(' ')));
        QVERIFY(!tracked.contains(QStringLiteral("secret.txt")));
        const ProcessResult status = asNobody({QStringLiteral("status")});
        QVERIFY2(status.out.contains("secret.txt"), qPrintable(status.describe()));
        const ProcessResult statusJson =
            asNobody({QStringLiteral("status"), QStringLiteral("--json")});
        QVERIFY2(statusJson.out.contains("secret.txt"), qPrintable(statusJson.describe()));
        // Readable again: the next sync commits it.
        QVERIFY(QFile::setPermissions(ws + QStringLiteral("/secret.txt"),
                                      QFile::ReadOwner | QFile::WriteOwner));
        EXPECT_OK(asNobody({QStringLiteral("sync")}));
        QVERIFY(kit.lines(kit.git(ws, {QStringLiteral("-c"), QStringLiteral("safe.directory=*"),
                                       QStringLiteral("ls-files")}))
                    .contains(QStringLiteral("secret.txt")));
    }

    void historyLimitMustBePositive()
    {
        GitKit kit;
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        for (const char *bad : {"0", "-1", "abc", ""}) {
            const ProcessResult r = kit.hm(
                {QStringLiteral("history"), QStringLiteral("--limit"), QString::fromLatin1(bad)});
            QVERIFY2(r.exitCode == 2, qPrintable(r.describe()));
            QVERIFY(!r.out.contains("no commits yet"));
        }
        EXPECT_OK(
            kit.hm({QStringLiteral("history"), QStringLiteral("--limit"), QStringLiteral("1")}));
    }

    void syncWithNothingToPushSaysSo()
    {
        GitKit kit;
        const QString bare = kit.root().file(QStringLiteral("remote.git"));
        EXPECT_OK(runProgram(QStringLiteral("git"),
                             {QStringLiteral("init"), QStringLiteral("--bare"), bare}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a\n"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"), bare}));
        const ProcessResult first = kit.hm({QStringLiteral("sync")});
        QVERIFY2(first.out.contains("pushed"), qPrintable(first.describe()));
        const ProcessResult second = kit.hm({QStringLiteral("sync")});
        EXPECT_OK(second);
        QVERIFY2(!second.out.contains("pushed to"), qPrintable(second.describe()));
        QVERIFY2(second.out.contains("nothing to push"), qPrintable(second.describe()));
    }

    void invalidPolicyIsNamed_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("array") << QByteArray("[]") << QByteArray("JSON object");
        QTest::newRow("rules not a list") << QByteArray(R"({"rules": 5})") << QByteArray("rules");
        QTest::newRow("future version")
            << QByteArray(R"({"version": 7, "rules": []})") << QByteArray("version");
        QTest::newRow("unknown layer")
            << QByteArray(R"({"rules": [{"match": "*", "layer": "cloud"}]})")
            << QByteArray("cloud");
        QTest::newRow("rule not an object")
            << QByteArray(R"({"rules": [3]})") << QByteArray("rule 1");
        QTest::newRow("retention")
            << QByteArray(R"({"sessionRetentionDays": -3})") << QByteArray("sessionRetentionDays");
        QTest::newRow("pins") << QByteArray(R"({"pins": []})") << QByteArray("pins");
        QTest::newRow("pin layer")
            << QByteArray(R"({"pins": {"a.txt": "s3"}})") << QByteArray("'s3'");
    }
    void invalidPolicyIsNamed()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, expected);
        GitKit kit;
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a\n"));
        writeFile(kit.workspace() + QStringLiteral("/.hawkmoth/policy.json"), content);
        const ProcessResult r = kit.hm({QStringLiteral("rescan")});
        QVERIFY2(r.exitCode != 0, qPrintable(r.describe()));
        QVERIFY2(r.err.contains("policy.json"), qPrintable(r.describe()));
        QVERIFY2(r.err.contains(expected), qPrintable(r.describe()));
        QVERIFY2(!r.err.contains("no error occurred"), qPrintable(r.describe()));
    }

    // Defect 5: a hand-edited policy is committed and re-evaluated, and a rule nobody wrote here
    // through HAWKMOTH never takes a git file out of git.
    void handEditedPolicyIsCommittedAndKeepsGitFiles()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "v1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("draft.tmp")}, "tmp\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QVERIFY(kit.trackedFiles(ws).contains(QStringLiteral("notes.md")));
        // Everything to the session layer, except that *.tmp files now belong to git.
        const QByteArray edited =
            R"({"version": 1, "rules": [{"match": "*.tmp", "layer": "git"}, {"layer": "session"}]})";
        writeFile(ws + QStringLiteral("/.hawkmoth/policy.json"), edited);
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        // Committed, and re-evaluated without any further edit: draft.tmp moved to git.
        QCOMPARE(
            kit.git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:.hawkmoth/policy.json")}).out,
            edited);
        QCOMPARE(kit.git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        const QJsonObject tmp = lsEntry(
            kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")})
                .out,
            QStringLiteral("draft.tmp"));
        QCOMPARE(tmp.value(QLatin1String("layer")).toString(), QStringLiteral("git"));
        // The next edit of the git file keeps it in git, and its content is committed.
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "v2\n"));
        const QJsonObject notes = lsEntry(
            kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")})
                .out,
            QStringLiteral("notes.md"));
        QCOMPARE(notes.value(QLatin1String("layer")).toString(), QStringLiteral("git"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.git(ws, {QStringLiteral("show"), QStringLiteral("HEAD:notes.md")}).out,
                 QByteArray("v2\n"));
        EXPECT_OK(kit.hm({QStringLiteral("cleanup")}));
        QCOMPARE(readFile(ws + QStringLiteral("/notes.md")), QByteArray("v2\n"));
        // A new file follows the new rule: nothing committed it before.
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("fresh.md")}, "new\n"));
        QCOMPARE(lsEntry(kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"),
                                 QStringLiteral("--json")})
                             .out,
                         QStringLiteral("fresh.md"))
                     .value(QLatin1String("layer"))
                     .toString(),
                 QStringLiteral("session"));
    }

    // Defect 5: the same rule arriving by a pull from a collaborator.
    void pulledPolicyKeepsGitFiles()
    {
        GitKit alice;
        const QString bare = alice.root().file(QStringLiteral("shared.git"));
        shareNotes(alice, bare);
        GitKit bob(QStringLiteral("Bob"), QStringLiteral("bob@example.org"));
        EXPECT_OK(bob.hm({QStringLiteral("clone-project"), bare}));
        const QString bobWs = bob.workspace(QStringLiteral("shared"));
        QVERIFY(QFile::exists(bobWs + QStringLiteral("/notes.md")));

        sendEverythingToSession(alice);
        EXPECT_OK(bob.hm({QStringLiteral("pull")}));
        QCOMPARE(readFile(bobWs + QStringLiteral("/.hawkmoth/policy.json")),
                 everythingToSession.toByteArray());

        EXPECT_OK(bob.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "bob's edit\n"));
        EXPECT_OK(bob.hm({QStringLiteral("sync")}));
        EXPECT_OK(bob.hm({QStringLiteral("sync")}));
        EXPECT_OK(bob.hm({QStringLiteral("cleanup")}));
        QCOMPARE(readFile(bobWs + QStringLiteral("/notes.md")), QByteArray("bob's edit\n"));
        QCOMPARE(committedNotes(bare), QByteArray("bob's edit\n"));
    }

    // Defect 5: a clone made under such a policy keeps the tracked files in git.
    void cloneUnderForeignPolicyKeepsTrackedFiles()
    {
        GitKit alice;
        const QString bare = alice.root().file(QStringLiteral("shared.git"));
        shareNotes(alice, bare);
        sendEverythingToSession(alice);
        GitKit bob(QStringLiteral("Bob"), QStringLiteral("bob@example.org"));
        EXPECT_OK(bob.hm({QStringLiteral("clone-project"), bare}));
        EXPECT_OK(bob.hm({QStringLiteral("sync")}));
        EXPECT_OK(bob.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "bob's edit\n"));
        EXPECT_OK(bob.hm({QStringLiteral("sync")}));
        QCOMPARE(committedNotes(bare), QByteArray("bob's edit\n"));
    }

    // Defect 5: cleanup keeps a session file whose content is in no commit unless told to go on.
    void cleanupAsksBeforeDeletingUncommittedContent()
    {
        GitKit kit;
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("plan.md")}, "v1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("x.tmp")}, "scratch\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        // The user asks: the file leaves git; then it is edited.
        EXPECT_OK(
            kit.hm({QStringLiteral("pin"), QStringLiteral("plan.md"), QStringLiteral("session")}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(
            kit.hm({QStringLiteral("save"), QStringLiteral("plan.md")}, "v2, in no commit\n"));
        const ProcessResult refused = kit.hm({QStringLiteral("cleanup")});
        EXPECT_OK(refused);
        QVERIFY2(refused.out.contains("plan.md") && refused.out.contains("--force"),
                 qPrintable(refused.describe()));
        QVERIFY(QFile::exists(ws + QStringLiteral("/plan.md")));
        QVERIFY(!QFile::exists(ws + QStringLiteral("/x.tmp"))); // plain scratch still goes
        const QJsonObject json =
            jsonOf(kit.hm({QStringLiteral("cleanup"), QStringLiteral("--json")}));
        QVERIFY(json.value(QLatin1String("kept")).toArray().contains(QStringLiteral("plan.md")));
        EXPECT_OK(kit.hm({QStringLiteral("cleanup"), QStringLiteral("--force")}));
        QVERIFY(!QFile::exists(ws + QStringLiteral("/plan.md")));
    }
};

QTEST_GUILESS_MAIN(TestDefectsGit)
#include "tst_defects_git.moc"
