// Opening a remote-only file in the editor against the test Hub: the tab downloads it with a
// progress bar, then shows the binary file's details with its dataset and Hub commit; Cancel ends
// a hanging download, and Retry fetches it once the Hub answers again.

#include "DownloadPanel.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "FileDetailsPanel.h"
#include "HubPull.h"
#include "HubTestKit.h"
#include "StorageCore.h"

#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestEditorHub : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    // A workspace "lazy", current in other's data root, whose blob.bin is known from the Hub only.
    static void prepareRemoteOnly(HubKit &kit, HubKit &other)
    {
        const QString bare = kit.root().file(QStringLiteral("c.git"));
        runProgram(QStringLiteral("git"),
                   {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"), bare});
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("lazy")}));
        QByteArray data = randomBytes(400 * 1024, 21);
        data[5] = '\0'; // binary for certain
        writeFile(kit.root().file(QStringLiteral("blob.bin")), data);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("blob.bin"))}));
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"), bare}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        EXPECT_OK(other.hm({QStringLiteral("clone-project"), bare, QStringLiteral("lazy")}));
        QCOMPARE(other.entry(QStringLiteral("blob.bin")).value(QLatin1String("state")).toString(),
                 QStringLiteral("remote"));
    }

    void startCore(StorageCore &core)
    {
        qputenv("HF_ENDPOINT", m_server.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
        core.setRemoteFetcher(&hub::HubPull::fetchOne);
        QVERIFY(core.start().result().ok());
        // settings.json (replaced by a test) names the current workspace: lazy, to be sure.
        QVERIFY(core.workspaces().switchTo(QStringLiteral("lazy")).result().ok());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_server.isRunning(), qPrintable(m_server.error())); }

    void remoteOnlyFileDownloadsThenShowsDetails()
    {
        HubKit kit(m_server);
        HubKit other(m_server);
        prepareRemoteOnly(kit, other);
        StorageCore core(Paths(other.root().dataRoot(), other.root().cacheRoot()));
        startCore(core);
        EditorArea area(core);
        area.show();
        area.openFile(QStringLiteral("blob.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(
            area.currentTab() && area.currentTab()->state() == EditorTab::State::Binary, 30000);
        const EditorTab *tab = area.currentTab();
        // The bar went determinate: the download reported its size.
        QCOMPARE(tab->download()->progressBar()->maximum(), 1000);
        QCOMPARE(tab->download()->progressBar()->value(), 1000);
        QVERIFY(
            QFile::exists(other.workspace(QStringLiteral("lazy")) + QStringLiteral("/blob.bin")));
        const FileDetailsPanel *details = tab->details();
        QCOMPARE(details->field(QStringLiteral("Layer")), QStringLiteral("hub"));
        QTRY_VERIFY2(details->field(QStringLiteral("Dataset")).contains(QStringLiteral("lazy")),
                     qPrintable(details->field(QStringLiteral("Dataset"))));
        const QString commit = details->field(QStringLiteral("Hub commit"));
        QVERIFY2(commit.size() >= 7 && !commit.contains(QLatin1Char(' ')), qPrintable(commit));
    }

    void cancelEndsAHangingDownloadAndRetryFetches()
    {
        HubKit kit(m_server);
        HubKit other(m_server);
        prepareRemoteOnly(kit, other);
        other.setSettings(R"({"hubTimeoutSeconds": 60})");
        StorageCore core(Paths(other.root().dataRoot(), other.root().cacheRoot()));
        startCore(core);
        EditorArea area(core);
        area.show();
        m_server.fault(R"({"path": "^/__cdn/lfs/", "kind": "stall"})");
        area.openFile(QStringLiteral("blob.bin"));
        QTRY_VERIFY_WITH_TIMEOUT(area.currentTab() &&
                                     area.currentTab()->state() == EditorTab::State::Downloading,
                                 30000);
        EditorTab *tab = area.currentTab();
        QVERIFY(tab->download()->isVisible());
        QVERIFY(tab->download()->cancelButton()->isVisible());
        QTest::qWait(300); // the request is out and hanging
        QCOMPARE(tab->state(), EditorTab::State::Downloading);
        tab->download()->cancelButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(tab->state(), EditorTab::State::Failed, 5000);
        QVERIFY2(tab->download()->message().contains(QStringLiteral("cancelled")),
                 qPrintable(tab->download()->message()));
        QVERIFY(tab->download()->retryButton()->isVisible());
        QVERIFY(
            !QFile::exists(other.workspace(QStringLiteral("lazy")) + QStringLiteral("/blob.bin")));

        m_server.clearFaults();
        tab->download()->retryButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(tab->state(), EditorTab::State::Binary, 30000);
    }
};

QTEST_MAIN(TestEditorHub)
#include "tst_editor_hub.moc"
