// How the answers that are not blips are told apart, end to end: a Hub that refuses the token's
// right (403) or keeps failing (500), and a git server that accepts the credentials but forbids
// the push (403). Each is classified by its status, not by its text: a 403 blocks the job with its
// own message and is asked once, a 5xx is retried and blocks nothing.

#include "GitHttpServer.h"
#include "GitTestKit.h"
#include "HubTestKit.h"

#include <QJsonDocument>

using namespace hawkmoth::test;

class TestHubErrors : public QObject
{
    Q_OBJECT

    HubServer m_server;

    static int jobs(const HubKit &kit, const char *state)
    {
        return kit.status()
            .value(QLatin1String("jobs"))
            .toObject()
            .value(QLatin1String(state))
            .toInt();
    }

    void prepare(HubKit &kit, const QString &name)
    {
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), name}));
        writeFile(kit.root().file(QStringLiteral("large.bin")), randomBytes(300 * 1024, 41));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("large.bin"))}));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }
    void cleanup() { m_server.clearFaults(); }

    void hubForbiddenBlocksAndIsAskedOnce()
    {
        HubKit kit(m_server);
        prepare(kit, QStringLiteral("forbidden"));
        m_server.fault(R"({"path": "/commit/main$", "kind": "status", "status": 403})");
        m_server.resetStats();
        auto refused = kit.hm({QStringLiteral("sync")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("HTTP 403") && refused.err.contains("write token"),
                 refused.err.constData());
        QCOMPARE(m_server.countInLog(QStringLiteral("/commit/main"), 403), 1); // never retried
        QCOMPARE(jobs(kit, "blocked"), 1);
    }

    void hubServerErrorIsRetried()
    {
        HubKit kit(m_server);
        prepare(kit, QStringLiteral("failing"));
        m_server.fault(
            R"({"path": "/commit/main$", "kind": "status", "status": 500, "count": 10})");
        m_server.resetStats();
        auto failed = kit.hm({QStringLiteral("sync")});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains("HTTP 500"), failed.err.constData());
        // Retried (in place, then by the queue), never taken for a refusal.
        QVERIFY(m_server.countInLog(QStringLiteral("/commit/main"), 500) >= 3);
        QCOMPARE(jobs(kit, "blocked"), 0); // a server failure waits for a retry, it blocks nothing
    }

    void gitForbiddenPushIsItsOwnError()
    {
        GitHttpServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        QVERIFY(server.createRepository(QStringLiteral("readonly.git")));
        // git http-backend answers 403 to a push the repository does not allow.
        QCOMPARE(
            runProgram(QStringLiteral("git"),
                       {QStringLiteral("-C"), server.repositoryPath(QStringLiteral("readonly.git")),
                        QStringLiteral("config"), QStringLiteral("http.receivepack"),
                        QStringLiteral("false")})
                .exitCode,
            0);
        GitKit kit;
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_USERNAME"),
                         QLatin1String(GitHttpServer::user));
        kit.env().insert(QStringLiteral("HAWKMOTH_GIT_TOKEN"),
                         QLatin1String(GitHttpServer::password));
        const QString ws = kit.workspace();
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("a.txt")}, "a"));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          server.url(QStringLiteral("readonly.git"))}));
        auto refused = kit.hm({QStringLiteral("push")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("refused access (HTTP 403)"), refused.err.constData());
        QVERIFY2(!refused.err.contains("authentication failed"), refused.err.constData());
        QCOMPARE(kit.commitCount(ws), 1); // the local commit is intact
    }
};

QTEST_GUILESS_MAIN(TestHubErrors)
#include "tst_hub_errors.moc"
