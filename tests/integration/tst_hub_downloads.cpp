// Pulls when a download goes wrong, each fault injected by the test Hub: a truncated body resumed
// with Range (from an LFS link, and by resolve from a Hub that hands out none), a link the CDN
// refuses or that is too old to start (the path is resolved instead), and a file no retry mends
// (what arrived before it is kept).

#include "HubTestKit.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>

using namespace hawkmoth::test;

class TestHubDownloads : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // `count` files published by `kit` as workspace `name` (its git remote lives in kit's root)
    // and cloned by `other`, which downloads one at a time: every hub file is known there and none
    // is on disk. Returns their contents (empty when a step failed).
    static QList<QByteArray> publishedAndCloned(HubKit &kit, HubKit &other, const QString &name,
                                                int count, int size, int seed)
    {
        const QList<QByteArray> contents = kit.writeFiles(QStringLiteral("d"), count, size, seed);
        const QString bare = kit.publish(name, QStringLiteral("d"));
        other.setSettings(R"({"hubTimeoutSeconds": 3, "hubParallelDownloads": 1})");
        if (bare.isEmpty() || other.hm({QStringLiteral("clone-project"), bare, name}).exitCode != 0)
            return {};
        return contents;
    }

    // The CDN answers `status` to the next `count` requests for this content.
    void refuseAtCdn(const QByteArray &content, int status, int count) const
    {
        m_server.fault(
            QStringLiteral(
                R"({"path": "^/__cdn/lfs/%1", "kind": "status", "status": %2, "count": %3})")
                .arg(sha256Hex(content))
                .arg(status)
                .arg(count)
                .toUtf8());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }
    void cleanup() { m_server.clearFaults(); }

    void truncatedDownloadResumesWithRange_data()
    {
        QTest::addColumn<bool>("links");
        QTest::newRow("from its LFS link") << true;
        QTest::newRow("by resolve, from a Hub without download links") << false;
    }

    void truncatedDownloadResumesWithRange()
    {
        QFETCH(bool, links);
        HubKit kit(m_server);
        HubKit other(m_server);
        const QString name = links ? QStringLiteral("cut") : QStringLiteral("cut-resolved");
        const QList<QByteArray> contents =
            publishedAndCloned(kit, other, name, 1, 3 * 1024 * 1024, 13);
        QVERIFY(!contents.isEmpty());
        m_server.fault(R"({"path": "^/__cdn/lfs/", "kind": "truncate"})");
        if (!links) // as a Hub that does not know the batch API's download operation
            m_server.fault(
                R"({"method": "POST", "path": "lfs/objects/batch$", "kind": "status", "status": 422})");
        m_server.resetStats();
        EXPECT_OK(other.hm({QStringLiteral("pull")}));
        QCOMPARE(readFile(other.workspace(name) + QStringLiteral("/d/f0.bin")), contents.first());
        // Half came in the cut reply, the rest in a ranged one. A link names the object itself;
        // a path may hold another object by now, which a HEAD rules out before resuming.
        QCOMPARE(statuses(m_server.requests(QStringLiteral("^/__cdn/lfs/"))), (QList<int>{0, 206}));
        int heads = 0;
        for (const QJsonValue &r : m_server.requests(QStringLiteral("/resolve/main/d/f0.bin$")))
            heads +=
                r.toObject().value(QLatin1String("method")).toString() == QLatin1String("HEAD");
        QCOMPARE(heads, links ? 0 : 1);
        QCOMPARE(m_server.countInLog(QStringLiteral("/resolve/main/d/f0.bin")), links ? 0 : 3);
    }

    void aRefusedLinkFallsBackToResolve()
    {
        HubKit kit(m_server);
        HubKit other(m_server);
        const QList<QByteArray> contents =
            publishedAndCloned(kit, other, QStringLiteral("expired"), 3, 100 * 1024, 70);
        QVERIFY(!contents.isEmpty());
        // One link has expired by the time it is used: the CDN refuses it, once.
        refuseAtCdn(contents.at(1), 403, 1);
        m_server.resetStats();
        EXPECT_OK(other.hm({QStringLiteral("pull")}));
        const QString ws = other.workspace(QStringLiteral("expired"));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(readFile(ws + QStringLiteral("/d/f%1.bin").arg(i)), contents.at(i));
        // That file alone was resolved by its path, and came from the CDN's fresh URL.
        QCOMPARE(m_server.countInLog(QStringLiteral("/resolve/")), 1);
        QCOMPARE(m_server.countInLog(QStringLiteral("/resolve/main/d/f1.bin")), 1);
        QCOMPARE(
            statuses(m_server.requests(QStringLiteral("^/__cdn/lfs/") + sha256Hex(contents.at(1)))),
            (QList<int>{403, 200}));
    }

    void aLinkTooOldToStartIsNotUsed()
    {
        // A Hub whose download links expire at once: none is started, every path is resolved.
        HubServer shortLinks({QStringLiteral("--lfs-link-seconds"), QStringLiteral("0")});
        QVERIFY2(shortLinks.isRunning(), qPrintable(shortLinks.error()));
        HubKit kit(shortLinks);
        HubKit other(shortLinks);
        const QList<QByteArray> contents =
            publishedAndCloned(kit, other, QStringLiteral("short"), 3, 100 * 1024, 80);
        QVERIFY(!contents.isEmpty());
        shortLinks.resetStats();
        EXPECT_OK(other.hm({QStringLiteral("pull")}));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(readFile(other.workspace(QStringLiteral("short")) +
                              QStringLiteral("/d/f%1.bin").arg(i)),
                     contents.at(i));
        QCOMPARE(shortLinks.countInLog(QStringLiteral(".git/info/lfs/objects/batch")), 1);
        QCOMPARE(shortLinks.countInLog(QStringLiteral("/resolve/main/d/")), 3);
        QCOMPARE(shortLinks.countInLog(QStringLiteral("/__cdn/lfs/"), 200), 3);
    }

    void pullKeepsWhatArrivedBeforeAFailure()
    {
        HubKit kit(m_server);
        HubKit other(m_server);
        // One at a time, in the Hub's order (by path): f0 to f2 land, f3's link fails while f4 is
        // already out, f4 lands, then f3 fails by resolve too, which stops f5.
        const QList<QByteArray> contents =
            publishedAndCloned(kit, other, QStringLiteral("keep"), 6, 300 * 1024, 60);
        QVERIFY(!contents.isEmpty());
        // One file's content is gone from the CDN: a failure no retry mends (its link, then the
        // URL resolve redirects to, both answer 404).
        refuseAtCdn(contents.at(3), 404, 2);
        QCOMPARE(other.hm({QStringLiteral("pull")}).exitCode, 1);
        m_server.clearFaults();
        // What arrived whole before it is in place and recorded; nothing half-written anywhere.
        const QString ws = other.workspace(QStringLiteral("keep"));
        int present = 0;
        for (int i = 0; i < 6; ++i) {
            const QString path = QStringLiteral("d/f%1.bin").arg(i);
            const bool there = QFile::exists(ws + QLatin1Char('/') + path);
            QCOMPARE(there, i != 3 && i != 5);
            QCOMPARE(other.entry(path).value(QLatin1String("state")).toString(),
                     there ? QStringLiteral("synced") : QStringLiteral("remote"));
            if (!there)
                continue;
            QCOMPARE(readFile(ws + QLatin1Char('/') + path), contents.at(i));
            ++present;
        }
        QCOMPARE(present, 4);
        QCOMPARE(QDir(ws + QStringLiteral("/.hawkmoth/tmp")).entryList(QDir::Files).size(), 0);
        // The next pull fetches only the rest.
        m_server.resetStats();
        EXPECT_OK(other.hm({QStringLiteral("pull")}));
        QCOMPARE(m_server.countInLog(QStringLiteral("/__cdn/lfs/")), 6 - present);
        for (int i = 0; i < 6; ++i)
            QCOMPARE(readFile(ws + QStringLiteral("/d/f%1.bin").arg(i)), contents.at(i));
    }
};

QTEST_GUILESS_MAIN(TestHubDownloads)
#include "tst_hub_downloads.moc"
