// The git layer against real remotes: git http-backend behind lighttpd with basic auth, and a local
// path. Pushes, pulls (fast-forward, merge, conflict), clones, wrong credentials, and kill -9.

#include "GitHttpServer.h"
#include "GitTestKit.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QThread>

#include <csignal>

using namespace hawkmoth::test;

namespace {

// A second developer working with the git CLI in their own clone.
class OtherClone
{
public:
    OtherClone(GitKit &kit, const QString &url)
        : m_kit(kit)
        , m_dir(kit.root().file(QStringLiteral("bob")))
    {
        m_ok = runProgram(QStringLiteral("git"),
                          {QStringLiteral("clone"), QStringLiteral("-q"), url, m_dir}, {}, env())
                   .exitCode == 0;
    }
    bool ok() const { return m_ok; }
    const QString &dir() const { return m_dir; }
    QProcessEnvironment env() const
    {
        QProcessEnvironment e = m_kit.env();
        e.insert(QStringLiteral("GIT_AUTHOR_NAME"), QStringLiteral("Bob"));
        e.insert(QStringLiteral("GIT_AUTHOR_EMAIL"), QStringLiteral("bob@example.org"));
        e.insert(QStringLiteral("GIT_COMMITTER_NAME"), QStringLiteral("Bob"));
        e.insert(QStringLiteral("GIT_COMMITTER_EMAIL"), QStringLiteral("bob@example.org"));
        return e;
    }
    ProcessResult git(const QStringList &args) const
    {
        return runProgram(QStringLiteral("git"), QStringList{QStringLiteral("-C"), m_dir} + args,
                          {}, env());
    }
    bool commitAndPush(const QString &file, const QByteArray &content, const QString &message)
    {
        if (git({QStringLiteral("pull"), QStringLiteral("-q"), QStringLiteral("--no-rebase")})
                .exitCode != 0)
            return false;
        writeFile(m_dir + QLatin1Char('/') + file, content);
        return git({QStringLiteral("add"), QStringLiteral("-A")}).exitCode == 0 &&
               git({QStringLiteral("commit"), QStringLiteral("-qm"), message}).exitCode == 0 &&
               git({QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
                    QStringLiteral("main")})
                       .exitCode == 0;
    }

private:
    GitKit &m_kit;
    QString m_dir;
    bool m_ok = false;
};

QJsonObject fileEntry(const GitKit &kit, const QString &path)
{
    return lsEntry(
        kit.hm({QStringLiteral("ls"), QStringLiteral("--recursive"), QStringLiteral("--json")}).out,
        path);
}

// Whether a sync job of the workspace is running, claimed or updated at or after sinceMs. Read from
// its queue directly (read-only): the CLI's status cannot tell this run from an earlier killed one.
bool syncJobRunningSince(const QString &ws, qint64 sinceMs)
{
    const QString name = QStringLiteral("job-probe");
    bool running = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(ws + QStringLiteral("/.hawkmoth/index.db"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=2000"));
        if (db.open()) {
            QSqlQuery q(db);
            q.prepare(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = 'sync' AND "
                                     "state = 'running' AND updated_ms >= ?"));
            q.addBindValue(sinceMs);
            running = q.exec() && q.next() && q.value(0).toInt() > 0;
        }
    }
    QSqlDatabase::removeDatabase(name);
    return running;
}

} // namespace

