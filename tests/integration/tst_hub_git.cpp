// A workspace's code on the Hub: create-repo --hub makes a Space or model repository the git
// remote and pushes (also typed as "create repo on hub as NAME"); the official client sees the
// files; a push the Hub would refuse is stopped
// before anything is sent; a wrong token blocks the job after one refusal; open-from-hub on a
// clean data root restores code, history and large files; the git CLI clones the same commits.

#include "HubTestKit.h"

#include <QDir>
#include <QJsonArray>

using namespace hawkmoth::test;

namespace {

QJsonObject json(const ProcessResult &r)
{
    return QJsonDocument::fromJson(r.out).object();
}

// git with no configuration of the machine's user, never prompting.
ProcessResult git(const QStringList &args, const QString &dir = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("GIT_TERMINAL_PROMPT"), QStringLiteral("0"));
    env.insert(QStringLiteral("GIT_CONFIG_NOSYSTEM"), QStringLiteral("1"));
    env.insert(QStringLiteral("GIT_CONFIG_GLOBAL"), QStringLiteral("/dev/null"));
    return runProgram(QStringLiteral("git"), args, dir, env);
}

QByteArray commitsOf(const QString &repoDir)
{
    return git({QStringLiteral("-C"), repoDir, QStringLiteral("log"), QStringLiteral("--format=%H"),
                QStringLiteral("main")})
        .out;
}

} // namespace

