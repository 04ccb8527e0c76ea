// Opening a Hub-only file through the asynchronous API against the test Hub: the download reports
// progress as ProgressChannel signals on the caller's thread, and cancelling the channel stops a
// download that hangs, without waiting for the Hub's timeout. A pull keeps no more downloads in
// flight than hubParallelDownloads says, and a cancel stops them all.

#include "HubPull.h"
#include "HubTestKit.h"
#include "ProgressChannel.h"
#include "StorageCore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestApiHubOpen : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // A workspace "lazy" in other's data root whose blob.bin is known from the Hub only.
    static QByteArray prepareRemoteOnly(HubKit &kit, HubKit &other)
    {
        const QString bare = kit.bareRemote(QStringLiteral("c"));
        kit.hm({QStringLiteral("create-project"), QStringLiteral("lazy")});
        const QByteArray data = randomBytes(400 * 1024, 21);
        writeFile(kit.root().file(QStringLiteral("blob.bin")), data);
        kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("blob.bin"))});
        kit.hm({QStringLiteral("remote"), QStringLiteral("set"), bare});
        kit.hm({QStringLiteral("sync")});
        other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("lazy")});
        return data;
    }

    // A started core on other's data root that fetches remote-only files from the test Hub.
    void startCore(StorageCore &core)
    {
        qputenv("HF_ENDPOINT", m_server.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
        core.setRemoteFetcher(&hub::HubPull::fetchOne);
        QVERIFY(core.start().result().ok());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }

    void openReportsProgressOnTheCallersThread()
    {
        HubKit kit(m_server);
        HubKit other(m_server);
        const QByteArray data = prepareRemoteOnly(kit, other);
        QCOMPARE(other.entry(QStringLiteral("blob.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("remote"));
        StorageCore core(Paths(other.root().dataRoot(), other.root().cacheRoot()));
        startCore(core);
        auto ws = core.registry().find(QStringLiteral("lazy"));
        QVERIFY(ws.ok());

        ProgressChannel channel;
        QSignalSpy progressed(&channel, &ProgressChannel::progressed);
        auto loaded =
            core.files().load(*ws, QStringLiteral("blob.bin"), channel.control()).result();
        QVERIFY2(loaded.ok(), qPrintable(loaded.ok() ? QString() : loaded.error().message));
        QCOMPARE(loaded->content, data);
        QCOMPARE(loaded->version.size, qint64(data.size()));
        QTRY_VERIFY(!progressed.isEmpty());
        const Progress last = progressed.last().first().value<Progress>();
        QCOMPARE(last.bytesDone, qint64(data.size()));
        QCOMPARE(other.entry(QStringLiteral("blob.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("synced"));
    }

    void pullKeepsItsDownloadsBoundedAndCancels()
    {
        HubKit kit(m_server);
        const QList<QByteArray> contents = kit.writeFiles(QStringLiteral("set"), 8, 200 * 1024, 40);
        const QString bare = kit.publish(QStringLiteral("wide"), QStringLiteral("set"));
        QVERIFY(!bare.isEmpty());
        HubKit other(m_server);
        other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("wide")});
        // A long timeout: only the cancel ends the hanging downloads quickly.
        other.setSettings(R"({"hubTimeoutSeconds": 60, "hubParallelDownloads": 3})");
        StorageCore core(Paths(other.root().dataRoot(), other.root().cacheRoot()));
        startCore(core);
        auto ws = core.registry().find(QStringLiteral("wide"));
        QVERIFY(ws.ok());

        // Every file's content hangs at the CDN: the pull keeps three of them out, never more.
        m_server.fault(R"({"path": "^/__cdn/lfs/", "kind": "stall", "count": 100})");
        m_server.resetStats();
        ProgressChannel channel;
        auto future = core.sync().pull(*ws, channel.control());
        // Each download hangs at the CDN (reached by its LFS link, or by the redirect of resolve):
        // the stalls the armed fault has handed out are the downloads in flight.
        const auto stalled = [this] {
            const QJsonArray armed = m_server.admin(QStringLiteral("faults"))
                                         .toObject()
                                         .value(QLatin1String("armed"))
                                         .toArray();
            return armed.isEmpty()
                       ? 100
                       : 100 - armed.first().toObject().value(QLatin1String("count")).toInt();
        };
        QTRY_COMPARE(stalled(), 3);
        QTest::qWait(500);
        QCOMPARE(stalled(), 3);
        QVERIFY(!future.isFinished());
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        channel.cancel();
        const auto result = future.result();
        QVERIFY2(sinceCancel.elapsed() < 5000, qPrintable(QString::number(sinceCancel.elapsed())));
        m_server.clearFaults();
        QVERIFY(!result.ok() || !result->complete());
        const QString root = other.workspace(QStringLiteral("wide"));
        for (int i = 0; i < 8; ++i)
            QVERIFY(!QFile::exists(root + QStringLiteral("/set/f%1.bin").arg(i)));
        QCOMPARE(QDir(root + QStringLiteral("/.hawkmoth/tmp")).entryList(QDir::Files).size(), 0);

        // The next pull brings everything.
        const auto again = core.sync().pull(*ws, {}).result();
        QVERIFY2(again.ok() && again->complete(),
                 qPrintable(again.ok() ? again->problems.join(QLatin1Char(';'))
                                       : again.error().message));
        for (int i = 0; i < 8; ++i)
            QCOMPARE(readFile(root + QStringLiteral("/set/f%1.bin").arg(i)), contents.at(i));
    }

    void cancellingStopsAHangingDownload()
    {
        HubKit kit(m_server);
        HubKit other(m_server);
        prepareRemoteOnly(kit, other);
        // A long timeout: only the cancel can end the hanging download quickly.
        other.setSettings(R"({"hubTimeoutSeconds": 60})");
        StorageCore core(Paths(other.root().dataRoot(), other.root().cacheRoot()));
        startCore(core);
        auto ws = core.registry().find(QStringLiteral("lazy"));
        QVERIFY(ws.ok());

        m_server.fault(R"({"path": "^/__cdn/lfs/", "kind": "stall"})");
        ProgressChannel channel;
        auto future = core.files().load(*ws, QStringLiteral("blob.bin"), channel.control());
        QTest::qWait(300); // the request is out and hanging
        QVERIFY(!future.isFinished());
        QElapsedTimer sinceCancel;
        sinceCancel.start();
        channel.cancel();
        const auto result = future.result();
        m_server.clearFaults();
        QVERIFY(!result.ok());
        QCOMPARE(result.error().code, ErrorCode::Cancelled);
        QVERIFY2(sinceCancel.elapsed() < 5000, qPrintable(QString::number(sinceCancel.elapsed())));
        QVERIFY(
            !QFile::exists(other.workspace(QStringLiteral("lazy")) + QStringLiteral("/blob.bin")));
    }
};

QTEST_GUILESS_MAIN(TestApiHubOpen)
#include "tst_api_hub_open.moc"
