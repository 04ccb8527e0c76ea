// "Open from the Hub…" against the test Hub: a workspace synced from one data root is restored in
// another through the workspace switcher's dialog — its Hub files from the dataset and its code
// from the git remote the dataset names, with the same bytes, under the name typed, made the
// current workspace. A dataset the Hub does not have is said in the dialog, which stays open and
// makes no workspace.

#include "HubTestKit.h"
#include "RemoteWorkspaceDialog.h"
#include "StorageCore.h"
#include "WorkspaceSwitcher.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>

using namespace hawkmoth;
using namespace hawkmoth::test;

namespace {

constexpr int slowMs = 60000;

// An empty data root with a started core and the workspace switcher over it.
struct Machine
{
    TempRoot root;
    StorageCore core{Paths(root.dataRoot(), root.cacheRoot())};
    std::unique_ptr<WorkspaceSwitcher> switcher;

    // The switcher's "Open from the Hub…" dialog, opened as a user opens it; null when the
    // core or the switcher did not come up.
    RemoteWorkspaceDialog *openDialog()
    {
        if (!core.start().result().ok())
            return nullptr;
        switcher = std::make_unique<WorkspaceSwitcher>(core);
        if (!QTest::qWaitFor([this] { return switcher->comboBox()->isEnabled(); }, slowMs))
            return nullptr;
        auto *action = switcher->findChild<QAction *>(QStringLiteral("openFromHub"));
        if (!action)
            return nullptr;
        action->trigger();
        return switcher->findChild<RemoteWorkspaceDialog *>();
    }
};

} // namespace

class TestHubOpenDialog : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.isRunning(), qPrintable(m_server.error()));
        qputenv("HF_ENDPOINT", m_server.url().toUtf8());
        qputenv("HF_TOKEN", HubServer::token);
    }

    void restoresAWorkspaceFromItsDataset()
    {
        // Another machine's workspace, synced to the Hub.
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("field")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("notes.md")}, "# field notes\n"));
        const QByteArray weights = randomBytes(300 * 1024, 7);
        writeFile(kit.root().file(QStringLiteral("weights.bin")), weights);
        EXPECT_OK(kit.hm({QStringLiteral("import"), kit.root().file(QStringLiteral("weights.bin")),
                          QStringLiteral("--to"), QStringLiteral("data")}));
        // The code's git remote, which the dataset's workspace.json names for the restore.
        EXPECT_OK(kit.hm({QStringLiteral("remote"), QStringLiteral("set"),
                          kit.bareRemote(QStringLiteral("field"))}));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        QCOMPARE(
            kit.entry(QStringLiteral("data/weights.bin")).value(QLatin1String("layer")).toString(),
            QStringLiteral("hub"));
        const QString dataset = kit.hubStatus().value(QLatin1String("dataset")).toString();
        QVERIFY2(!dataset.isEmpty(),
                 kit.hm({QStringLiteral("hub"), QStringLiteral("status")}).out.constData());

        // This machine: an empty data root.
        Machine here;
        StorageCore &core = here.core;
        RemoteWorkspaceDialog *dialog = here.openDialog();
        QVERIFY(dialog);
        WorkspaceSwitcher &switcher = *here.switcher;
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->startButton()->isEnabled()); // no dataset yet
        dialog->sourceEdit()->setText(dataset);
        dialog->nameEdit()->setText(QStringLiteral("restored"));
        QVERIFY(dialog->startButton()->isEnabled());
        QSignalSpy opened(dialog, &RemoteWorkspaceDialog::opened);
        QSignalSpy finished(dialog, &QDialog::finished);
        dialog->startButton()->click();
        QVERIFY(dialog->isRunning());
        QVERIFY(!dialog->startButton()->isEnabled()); // one restore at a time
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
        QCOMPARE(finished.first().first().toInt(), int(QDialog::Accepted));
        QCOMPARE(opened.size(), 1);
        QCOMPARE(opened.first().first().toString(), QStringLiteral("restored"));

        // The switcher shows it, and it is the core's current workspace, with the same files.
        QTRY_COMPARE_WITH_TIMEOUT(switcher.comboBox()->currentText(), QStringLiteral("restored"),
                                  slowMs);
        const auto ws = core.workspaces().current().result();
        QVERIFY(ws.ok());
        QCOMPARE(ws->name(), QStringLiteral("restored"));
        QCOMPARE(readFile(ws->absolutePath(QStringLiteral("notes.md"))),
                 QByteArray("# field notes\n"));
        QCOMPARE(readFile(ws->absolutePath(QStringLiteral("data/weights.bin"))), weights);
        const auto listing = core.files().list(*ws, QStringLiteral("data"), false).result();
        QVERIFY(listing.ok());
        QCOMPARE(listing->files.size(), 1);
        QCOMPARE(listing->files.first().layer, Layer::Hub);
        QCOMPARE(listing->files.first().state, SyncState::Synced);
    }

    void unknownDatasetIsSaidInTheDialog()
    {
        Machine here;
        StorageCore &core = here.core;
        RemoteWorkspaceDialog *dialog = here.openDialog();
        QVERIFY(dialog);
        dialog->sourceEdit()->setText(QStringLiteral("alice/hawkmoth-never-synced"));
        dialog->nameEdit()->setText(QStringLiteral("ghost"));
        dialog->startButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), slowMs);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->startButton()->isEnabled()); // try again with another name
        QVERIFY2(dialog->noteLabel()->text().contains(QLatin1String("never-synced")),
                 qPrintable(dialog->noteLabel()->text()));
        QVERIFY(!core.registry().find(QStringLiteral("ghost")).ok());
        QCOMPARE(core.workspaces().current().result()->name(), QStringLiteral("default"));
    }
};

QTEST_MAIN(TestHubOpenDialog)
#include "tst_hub_open_dialog.moc"
