// The history of hub-layer files against the test Hub: the versions each sync recorded in the
// manifest, listed with git's own commits; a version read back from the Hub commit that stored it
// (sha256 checked) through the CLI and the dialog; restoring one as a new change that the next
// sync uploads; a file that moved from git to the hub layer keeps both parts of its past; and a
// hanging download that Cancel ends without touching the file.

#include "CodeEditor.h"
#include "EditorTab.h"
#include "HistoryDialog.h"
#include "HubPull.h"
#include "HubTestKit.h"
#include "Screenshots.h"
#include "StorageCore.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTreeWidget>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

const QString table = QStringLiteral("data/table.csv");
const QByteArray first = "city,people\nParis,2102650\n";
const QByteArray second = "city,people\nParis,2102650\nLyon,522250\n";
const QByteArray third = "city,people\nParis,2102650\nLyon,522250\nNice,348085\n";

QString sha256(const QByteArray &bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

QJsonArray historyOf(HubKit &kit, const QString &path)
{
    const ProcessResult done = kit.hm({QStringLiteral("history"), path, QStringLiteral("--json")});
    if (done.exitCode != 0)
        qWarning("%s", qPrintable(done.describe()));
    return QJsonDocument::fromJson(done.out).array();
}

} // namespace

class TestHistoryHub : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // Workspace "hist" with a git remote, *.csv kept in the hub layer, and three synced versions
    // of data/table.csv; the blob cache emptied, so every read below comes from the Hub.
    static void prepare(HubKit &kit)
    {
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("hist")}));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          kit.bareRemote(QStringLiteral("hist"))}));
        EXPECT_OK(kit.hm({QStringLiteral("rules"), QStringLiteral("add"), QStringLiteral("*.csv"),
                          QStringLiteral("hub"), QStringLiteral("--at"), QStringLiteral("1")}));
        for (const QByteArray &content : {first, second, third}) {
            EXPECT_OK(kit.hm({QStringLiteral("save"), table}, content));
            EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        }
        QCOMPARE(kit.entry(table).value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
        QVERIFY(QDir(kit.root().cacheRoot() + QStringLiteral("/blobs")).removeRecursively());
    }

    void startCore(StorageCore &core)
    {
        qputenv("HF_ENDPOINT", m_server.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
        core.setRemoteFetcher(&hub::HubPull::fetchOne);
        QVERIFY(core.start().result().ok());
        QVERIFY(core.workspaces().switchTo(QStringLiteral("hist")).result().ok());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }

    void cliListsShowsAndRestoresHubVersions()
    {
        HubKit kit(m_server);
        prepare(kit);
        const QJsonArray versions = historyOf(kit, table);
        QCOMPARE(versions.size(), 3);
        const QList<QByteArray> newestFirst{third, second, first};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject v = versions.at(i).toObject();
            QCOMPARE(v.value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
            QCOMPARE(v.value(QLatin1String("sha256")).toString(), sha256(newestFirst.at(i)));
            QCOMPARE(v.value(QLatin1String("size")).toInteger(), newestFirst.at(i).size());
            QVERIFY(!v.value(QLatin1String("hubCommit")).toString().isEmpty());
        }
        // Each version is read at the Hub commit that stored it, not at the head.
        const QString oldest = versions.at(2).toObject().value(QLatin1String("commit")).toString();
        const ProcessResult shown = kit.hm({QStringLiteral("show"), table + u'@' + oldest});
        EXPECT_OK(shown);
        QCOMPARE(shown.out, first);
        const QString middle = versions.at(1).toObject().value(QLatin1String("commit")).toString();
        QCOMPARE(kit.hm({QStringLiteral("show"), table + u'@' + middle.left(8)}).out, second);

        const ProcessResult restored = kit.hm({QStringLiteral("restore"), table, oldest.left(12)});
        EXPECT_OK(restored);
        QCOMPARE(readFile(kit.workspace(QStringLiteral("hist")) + u'/' + table), first);
        const QJsonObject entry = kit.entry(table);
        QCOMPARE(entry.value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
        QCOMPARE(entry.value(QLatin1String("state")).toString(), QStringLiteral("pending"));
        // The history was not rewritten: the restore is a fourth version once synced.
        QCOMPARE(historyOf(kit, table).size(), 3);
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        const QJsonArray after = historyOf(kit, table);
        QCOMPARE(after.size(), 4);
        QCOMPARE(after.first().toObject().value(QLatin1String("sha256")).toString(), sha256(first));

        // A revision that never held the file, and a path outside the workspace: clear errors.
        const ProcessResult missing =
            kit.hm({QStringLiteral("show"), QStringLiteral("data/none.csv@") + oldest});
        QVERIFY(missing.exitCode != 0);
        QVERIFY2(missing.err.contains("does not exist"), missing.err.constData());
        QVERIFY(kit.hm({QStringLiteral("history"), QStringLiteral("../x")}).exitCode != 0);
    }

    void fileMovedFromGitToHubKeepsBothPasts()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("hist")}));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          kit.bareRemote(QStringLiteral("hist"))}));
        const QString notes = QStringLiteral("notes.txt");
        EXPECT_OK(kit.hm({QStringLiteral("save"), notes}, "in git\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(kit.hm({QStringLiteral("pin"), notes, QStringLiteral("hub")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), notes}, "on the Hub\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.entry(notes).value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
        const QJsonArray versions = historyOf(kit, notes);
        QCOMPARE(versions.size(), 2);
        QCOMPARE(versions.at(0).toObject().value(QLatin1String("layer")).toString(),
                 QStringLiteral("hub"));
        QCOMPARE(versions.at(1).toObject().value(QLatin1String("layer")).toString(),
                 QStringLiteral("git"));
        for (int i = 0; i < 2; ++i) {
            const QString rev = versions.at(i).toObject().value(QLatin1String("commit")).toString();
            QCOMPARE(kit.hm({QStringLiteral("show"), notes + u'@' + rev}).out,
                     i == 0 ? QByteArray("on the Hub\n") : QByteArray("in git\n"));
        }
    }

    void dialogShowsDiffsAndRestoresAHubVersion()
    {
        HubKit kit(m_server);
        prepare(kit);
        StorageCore core(Paths(kit.root().dataRoot(), kit.root().cacheRoot()));
        startCore(core);
        HistoryDialog dialog(core, table);
        QSignalSpy loaded(&dialog, &HistoryDialog::historyLoaded);
        QSignalSpy shown(&dialog, &HistoryDialog::viewShown);
        dialog.show();
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 20000);
        QCOMPARE(loaded.first().first().toInt(), 3);
        const QTreeWidgetItem *oldest = dialog.commitList()->topLevelItem(2);
        QVERIFY2(oldest->text(1).startsWith(QStringLiteral("Hub, ")), qPrintable(oldest->text(1)));
        QVERIFY(oldest->toolTip(1).contains(sha256(first)));

        // The newest, selected at once, downloaded from the Hub.
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);
        QVERIFY(dialog.selectedIsOnHub());
        QCOMPARE(dialog.viewer()->text(), QString::fromUtf8(third));
        QVERIFY(!dialog.cancelButton()->isVisible());

        dialog.commitList()->setCurrentItem(dialog.commitList()->topLevelItem(2));
        QTRY_COMPARE_WITH_TIMEOUT(dialog.viewer()->text(), QString::fromUtf8(first), 20000);
        const QString rev = dialog.selectedRevision();
        dialog.showDiff(rev);
        QTRY_VERIFY(dialog.viewTitle().endsWith(QStringLiteral("current")));
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog.viewer()->text().contains(QStringLiteral("\n+Lyon,522250\n+Nice,348085\n")),
            20000);
        QVERIFY(grabWidget(dialog, QStringLiteral("history-dialog-hub")));

        QSignalSpy restored(&dialog, &HistoryDialog::restored);
        dialog.setConfirm([](const QString &) { return true; });
        dialog.restore(rev);
        QVERIFY(restored.wait(20000));
        QCOMPARE(readFile(kit.workspace(QStringLiteral("hist")) + u'/' + table), first);
        QVERIFY(dialog.commitList()->isEnabled());
    }

    void largeHubVersionIsDescribedNotFetched()
    {
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("hist")}));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          kit.bareRemote(QStringLiteral("hist"))}));
        const QString big = QStringLiteral("weights.bin");
        const QByteArray content = randomBytes(EditorTab::largeFileBytes + 4096, 7);
        EXPECT_OK(kit.hm({QStringLiteral("save"), big}, content));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(kit.entry(big).value(QLatin1String("layer")).toString(), QStringLiteral("hub"));
        const QString blobs = kit.root().cacheRoot() + QStringLiteral("/blobs");
        QVERIFY(QDir(blobs).removeRecursively());
        StorageCore core(Paths(kit.root().dataRoot(), kit.root().cacheRoot()));
        startCore(core);
        HistoryDialog dialog(core, big);
        QSignalSpy shown(&dialog, &HistoryDialog::viewShown);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 20000);
        const QString text = dialog.viewer()->text();
        QVERIFY2(text.contains(QStringLiteral("too large to show")), qPrintable(text));
        QVERIFY2(text.contains(sha256(content)), qPrintable(text));
        QVERIFY(!dialog.cancelButton()->isVisible());
        // Nothing was downloaded to describe it.
        QDirIterator files(blobs, QDir::Files, QDirIterator::Subdirectories);
        QVERIFY2(!files.hasNext(), qPrintable(files.hasNext() ? files.next() : QString()));
    }

    void cancelEndsAHangingDownloadAndLeavesTheFile()
    {
        HubKit kit(m_server);
        prepare(kit);
        kit.setSettings(R"({"hubTimeoutSeconds": 60})");
        StorageCore core(Paths(kit.root().dataRoot(), kit.root().cacheRoot()));
        startCore(core);
        HistoryDialog dialog(core, table);
        QSignalSpy loaded(&dialog, &HistoryDialog::historyLoaded);
        QSignalSpy failed(&dialog, &HistoryDialog::errorOccurred);
        m_server.fault(R"({"path": "/resolve/", "kind": "stall"})");
        dialog.show();
        // The history may load while the test talks to the Hub server above.
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 20000);
        QTRY_VERIFY(dialog.cancelButton()->isVisible());
        QProgressBar *bar = dialog.findChild<QProgressBar *>();
        QVERIFY(bar && bar->isVisible());
        QVERIFY(grabWidget(dialog, QStringLiteral("history-dialog-downloading")));
        QSignalSpy restored(&dialog, &HistoryDialog::restored);
        dialog.setConfirm([](const QString &) { return true; });
        dialog.restore(dialog.selectedRevision());
        QTRY_VERIFY(dialog.cancelButton()->isVisible());
        QVERIFY(!dialog.commitList()->isEnabled());
        dialog.cancelButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 5000);
        QVERIFY2(failed.last().first().toString().contains(QStringLiteral("cancelled")),
                 qPrintable(failed.last().first().toString()));
        QCOMPARE(restored.size(), 0);
        QVERIFY(!dialog.cancelButton()->isVisible());
        QCOMPARE(readFile(kit.workspace(QStringLiteral("hist")) + u'/' + table), third);
        m_server.clearFaults();
    }
};

QTEST_MAIN(TestHistoryHub)
#include "tst_history_hub.moc"
