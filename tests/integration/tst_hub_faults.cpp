// The hub layer when things go wrong, each fault injected by the test Hub: 5xx, malformed JSON,
// dropped and stalled connections, 429 with Retry-After, a stale parent commit, a revoked token,
// the Hub going away and coming back, and a kill -9 in mid-upload. Downloads that go wrong are in
// tst_hub_downloads.

#include "HubTestKit.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QThread>

#include <csignal>

using namespace hawkmoth::test;

class TestHubFaults : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // A workspace with one large binary file and one code file, synced once.
    void prepare(HubKit &kit, const QString &name, const QByteArray &large)
    {
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), name}));
        writeFile(kit.root().file(QStringLiteral("large.bin")), large);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("large.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print('v1')\n"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }
    void cleanup() { m_server.clearFaults(); }

    void transientFailuresAreRetried()
    {
        HubKit kit(m_server);
        const QByteArray large = randomBytes(700 * 1024, 11);
        prepare(kit, QStringLiteral("flaky"), large);
        m_server.fault(R"([{"path": "/commit/main$", "kind": "status", "status": 503, "count": 2},
                           {"path": "/preupload/", "kind": "malformed"},
                           {"path": "^/__lfs/upload/", "kind": "drop", "afterBytes": 65536}])");
        m_server.resetStats();
        auto synced = kit.hm({QStringLiteral("sync")});
        EXPECT_OK(synced);
        // Each failure was met by one more attempt, and nothing more.
        QCOMPARE(statuses(m_server.requests(QStringLiteral("/commit/main$"))),
                 (QList<int>{503, 503, 200}));
        QCOMPARE(statuses(m_server.requests(QStringLiteral("/preupload/"))),
                 (QList<int>{200, 200}));
        QCOMPARE(statuses(m_server.requests(QStringLiteral("^/__lfs/upload/"))),
                 (QList<int>{0, 200}));
        EXPECT_OK(
            kit.js({QStringLiteral("download"), QStringLiteral("alice/hawkmoth-flaky"),
                    QStringLiteral("large.bin"), kit.root().file(QStringLiteral("check.bin"))}));
        QCOMPARE(readFile(kit.root().file(QStringLiteral("check.bin"))), large);
    }

    void stalledReplyTimesOutAndIsRetried()
    {
        HubKit kit(m_server); // hubTimeoutSeconds = 3
        prepare(kit, QStringLiteral("stall"), randomBytes(200 * 1024, 12));
        m_server.fault(R"({"path": "/commit/main$", "kind": "stall"})");
        m_server.resetStats();
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const QJsonArray commits = m_server.requests(QStringLiteral("/commit/main$"));
        QCOMPARE(statuses(commits), (QList<int>{0, 200}));
        // The stalled request was given up by HAWKMOTH after the configured 3 s without progress.
        const int stalledMs = commits.at(0).toObject().value(QLatin1String("ms")).toInt();
        QVERIFY2(stalledMs >= 2500 && stalledMs < 20000, qPrintable(QString::number(stalledMs)));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(1));
    }

    void rateLimitHonoursRetryAfter()
    {
        HubKit kit(m_server);
        prepare(kit, QStringLiteral("limited"), randomBytes(200 * 1024, 14));
        m_server.fault(
            R"({"path": "/preupload/", "kind": "status", "status": 429, "retryAfter": 2})");
        m_server.resetStats();
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const QJsonArray asked = m_server.requests(QStringLiteral("/preupload/"));
        QCOMPARE(statuses(asked), (QList<int>{429, 200}));
        const qint64 gap = qint64(asked.at(1).toObject().value(QLatin1String("t")).toDouble() -
                                  asked.at(0).toObject().value(QLatin1String("t")).toDouble());
        QVERIFY2(gap >= 1900, qPrintable(QString::number(gap))); // waited as long as the Hub asked

        // A long Retry-After is not waited out by the command: the job is held that long, and even
        // an explicit sync leaves it alone meanwhile.
        writeFile(kit.workspace(QStringLiteral("limited")) + QStringLiteral("/large.bin"),
                  randomBytes(200 * 1024, 15));
        m_server.fault(
            R"({"path": "/preupload/", "kind": "status", "status": 429, "retryAfter": 300})");
        m_server.resetStats();
        auto held = kit.hm({QStringLiteral("sync")});
        QCOMPARE(held.exitCode, 1);
        QVERIFY2(held.err.contains("rate-limited"), held.err.constData());
        QCOMPARE(m_server.requests(QStringLiteral("/preupload/")).size(), 1);
        m_server.resetStats();
        QCOMPARE(kit.hm({QStringLiteral("sync")}).exitCode, 1);
        QCOMPARE(m_server.requests(QStringLiteral("^/(api|datasets|__lfs)/")).size(), 0);
        const QJsonObject status =
            QJsonDocument::fromJson(
                kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                .object();
        QCOMPARE(status.value(QLatin1String("hub"))
                     .toObject()
                     .value(QLatin1String("pendingUploads"))
                     .toInt(),
                 1);
        QVERIFY(status.value(QLatin1String("hub"))
                    .toObject()
                    .value(QLatin1String("lastError"))
                    .toString()
                    .contains(QLatin1String("429")));
    }

    void staleParentKeepsBothVersions()
    {
        HubKit kit(m_server);
        const QByteArray original = randomBytes(200 * 1024, 16);
        prepare(kit, QStringLiteral("shared"), original);
        writeFile(kit.root().file(QStringLiteral("in/b.bin")), randomBytes(150 * 1024, 17));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("in/b.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        // Someone else commits a new large.bin and a new file with the official client ...
        const QByteArray theirs = randomBytes(210 * 1024, 18);
        writeFile(kit.root().file(QStringLiteral("js/large.bin")), theirs);
        writeFile(kit.root().file(QStringLiteral("js/extra.bin")), randomBytes(120 * 1024, 19));
        EXPECT_OK(kit.js({QStringLiteral("upload"), QStringLiteral("alice/hawkmoth-shared"),
                          kit.root().file(QStringLiteral("js"))}));
        // ... while large.bin and b.bin change here.
        const QString ws = kit.workspace(QStringLiteral("shared"));
        const QByteArray mine = randomBytes(220 * 1024, 20);
        const QByteArray newB = randomBytes(160 * 1024, 21);
        writeFile(ws + QStringLiteral("/large.bin"), mine);
        writeFile(ws + QStringLiteral("/b.bin"), newB);
        auto synced = kit.hm({QStringLiteral("sync")});
        EXPECT_OK(synced);
        QVERIFY2(synced.out.contains("both versions kept"), synced.out.constData());
        // Nothing was overwritten: ours is here, theirs beside it and still on the Hub.
        QCOMPARE(readFile(ws + QStringLiteral("/large.bin")), mine);
        QDir dir(ws);
        const QStringList copies = dir.entryList({QStringLiteral("large.hub-*.bin")}, QDir::Files);
        QCOMPARE(copies.size(), 1);
        QCOMPARE(readFile(ws + QLatin1Char('/') + copies.first()), theirs);
        QCOMPARE(kit.entry(QStringLiteral("large.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("conflict"));
        EXPECT_OK(kit.js({QStringLiteral("download"), QStringLiteral("alice/hawkmoth-shared"),
                          QStringLiteral("large.bin"),
                          kit.root().file(QStringLiteral("remote-large.bin"))}));
        QCOMPARE(readFile(kit.root().file(QStringLiteral("remote-large.bin"))), theirs);
        // The file only we changed went up on top of their commit; theirs stayed.
        EXPECT_OK(
            kit.js({QStringLiteral("download"), QStringLiteral("alice/hawkmoth-shared"),
                    QStringLiteral("b.bin"), kit.root().file(QStringLiteral("remote-b.bin"))}));
        QCOMPARE(readFile(kit.root().file(QStringLiteral("remote-b.bin"))), newB);
        QVERIFY(kit.remoteFiles(QStringLiteral("alice/hawkmoth-shared"))
                    .contains(QStringLiteral("extra.bin")));
        // The remote copy is the user's to look at, never uploaded.
        QVERIFY(!kit.remoteFiles(QStringLiteral("alice/hawkmoth-shared")).contains(copies.first()));
    }

    void revokedTokenBlocksWithoutRetryStorm()
    {
        HubKit kit(m_server);
        const QString token = QStringLiteral("hf_test_revocable");
        m_server.addToken(token, QStringLiteral("alice"));
        kit.env().insert(QStringLiteral("HF_TOKEN"), token);
        kit.setSettings(R"({"hubTimeoutSeconds": 3, "autoSyncDelaySeconds": 0})");
        prepare(kit, QStringLiteral("revoked"), randomBytes(200 * 1024, 22));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const QString ws = kit.workspace(QStringLiteral("revoked"));
        auto commitsInGit = [&] {
            return runProgram(QStringLiteral("git"),
                              {QStringLiteral("-C"), ws, QStringLiteral("rev-list"),
                               QStringLiteral("--count"), QStringLiteral("HEAD")})
                .out.trimmed()
                .toInt();
        };
        const int before = commitsInGit();

        m_server.revokeToken(token);
        writeFile(ws + QStringLiteral("/large.bin"), randomBytes(200 * 1024, 23));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print('v2')\n"));
        m_server.resetStats();
        auto rejected = kit.hm({QStringLiteral("sync")});
        QCOMPARE(rejected.exitCode, 1);
        QVERIFY2(rejected.err.contains("rejected the token"), rejected.err.constData());
        QCOMPARE(m_server.countInLog(QStringLiteral("/"), 401), 1); // asked once, not in a loop
        QCOMPARE(commitsInGit(), before + 1);                       // git went on regardless
        QJsonObject hub = QJsonDocument::fromJson(
                              kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                              .object()
                              .value(QLatin1String("hub"))
                              .toObject();
        QCOMPARE(hub.value(QLatin1String("token")).toString(), QStringLiteral("rejected"));
        QCOMPARE(hub.value(QLatin1String("pendingUploads")).toInt(), 1);

        // Automatic syncs (here run by run-jobs, as cron or the GUI would) leave the Hub alone.
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("main.py")}, "print('v3')\n"));
        m_server.resetStats();
        auto automatic = kit.hm({QStringLiteral("run-jobs")});
        EXPECT_OK(automatic);
        QCOMPARE(m_server.requests(QStringLiteral("^/(api|datasets|__lfs)/")).size(), 0);
        QCOMPARE(commitsInGit(), before + 2);

        // A valid token again, and the next sync uploads what waited.
        m_server.addToken(token, QStringLiteral("alice"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        hub = QJsonDocument::fromJson(
                  kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                  .object()
                  .value(QLatin1String("hub"))
                  .toObject();
        QCOMPARE(hub.value(QLatin1String("pendingUploads")).toInt(), 0);
        QCOMPARE(hub.value(QLatin1String("token")).toString(), QStringLiteral("HF_TOKEN"));
        QCOMPARE(kit.entry(QStringLiteral("large.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("synced"));
    }

    void offlineQueueDrainsWhenTheHubReturns()
    {
        HubServer server;
        QVERIFY2(server.isRunning(), qPrintable(server.error()));
        HubKit kit(server);
        kit.setSettings(R"({"hubTimeoutSeconds": 3, "syncWaitSeconds": 2})");
        prepare(kit, QStringLiteral("away"), randomBytes(200 * 1024, 24));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const int port = server.port();
        server.stop();

        const QByteArray later = randomBytes(300 * 1024, 25);
        writeFile(kit.root().file(QStringLiteral("later.bin")), later);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("later.bin"))}));
        auto offline = kit.hm({QStringLiteral("sync")});
        QCOMPARE(offline.exitCode, 1);
        QVERIFY2(offline.err.contains("pending"), offline.err.constData());
        QJsonObject hub = QJsonDocument::fromJson(
                              kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                              .object()
                              .value(QLatin1String("hub"))
                              .toObject();
        QCOMPARE(hub.value(QLatin1String("pendingUploads")).toInt(), 1);
        QVERIFY(!hub.value(QLatin1String("lastError")).toString().isEmpty());

        // Back on the same address: the queued job goes through on its next due attempt.
        QVERIFY2(server.start(port), qPrintable(server.error()));
        for (int i = 0; i < 60 && hub.value(QLatin1String("pendingUploads")).toInt() > 0; ++i) {
            EXPECT_OK(kit.hm({QStringLiteral("run-jobs")}));
            hub = QJsonDocument::fromJson(
                      kit.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                      .object()
                      .value(QLatin1String("hub"))
                      .toObject();
            if (hub.value(QLatin1String("pendingUploads")).toInt() > 0)
                QThread::msleep(500);
        }
        QCOMPARE(hub.value(QLatin1String("pendingUploads")).toInt(), 0);
        QVERIFY(kit.remoteFiles(QStringLiteral("alice/hawkmoth-away"))
                    .contains(QStringLiteral("later.bin")));
    }

    void killDuringUploadResumesWithoutResending()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("killed")}));
        QList<QByteArray> files;
        for (int i = 0; i < 3; ++i) {
            files.append(randomBytes(6 * 1024 * 1024, 30 + i));
            writeFile(kit.root().file(QStringLiteral("in/f%1.bin").arg(i)), files.last());
        }
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("in"))}));
        // The third file's upload hangs; the other two arrive; then the process dies.
        m_server.fault(QStringLiteral(R"({"path": "^/__lfs/upload/%1", "kind": "stall"})")
                           .arg(sha256Hex(files[2]))
                           .toUtf8());
        m_server.resetStats();
        QProcess sync;
        sync.setProcessEnvironment(kit.env());
        sync.start(hawkmothBinary(), {QStringLiteral("sync")});
        QVERIFY(sync.waitForStarted());
        for (int i = 0;
             i < 400 && m_server.stat(QStringLiteral("lfsPayloadBytes")) < 2 * 6 * 1024 * 1024; ++i)
            QThread::msleep(25);
        QCOMPARE(m_server.stat(QStringLiteral("lfsPayloadBytes")), qint64(2 * 6 * 1024 * 1024));
        // Never kill(0, …): an exited process has no id, and 0 is our process group.
        QVERIFY2(sync.processId() > 0, "the sync had finished before the kill");
        ::kill(pid_t(sync.processId()), SIGKILL);
        sync.waitForFinished();
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(0));

        // The next sync sends only what did not arrive, and commits all three.
        m_server.resetStats();
        auto resumed = kit.hm({QStringLiteral("sync")});
        EXPECT_OK(resumed);
        QVERIFY2(resumed.out.contains("1 large file(s) uploaded, 2 already on the Hub"),
                 resumed.out.constData());
        QCOMPARE(m_server.stat(QStringLiteral("lfsPayloadBytes")), qint64(6 * 1024 * 1024));
        for (int i = 0; i < 3; ++i) {
            const QString name = QStringLiteral("f%1.bin").arg(i);
            EXPECT_OK(kit.js({QStringLiteral("download"), QStringLiteral("alice/hawkmoth-killed"),
                              QStringLiteral("in/") + name,
                              kit.root().file(QStringLiteral("check-") + name)}));
            QCOMPARE(readFile(kit.root().file(QStringLiteral("check-") + name)), files[i]);
        }
        auto fsck = runProgram(QStringLiteral("git"),
                               {QStringLiteral("-C"), kit.workspace(QStringLiteral("killed")),
                                QStringLiteral("fsck"), QStringLiteral("--strict")});
        QVERIFY2(fsck.exitCode == 0, fsck.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestHubFaults)
#include "tst_hub_faults.moc"