class TestGitRemote : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<GitHttpServer> m_server;

    // A kit whose environment carries the server's credentials, with a workspace pushed to repo.
    void authenticate(GitKit &kit) const
    {
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_USERNAME"),
                         QLatin1String(GitHttpServer::user));
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_TOKEN"),
                         QLatin1String(GitHttpServer::password));
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<GitHttpServer>();
        QVERIFY2(m_server->isRunning(), qPrintable(m_server->error()));
    }

    void pushPullCloneOverHttp()
    {
        QVERIFY(m_server->createRepository(QStringLiteral("shared.git")));
        GitKit kit;
        authenticate(kit);
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("README.md")}, "# shared\n"));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("src/app.py")}, "print('app')\n"));
        writeFile(kit.root().file(QStringLiteral("weights.bin")), randomBytes(400 * 1024));
        EXPECT_OK(
            kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("weights.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.tmp")}, "scratch"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          m_server->url(QStringLiteral("shared.git"))}));
        auto pushed = kit.hm({QStringLiteral("push")});
        EXPECT_OK(pushed);
        QVERIFY2(pushed.out.contains("pushed to"), pushed.out.constData());
        QVERIFY(kit.fsckClean(m_server->repositoryPath(QStringLiteral("shared.git"))));
        // A fresh clone of the remote holds exactly the git-layer files and the policy.
        const QString check = kit.root().file(QStringLiteral("check"));
        EXPECT_OK(runProgram(QStringLiteral("git"),
                             {QStringLiteral("clone"), QStringLiteral("-q"),
                              m_server->urlWithCredentials(QStringLiteral("shared.git")), check},
                             {}, kit.env()));
        QCOMPARE(kit.trackedFiles(check),
                 (QStringList{QStringLiteral(".hawkmoth/policy.json"), QStringLiteral("README.md"),
                              QStringLiteral("src/app.py")}));
        QVERIFY(!QFile::exists(check + QStringLiteral("/weights.bin")));
        QVERIFY(!readFile(ws + QStringLiteral("/.git/config"))
                     .contains(GitHttpServer::password)); // no secret stored

        // Someone else pushes with the git CLI; pull fast-forwards.
        OtherClone bob(kit, m_server->urlWithCredentials(QStringLiteral("shared.git")));
        QVERIFY(bob.ok());
        QVERIFY(bob.commitAndPush(QStringLiteral("src/app.py"), "print('bob')\n",
                                  QStringLiteral("bob's change")));
        auto pulled = kit.hm({QStringLiteral("pull")});
        EXPECT_OK(pulled);
        QVERIFY2(pulled.out.contains("fast-forwarded"), pulled.out.constData());
        QCOMPARE(readFile(ws + QStringLiteral("/src/app.py")), QByteArray("print('bob')\n"));
        QCOMPARE(
            fileEntry(kit, QStringLiteral("src/app.py")).value(QLatin1String("state")).toString(),
            QStringLiteral("synced"));
        QCOMPARE(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                              QStringLiteral("--format=%an")})
                     .out.trimmed(),
                 QByteArray("Bob"));

        // The project moves to another machine: clone-project on an empty data root.
        GitKit other(QStringLiteral("Carol"), QStringLiteral("carol@example.org"));
        authenticate(other);
        auto cloned =
            other.hm({QStringLiteral("clone-project"), m_server->url(QStringLiteral("shared.git")),
                      QStringLiteral("moved")});
        EXPECT_OK(cloned);
        const QString movedWs = other.workspace(QStringLiteral("moved"));
        QCOMPARE(readFile(movedWs + QStringLiteral("/src/app.py")), QByteArray("print('bob')\n"));
        QVERIFY(other.hm({QStringLiteral("current")}).out.contains("moved"));
        auto status = QJsonDocument::fromJson(
                          other.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                          .object();
        QCOMPARE(
            status.value(QLatin1String("git")).toObject().value(QLatin1String("behind")).toInt(),
            0);
        QVERIFY(other.fsckClean(movedWs));
    }

    void divergedHistoriesMerge()
    {
        QVERIFY(m_server->createRepository(QStringLiteral("merge.git")));
        GitKit kit;
        authenticate(kit);
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a\n"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          m_server->url(QStringLiteral("merge.git"))}));
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        OtherClone bob(kit, m_server->urlWithCredentials(QStringLiteral("merge.git")));
        QVERIFY(bob.commitAndPush(QStringLiteral("b.txt"), "bob\n", QStringLiteral("bob adds b")));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("c.txt")}, "mine\n"));
        auto rejected = kit.hm({QStringLiteral("sync")});
        QCOMPARE(rejected.exitCode, 1); // the push is refused, never forced
        QVERIFY2(rejected.err.contains("pull"), rejected.err.constData());
        QCOMPARE(kit.commitCount(ws), 2); // the local commit is intact
        EXPECT_OK(kit.hm({QStringLiteral("pull")}));
        QCOMPARE(readFile(ws + QStringLiteral("/b.txt")), QByteArray("bob\n"));
        QCOMPARE(readFile(ws + QStringLiteral("/c.txt")), QByteArray("mine\n"));
        const QStringList parents =
            QString::fromUtf8(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                                           QStringLiteral("--format=%P")})
                                  .out)
                .split(QLatin1Char(' '), Qt::SkipEmptyParts);
        QCOMPARE(parents.size(), 2); // a merge commit
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        QVERIFY(kit.fsckClean(m_server->repositoryPath(QStringLiteral("merge.git"))));
        QVERIFY(
            bob.git({QStringLiteral("pull"), QStringLiteral("-q"), QStringLiteral("--no-rebase")})
                .exitCode == 0);
        QCOMPARE(readFile(bob.dir() + QStringLiteral("/c.txt")), QByteArray("mine\n"));
    }

    void conflictKeepsBothVersions()
    {
        QVERIFY(m_server->createRepository(QStringLiteral("conflict.git")));
        GitKit kit;
        authenticate(kit);
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("plan.md")}, "line one\n"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          m_server->url(QStringLiteral("conflict.git"))}));
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        OtherClone bob(kit, m_server->urlWithCredentials(QStringLiteral("conflict.git")));
        QVERIFY(bob.commitAndPush(QStringLiteral("plan.md"), "bob's line\n",
                                  QStringLiteral("bob edits the plan")));
        QVERIFY(bob.commitAndPush(QStringLiteral("other.md"), "unrelated\n",
                                  QStringLiteral("bob adds other")));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("plan.md")}, "my line\n"));
        auto pulled = kit.hm({QStringLiteral("pull")});
        EXPECT_OK(pulled);
        QVERIFY2(pulled.out.contains("changed on both sides"), pulled.out.constData());
        QCOMPARE(readFile(ws + QStringLiteral("/plan.md")),
                 QByteArray("my line\n")); // nothing overwritten
        QCOMPARE(readFile(ws + QStringLiteral("/other.md")),
                 QByteArray("unrelated\n")); // the rest arrived
        const QStringList copies = QDir(ws).entryList({QStringLiteral("plan.remote-*.md")});
        QCOMPARE(copies.size(), 1);
        QCOMPARE(readFile(ws + QLatin1Char('/') + copies.first()), QByteArray("bob's line\n"));
        QCOMPARE(fileEntry(kit, QStringLiteral("plan.md")).value(QLatin1String("state")).toString(),
                 QStringLiteral("conflict"));
        QCOMPARE(fileEntry(kit, copies.first()).value(QLatin1String("layer")).toString(),
                 QStringLiteral("session"));
        // Unresolved: sync commits no merge.
        const int before = kit.commitCount(ws);
        auto waiting = kit.hm({QStringLiteral("sync")});
        QVERIFY2(waiting.out.contains("conflicting"), waiting.out.constData());
        QCOMPARE(kit.commitCount(ws), before);
        // Resolved by editing: the merge commit records both histories.
        EXPECT_OK(
            kit.hm({QStringLiteral("save"), QStringLiteral("plan.md")}, "my line\nbob's line\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(QString::fromUtf8(kit.git(ws, {QStringLiteral("log"), QStringLiteral("-1"),
                                                QStringLiteral("--format=%P")})
                                       .out)
                     .split(QLatin1Char(' '), Qt::SkipEmptyParts)
                     .size(),
                 2);
        QVERIFY(!kit.trackedFiles(ws).contains(copies.first()));
        QVERIFY(
            bob.git({QStringLiteral("pull"), QStringLiteral("-q"), QStringLiteral("--no-rebase")})
                .exitCode == 0);
        QCOMPARE(readFile(bob.dir() + QStringLiteral("/plan.md")),
                 QByteArray("my line\nbob's line\n"));
        QVERIFY(kit.fsckClean(ws));
    }

    void wrongCredentialsAreOneClearError()
    {
        // Its own server, so that its access log holds only this test's requests.
        GitHttpServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        QVERIFY(server.createRepository(QStringLiteral("auth.git")));
        GitKit kit;
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_USERNAME"),
                         QLatin1String(GitHttpServer::user));
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_TOKEN"), QStringLiteral("wrong-token"));
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          server.url(QStringLiteral("auth.git"))}));
        auto refused = kit.hm({QStringLiteral("push")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("authentication failed"), refused.err.constData());
        QVERIFY(!refused.err.contains("wrong-token"));
        // Asked once (plus the anonymous probe), not in a loop. lighttpd writes its access log in
        // buffered batches: once a request made after the push (a 404 outside /git) is logged,
        // every line of the push is too.
        QString marker = server.url(QStringLiteral("marker.git"));
        marker.replace(QStringLiteral("/git/"), QStringLiteral("/"));
        (void)runProgram(QStringLiteral("git"), {QStringLiteral("ls-remote"), marker});
        QTRY_VERIFY_WITH_TIMEOUT(server.countResponses(404) >= 1, 15000);
        const int refusals = server.countResponses(401);
        QVERIFY2(refusals >= 1 && refusals <= 3, qPrintable(QString::number(refusals)));
        QCOMPARE(kit.commitCount(ws), 1); // the local commit is intact
        auto status = QJsonDocument::fromJson(
                          kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                          .object();
        QCOMPARE(
            status.value(QLatin1String("jobs")).toObject().value(QLatin1String("blocked")).toInt(),
            1);
        // Fixed credentials: the next push delivers what waited.
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_TOKEN"),
                         QLatin1String(GitHttpServer::password));
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        QCOMPARE(
            kit.git(server.repositoryPath(QStringLiteral("auth.git")),
                    {QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("main")})
                .out.trimmed(),
            QByteArray("1"));
    }

    void keychainCredentials()
    {
        // A real secret service (gnome-keyring in a private D-Bus session): the token stored by
        // git-login is what the push uses; nothing is in the environment.
        QVERIFY(m_server->createRepository(QStringLiteral("keychain.git")));
        GitKit kit;
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("k.txt")}, "k"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          m_server->url(QStringLiteral("keychain.git"))}));
        const QString script =
            QStringLiteral("printf pw | gnome-keyring-daemon --unlock --components=secrets "
                           ">/dev/null || exit 3; "
                           "printf '%1' | '%2' git-login '%3' --username %4 || exit 4; '%2' push")
                .arg(QLatin1String(GitHttpServer::password), hawkmothBinary(),
                     m_server->url(QStringLiteral("keychain.git")),
                     QLatin1String(GitHttpServer::user));
        auto r =
            runProgram(QStringLiteral("dbus-run-session"),
                       {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script},
                       {}, kit.env());
        // A precondition, not an option: scripts/setup.sh --tests installs both packages for CI.
        QVERIFY2(
            r.exitCode != 3 &&
                !QStandardPaths::findExecutable(QStringLiteral("dbus-run-session")).isEmpty(),
            qPrintable(QStringLiteral("no secret service: gnome-keyring-daemon must start in a "
                                      "private D-Bus session (dbus-run-session); install the "
                                      "packages gnome-keyring and dbus-daemon.\n") +
                       r.describe()));
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
        QCOMPARE(
            kit.git(m_server->repositoryPath(QStringLiteral("keychain.git")),
                    {QStringLiteral("rev-list"), QStringLiteral("--count"), QStringLiteral("main")})
                .out.trimmed(),
            QByteArray("1"));
        // Outside that session there is no keychain: one clear error, no plain-text fallback.
        auto none = kit.hm(
            {QStringLiteral("git-login"), m_server->url(QStringLiteral("keychain.git"))}, "token");
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("no system keychain"), none.err.constData());
        QVERIFY(
            !readFile(kit.root().dataRoot() + QStringLiteral("/settings.json")).contains("token"));
    }

    void localPathRemote()
    {
        GitKit kit;
        const QString bare = kit.root().file(QStringLiteral("bare.git"));
        EXPECT_OK(runProgram(QStringLiteral("git"), {QStringLiteral("init"), QStringLiteral("-q"),
                                                     QStringLiteral("--bare"), bare}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("x.md")}, "x"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"), bare}));
        EXPECT_OK(kit.hm({QStringLiteral("push")}));
        QVERIFY(kit.fsckClean(bare));
        GitKit other;
        EXPECT_OK(other.hm({QStringLiteral("clone-project"), bare}));
        QCOMPARE(readFile(other.workspace(QStringLiteral("bare")) + QStringLiteral("/x.md")),
                 QByteArray("x"));
    }

    void killDuringSyncLosesNothing()
    {
        QVERIFY(m_server->createRepository(QStringLiteral("kill.git")));
        GitKit kit;
        authenticate(kit);
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          m_server->url(QStringLiteral("kill.git"))}));
        int round = 0;
        // Killed at several points after the sync job started: its rescan, commit and push.
        for (int delayMs : {0, 100, 300, 700}) {
            ++round;
            for (int i = 0; i < 1500; ++i)
                writeFile(ws + QStringLiteral("/r%1/f%2.txt").arg(round).arg(i),
                          randomBytes(2048, quint32(round * 10000 + i)).toHex());
            const qint64 startedMs = QDateTime::currentMSecsSinceEpoch();
            QProcess sync;
            sync.setProcessEnvironment(kit.env());
            sync.start(hawkmothBinary(), {QStringLiteral("sync")});
            QVERIFY(sync.waitForStarted());
            bool running = false;
            for (int i = 0; i < 4000 && !running && sync.state() == QProcess::Running; ++i) {
                QThread::msleep(5);
                running = syncJobRunningSince(ws, startedMs);
            }
            QVERIFY2(running, qPrintable(QStringLiteral("round %1: the sync job never started "
                                                        "running")
                                             .arg(round)));
            QThread::msleep(quint64(delayMs));
            // Never kill(0, …): an exited process has no id, and 0 is our process group.
            QVERIFY2(
                sync.processId() > 0,
                qPrintable(
                    QStringLiteral("round %1: the sync had finished before the kill").arg(round)));
            ::kill(pid_t(sync.processId()), SIGKILL);
            sync.waitForFinished();
            // The kill landed mid-sync: the process had not exited and its job was left running.
            QVERIFY2(
                sync.exitStatus() == QProcess::CrashExit,
                qPrintable(
                    QStringLiteral("round %1: the sync had finished before the kill").arg(round)));
            QVERIFY2(
                syncJobRunningSince(ws, startedMs),
                qPrintable(
                    QStringLiteral("round %1: the sync job had ended before the kill").arg(round)));
            QVERIFY(kit.fsckClean(ws));
        }
        auto finished = kit.hm({QStringLiteral("sync")}, {}, 300000);
        EXPECT_OK(finished);
        QVERIFY(kit.fsckClean(ws));
        QCOMPARE(kit.trackedFiles(ws).size(), 4 * 1500 + 1); // every file, plus the policy
        QCOMPARE(kit.git(ws, {QStringLiteral("status"), QStringLiteral("--porcelain")}).out,
                 QByteArray());
        QVERIFY(kit.fsckClean(m_server->repositoryPath(QStringLiteral("kill.git"))));
        QCOMPARE(kit.git(m_server->repositoryPath(QStringLiteral("kill.git")),
                         {QStringLiteral("rev-parse"), QStringLiteral("main")})
                     .out,
                 kit.git(ws, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).out);
    }
};

QTEST_GUILESS_MAIN(TestGitRemote)
#include "tst_git_remote.moc"
