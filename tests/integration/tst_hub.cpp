// The hub layer against the test Hub (whose faithfulness the official client proves): sync with
// small, LFS and multipart files, a re-sync that sends nothing, interop both ways with the
// official client, pull, open-from-hub on an empty data root, loading a remote-only file, pulling
// every remote-only file of a clone.

#include "HubTestKit.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>

using namespace hawkmoth::test;

class TestHub : public QObject
{
    Q_OBJECT

private:
    // Multipart above 2 MiB in 1 MiB parts, so that a 5 MiB file takes that path.
    HubServer m_server{{QStringLiteral("--multipart-threshold"), QString::number(2 << 20),
                        QStringLiteral("--chunk-size"), QString::number(1 << 20)}};

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }

    void syncUploadsAndResyncSendsNothing()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("up")}));
        QByteArray binary = randomBytes(300 * 1024, 1);
        binary[10] = '\0';
        writeFile(kit.root().file(QStringLiteral("in/weights.bin")), binary);
        writeFile(kit.root().file(QStringLiteral("in/huge.dat")),
                  randomBytes(5 * 1024 * 1024 + 17, 2));
        writeFile(kit.root().file(QStringLiteral("in/table.csv")),
                  QByteArray(150 * 1024, 'x')); // text, hub by size
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("in")),
                          QStringLiteral("--to"), QStringLiteral("assets")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("code.py")}, "print(1)\n"));
        m_server.resetStats();
        auto synced = kit.hm({QStringLiteral("sync")});
        EXPECT_OK(synced);
        QVERIFY2(synced.out.contains("hub: committed 3 file(s)"), synced.out.constData());
        QCOMPARE(m_server.stat(QStringLiteral("lfsPayloadBytes")),
                 qint64(binary.size() + 5 * 1024 * 1024 + 17));
        QVERIFY(m_server.countInLog(QStringLiteral("/__lfs/part/")) >=
                6); // the 5 MiB file went in parts

        const auto remote = kit.remoteFiles(QStringLiteral("alice/hawkmoth-up"));
        QCOMPARE(remote.value(QStringLiteral("assets/in/huge.dat")), qint64(5 * 1024 * 1024 + 17));
        QCOMPARE(remote.value(QStringLiteral("assets/in/table.csv")), qint64(150 * 1024));
        QVERIFY(remote.contains(QStringLiteral(".hawkmoth/workspace.json")));
        QVERIFY(!remote.contains(QStringLiteral("code.py"))); // git's, not the hub's
        const QJsonObject manifest = kit.manifest(QStringLiteral("up"));
        QCOMPARE(manifest.value(QLatin1String("dataset")).toString(),
                 QStringLiteral("alice/hawkmoth-up"));
        QCOMPARE(manifest.value(QLatin1String("files")).toObject().size(), 3);
        // The manifest went into git with the code; the large files did not.
        auto tracked = runProgram(QStringLiteral("git"),
                                  {QStringLiteral("-C"), kit.workspace(QStringLiteral("up")),
                                   QStringLiteral("ls-files")});
        QVERIFY2(tracked.out.contains(".hawkmoth/manifest.json") &&
                     !tracked.out.contains("huge.dat"),
                 tracked.out.constData());
        QCOMPARE(kit.entry(QStringLiteral("assets/in/huge.dat"))
                     .value(QLatin1String("state"))
                     .toString(),
                 QStringLiteral("synced"));

        // Nothing changed: nothing is sent, not even a request.
        m_server.resetStats();
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(m_server.stat(QStringLiteral("lfsPayloadBytes")), qint64(0));
        QCOMPARE(m_server.stat(QStringLiteral("inlinePayloadBytes")), qint64(0));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(0));

        // A deletion and an edit make one commit.
        EXPECT_OK(kit.hm({QStringLiteral("rm"), QStringLiteral("assets/in/table.csv")}));
        writeFile(kit.workspace(QStringLiteral("up")) + QStringLiteral("/assets/in/weights.bin"),
                  randomBytes(310 * 1024, 3));
        m_server.resetStats();
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(m_server.stat(QStringLiteral("commits")), qint64(1));
        QVERIFY(!kit.remoteFiles(QStringLiteral("alice/hawkmoth-up"))
                     .contains(QStringLiteral("assets/in/table.csv")));
    }

    void officialClientInteropBothWays()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("interop")}));
        const QByteArray data = randomBytes(3 * 1024 * 1024, 4);
        writeFile(kit.root().file(QStringLiteral("data.bin")), data);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("data.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        // What HAWKMOTH uploaded, the official client downloads byte-identical.
        EXPECT_OK(kit.js({QStringLiteral("download"), QStringLiteral("alice/hawkmoth-interop"),
                          QStringLiteral("data.bin"),
                          kit.root().file(QStringLiteral("js-download.bin"))}));
        QCOMPARE(readFile(kit.root().file(QStringLiteral("js-download.bin"))), data);
        // What the official client uploads, HAWKMOTH's pull brings down.
        const QByteArray theirs = randomBytes(1536 * 1024, 5);
        writeFile(kit.root().file(QStringLiteral("js/shared/theirs.bin")), theirs);
        writeFile(kit.root().file(QStringLiteral("js/shared/readme.txt")), "small, inline\n");
        EXPECT_OK(kit.js({QStringLiteral("upload"), QStringLiteral("alice/hawkmoth-interop"),
                          kit.root().file(QStringLiteral("js"))}));
        auto pulled = kit.hm({QStringLiteral("pull")});
        EXPECT_OK(pulled);
        QCOMPARE(readFile(kit.workspace(QStringLiteral("interop")) +
                          QStringLiteral("/shared/theirs.bin")),
                 theirs);
        QCOMPARE(readFile(kit.workspace(QStringLiteral("interop")) +
                          QStringLiteral("/shared/readme.txt")),
                 QByteArray("small, inline\n"));
        const QJsonObject e = kit.entry(QStringLiteral("shared/readme.txt"));
        QCOMPARE(e.value(QLatin1String("layer")).toString(),
                 QStringLiteral("hub")); // arrived from the Hub, stays there
        QCOMPARE(e.value(QLatin1String("state")).toString(), QStringLiteral("synced"));
        // Pulling again fetches nothing.
        m_server.resetStats();
        EXPECT_OK(kit.hm({QStringLiteral("pull")}));
        QCOMPARE(m_server.countInLog(QStringLiteral("/resolve/")), 0);
    }

    void openFromHubOnEmptyDataRoot()
    {
        HubKit kit(m_server);
        const QString bare = kit.bareRemote(QStringLiteral("code"));
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("travel"),
                          QStringLiteral("--template"), QStringLiteral("python")}));
        const QByteArray model = randomBytes(2 * 1024 * 1024, 6);
        writeFile(kit.root().file(QStringLiteral("model.bin")), model);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("model.bin")),
                          QStringLiteral("--to"), QStringLiteral("models")}));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"), bare}));
        EXPECT_OK(kit.hm(
            {QStringLiteral("sync")})); // hub first, then git commits the manifest and pushes
        // workspace.json on the Hub names the git remote (set before this sync).
        HubKit other(m_server);
        auto restored =
            other.hm({QStringLiteral("open-from-hub"), QStringLiteral("alice/hawkmoth-travel")});
        EXPECT_OK(restored);
        const QString ws = other.workspace(QStringLiteral("travel"));
        QCOMPARE(readFile(ws + QStringLiteral("/models/model.bin")), model);
        QCOMPARE(readFile(ws + QStringLiteral("/main.py")),
                 readFile(kit.workspace(QStringLiteral("travel")) + QStringLiteral("/main.py")));
        QVERIFY(other.hm({QStringLiteral("current")}).out.contains("travel"));
        auto status = QJsonDocument::fromJson(
                          other.hm({QStringLiteral("status"), QStringLiteral("--json")}).out)
                          .object();
        QCOMPARE(status.value(QLatin1String("hub"))
                     .toObject()
                     .value(QLatin1String("dataset"))
                     .toString(),
                 QStringLiteral("alice/hawkmoth-travel"));
        QCOMPARE(
            status.value(QLatin1String("git")).toObject().value(QLatin1String("remote")).toString(),
            bare);
        QCOMPARE(status.value(QLatin1String("hub"))
                     .toObject()
                     .value(QLatin1String("pendingUploads"))
                     .toInt(),
                 0);
    }

    void remoteOnlyFileIsFetchedWhenOpened()
    {
        HubKit kit(m_server);
        const QString bare = kit.bareRemote(QStringLiteral("c"));
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("lazy")}));
        const QByteArray data = randomBytes(400 * 1024, 7);
        writeFile(kit.root().file(QStringLiteral("blob.bin")), data);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("blob.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"), bare}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        // Another machine clones the code only: the large file is known, not there.
        HubKit other(m_server);
        EXPECT_OK(other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("lazy")}));
        QCOMPARE(other.entry(QStringLiteral("blob.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("remote"));
        QVERIFY(
            !QFile::exists(other.workspace(QStringLiteral("lazy")) + QStringLiteral("/blob.bin")));
        auto cat = other.hm({QStringLiteral("cat"), QStringLiteral("blob.bin")});
        EXPECT_OK(cat);
        QCOMPARE(cat.out, data);
        QCOMPARE(other.entry(QStringLiteral("blob.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("synced"));
        // Downloads go through the cache, verified: the blob is there under its sha256.
        const QString sha =
            other.entry(QStringLiteral("blob.bin")).value(QLatin1String("sha256")).toString();
        QVERIFY(QFile::exists(other.root().cacheRoot() + QStringLiteral("/blobs/") + sha.left(2) +
                              QLatin1Char('/') + sha));
    }

    void pullFetchesEveryRemoteOnlyFile()
    {
        HubKit kit(m_server);
        // Files of several sizes in two folders, one large enough for a multipart upload.
        QMap<QString, QByteArray> files;
        for (int i = 0; i < 12; ++i)
            files.insert(QStringLiteral("in/%1/part-%2.bin").arg(i % 2 ? "odd" : "even").arg(i),
                         randomBytes((150 + 37 * i) * 1024, 100 + i));
        files.insert(QStringLiteral("in/shard.bin"), randomBytes(3 * 1024 * 1024 + 5, 99));
        // The same content at two paths: one object on the Hub, fetched once.
        files.insert(QStringLiteral("in/odd/again.bin"),
                     files.value(QStringLiteral("in/even/part-0.bin")));
        for (auto it = files.constBegin(); it != files.constEnd(); ++it)
            writeFile(kit.root().file(it.key()), it.value());
        const QString bare = kit.publish(QStringLiteral("many"), QStringLiteral("in"));
        QVERIFY(!bare.isEmpty());

        // Another machine clones the code: every hub file is known and none is on disk, as after
        // `git clone` before `dvc pull` or `git annex get .`.
        HubKit other(m_server);
        other.setSettings(R"({"hubTimeoutSeconds": 3, "hubParallelDownloads": 3})");
        EXPECT_OK(other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("many")}));
        const QString ws = other.workspace(QStringLiteral("many"));
        QCOMPARE(other.hubStatus().value(QLatin1String("remoteOnly")).toInt(), int(files.size()));
        m_server.resetStats();
        auto pulled = other.hm({QStringLiteral("pull")});
        EXPECT_OK(pulled);
        QVERIFY2(pulled.out.contains("hub: 14 file(s) downloaded"), pulled.out.constData());
        for (auto it = files.constBegin(); it != files.constEnd(); ++it) {
            QCOMPARE(readFile(ws + QLatin1Char('/') + it.key()), it.value());
            const QJsonObject e = other.entry(it.key());
            QCOMPARE(e.value(QLatin1String("state")).toString(), QStringLiteral("synced"));
            QCOMPARE(e.value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
            // Verified on the way into the cache, then moved out of it into the workspace, not
            // copied: the two paths of one content get a copy and the download itself.
            const QString sha = e.value(QLatin1String("sha256")).toString();
            QCOMPARE(sha.toLatin1(),
                     QCryptographicHash::hash(it.value(), QCryptographicHash::Sha256).toHex());
            QVERIFY(!QFile::exists(other.root().cacheRoot() + QStringLiteral("/blobs/") +
                                   sha.left(2) + QLatin1Char('/') + sha));
        }
        // The links of every content in one LFS batch request, then one request to the CDN for
        // each content, no more; no path resolved (none of the Hub's resolver quota spent).
        QCOMPARE(m_server.countInLog(QStringLiteral(".git/info/lfs/objects/batch")), 1);
        QCOMPARE(m_server.countInLog(QStringLiteral("/__cdn/lfs/")), int(files.size()) - 1);
        QCOMPARE(m_server.countInLog(QStringLiteral("/resolve/")), 0);
        QCOMPARE(other.hubStatus().value(QLatin1String("remoteOnly")).toInt(), 0);
        // Nothing left in staging, nothing pending, and pulling again fetches nothing.
        QCOMPARE(QDir(ws + QStringLiteral("/.hawkmoth/tmp")).entryList(QDir::Files).size(), 0);
        QCOMPARE(other.hubStatus().value(QLatin1String("pendingUploads")).toInt(), 0);
        m_server.resetStats();
        EXPECT_OK(other.hm({QStringLiteral("pull")}));
        QCOMPARE(m_server.countInLog(QStringLiteral("/resolve/")), 0);
    }

    void corruptDownloadIsNeverMaterialised()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("tamper")}));
        writeFile(kit.root().file(QStringLiteral("t.bin")), randomBytes(500 * 1024, 8));
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("t.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const QString sha =
            kit.entry(QStringLiteral("t.bin")).value(QLatin1String("sha256")).toString();
        // The server's stored object is damaged behind its back.
        writeFile(m_server.dataDir() + QStringLiteral("/lfs/") + sha, randomBytes(500 * 1024, 9));
        HubKit other(m_server);
        auto restored =
            other.hm({QStringLiteral("open-from-hub"), QStringLiteral("alice/hawkmoth-tamper")});
        QCOMPARE(restored.exitCode, 1);
        QVERIFY2(restored.err.contains("does not match its checksum"), restored.err.constData());
        QVERIFY(
            !QFile::exists(other.workspace(QStringLiteral("tamper")) + QStringLiteral("/t.bin")));
        writeFile(m_server.dataDir() + QStringLiteral("/lfs/") + sha,
                  readFile(kit.workspace(QStringLiteral("tamper")) + QStringLiteral("/t.bin")));
    }
};

QTEST_GUILESS_MAIN(TestHub)
#include "tst_hub.moc"