class TestHubGit : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // The Hub's git URL with the token as the password, for the git CLI.
    QString cliUrl(const QString &path) const
    {
        return QStringLiteral("http://alice:%1@127.0.0.1:%2/%3")
            .arg(QLatin1String(HubServer::token))
            .arg(m_server.port())
            .arg(path);
    }
    QByteArray remoteHead(const QString &path) const
    {
        return git({QStringLiteral("ls-remote"), cliUrl(path), QStringLiteral("refs/heads/main")})
            .out.left(40);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }

    void createRepoOnHubForASpace()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("site")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("index.html")}, "<h1>hi</h1>\n"));
        writeFile(kit.root().file(QStringLiteral("hero.png")), randomBytes(200 * 1024, 4));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("hero.png"))}));
        auto made =
            kit.hm({QStringLiteral("create-repo"), QStringLiteral("--hub"),
                    QStringLiteral("--type"), QStringLiteral("space"), QStringLiteral("--json")});
        EXPECT_OK(made);
        const QString url = m_server.url() + QStringLiteral("/spaces/alice/site-code");
        QCOMPARE(json(made).value(QLatin1String("remote")).toString(), url);
        QCOMPARE(json(made).value(QLatin1String("private")).toBool(), true);
        // Recorded for open-from-hub; the token is nowhere on disk in the repository.
        const QString ws = kit.workspace(QStringLiteral("site"));
        QVERIFY(readFile(ws + QStringLiteral("/.hawkmoth/workspace.json")).contains(url.toUtf8()));
        QVERIFY(!readFile(ws + QStringLiteral("/.git/config")).contains(HubServer::token));
        QVERIFY(readFile(ws + QStringLiteral("/.git/config")).contains(url.toUtf8()));
        // The official client lists what HAWKMOTH pushed: the code, not the large file.
        auto listed = kit.js({QStringLiteral("--type"), QStringLiteral("space"),
                              QStringLiteral("list"), QStringLiteral("alice/site-code")});
        QVERIFY2(listed.exitCode == 0, qPrintable(listed.describe()));
        QVERIFY2(listed.out.contains("\"index.html\"") && listed.out.contains(".gitattributes") &&
                     listed.out.contains(".hawkmoth/manifest.json") &&
                     !listed.out.contains("hero.png"),
                 listed.out.constData());
        QCOMPARE(
            remoteHead(QStringLiteral("spaces/alice/site-code")),
            git({QStringLiteral("-C"), ws, QStringLiteral("rev-parse"), QStringLiteral("HEAD")})
                .out.left(40));
    }

    void officialClientCreatesTheModelHawkmothPushesTo()
    {
        HubKit kit(m_server);
        auto created = kit.js({QStringLiteral("--type"), QStringLiteral("model"),
                               QStringLiteral("create-repo"), QStringLiteral("alice/by-client")});
        QVERIFY2(created.exitCode == 0, qPrintable(created.describe()));
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("tool")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("train.py")}, "print('go')\n"));
        // The command language's form of create-repo --hub --name by-client.
        auto made = kit.hm({QStringLiteral("do"), QStringLiteral("create repo on hub as by-client"),
                            QStringLiteral("--json")});
        EXPECT_OK(made);
        QCOMPARE(json(made).value(QLatin1String("created")).toBool(true), false);
        QCOMPARE(json(made).value(QLatin1String("remote")).toString(),
                 m_server.url() + QStringLiteral("/alice/by-client"));
        auto listed = kit.js({QStringLiteral("--type"), QStringLiteral("model"),
                              QStringLiteral("list"), QStringLiteral("alice/by-client")});
        QVERIFY2(listed.out.contains("\"train.py\""), listed.out.constData());
    }

    void refusedPushNamesTheFileAndSendsNothing()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("pinned")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.py")}, "a = 1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("create-repo"), QStringLiteral("--hub")}));
        const QByteArray before = remoteHead(QStringLiteral("alice/pinned-code"));
        QCOMPARE(before.size(), 40);
        QByteArray binary = randomBytes(4096, 5);
        binary[7] = '\0';
        writeFile(kit.root().file(QStringLiteral("tool.dat")), binary);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("tool.dat"))}));
        EXPECT_OK(
            kit.hm({QStringLiteral("pin"), QStringLiteral("tool.dat"), QStringLiteral("git")}));
        m_server.resetStats();
        auto pushed = kit.hm({QStringLiteral("push")});
        QVERIFY2(pushed.exitCode != 0, qPrintable(pushed.describe()));
        QVERIFY2(pushed.err.contains("tool.dat (binary") && pushed.err.contains("pin PATH hub"),
                 qPrintable(pushed.describe()));
        QCOMPARE(m_server.countInLog(QStringLiteral("git-receive-pack")), 0);
        QCOMPARE(remoteHead(QStringLiteral("alice/pinned-code")), before);
    }

    void wrongTokenBlocksWithoutRetryStorm()
    {
        HubKit kit(m_server);
        // Automatic syncs are due at once, so that run-jobs runs the one a save queues.
        kit.setSettings(R"({"hubTimeoutSeconds": 3, "autoSyncDelaySeconds": 0})");
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("locked")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.py")}, "a = 1\n"));
        EXPECT_OK(kit.hm({QStringLiteral("create-repo"), QStringLiteral("--hub")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.py")}, "a = 2\n"));
        kit.env().insert(QStringLiteral("HF_TOKEN"), QStringLiteral("hf_wrong_token"));
        m_server.resetStats();
        auto pushed = kit.hm({QStringLiteral("push")});
        QVERIFY2(pushed.exitCode != 0, qPrintable(pushed.describe()));
        QVERIFY2(pushed.err.contains("hawkmoth login"), qPrintable(pushed.describe()));
        QVERIFY2(!pushed.err.contains("hf_wrong_token") && !pushed.out.contains("hf_wrong_token"),
                 qPrintable(pushed.describe()));
        // git's first request is refused (no credentials yet); whoami refuses the token once;
        // nothing is tried again.
        const int gitRefusals = m_server.countInLog(QStringLiteral("/alice/locked-code/"), 401);
        QVERIFY2(gitRefusals >= 1 && gitRefusals <= 2, qPrintable(QString::number(gitRefusals)));
        QCOMPARE(m_server.countInLog(QStringLiteral("/alice/locked-code/git-receive-pack")), 0);
        QCOMPARE(m_server.countInLog(QStringLiteral("/api/whoami-v2"), 401), 1);
        const QJsonArray jobs = json(kit.hm({QStringLiteral("jobs"), QStringLiteral("--json")}))
                                    .value(QLatin1String("jobs"))
                                    .toArray();
        bool blocked = false;
        for (const QJsonValue &j : jobs)
            blocked = blocked || j.toObject().value(QLatin1String("state")).toString() ==
                                     QLatin1String("blocked");
        QVERIFY2(blocked, QJsonDocument(jobs).toJson().constData());
        // A blocked job waits for the user, and so do automatic syncs after a save: they commit
        // but do not ask the Hub again.
        const int before = m_server.countInLog(QStringLiteral("/"), 401);
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.py")}, "a = 3\n"));
        auto automatic = kit.hm({QStringLiteral("run-jobs")});
        QVERIFY2(automatic.out.contains("the Hub refused the token") ||
                     automatic.err.contains("the Hub refused the token"),
                 qPrintable(automatic.describe()));
        QCOMPARE(m_server.countInLog(QStringLiteral("/"), 401), before);
        QCOMPARE(m_server.countInLog(QStringLiteral("/api/whoami-v2")), 1);
    }

    void openFromHubRestoresCodeHistoryAndLargeFiles()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("travel")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print(1)\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print(2)\n"));
        const QByteArray model = randomBytes(3 * 1024 * 1024 + 5, 6);
        writeFile(kit.root().file(QStringLiteral("model.bin")), model);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("model.bin")),
                          QStringLiteral("--to"), QStringLiteral("models")}));
        EXPECT_OK(kit.hm({QStringLiteral("create-repo"), QStringLiteral("--hub")}));
        const QString ws = kit.workspace(QStringLiteral("travel"));
        const QByteArray history = commitsOf(ws);
        QVERIFY(history.count('\n') >= 3);

        HubKit other(m_server);
        EXPECT_OK(
            other.hm({QStringLiteral("open-from-hub"), QStringLiteral("alice/hawkmoth-travel")}));
        const QString restored = other.workspace(QStringLiteral("travel"));
        QCOMPARE(readFile(restored + QStringLiteral("/main.py")), QByteArray("print(2)\n"));
        QCOMPARE(readFile(restored + QStringLiteral("/models/model.bin")), model);
        QCOMPARE(commitsOf(restored), history);
        QVERIFY(!readFile(restored + QStringLiteral("/.git/config")).contains(HubServer::token));

        // The git CLI, with the token, clones the same commits.
        QTemporaryDir dir;
        auto cloned = git({QStringLiteral("clone"), QStringLiteral("-q"),
                           cliUrl(QStringLiteral("alice/travel-code")), dir.path() + "/c"});
        QVERIFY2(cloned.exitCode == 0, qPrintable(cloned.describe()));
        QCOMPARE(commitsOf(dir.path() + "/c"), history);
        QCOMPARE(readFile(dir.path() + "/c/main.py"), QByteArray("print(2)\n"));
        QVERIFY(!QFile::exists(dir.path() + "/c/models/model.bin"));
    }
};

QTEST_GUILESS_MAIN(TestHubGit)
#include "tst_hub_git.moc"
