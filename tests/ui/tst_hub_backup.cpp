// "Back up code to the Hub…" in the window against the test Hub: the workspace menu's entry
// opens the dialog, which makes a Space on the Hub the git remote off the GUI thread and queues
// the pull and push jobs; the scheduler pushes the workspace's commits there. A refused token is
// said in the dialog, which stays open.

#include "HubBackupDialog.h"
#include "HubTestKit.h"
#include "Screenshots.h"
#include "WindowFixture.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>

using namespace hawkmoth;
using namespace hawkmoth::test;

class TestHubBackup : public QObject
{
    Q_OBJECT

private:
    HubServer m_server;

    HubBackupDialog *openDialog(MainWindow &window)
    {
        auto *action = window.findChild<QAction *>(QStringLiteral("backUpToHubAction"));
        if (!action)
            return nullptr;
        action->trigger();
        return window.findChild<HubBackupDialog *>();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_server.isRunning(), qPrintable(m_server.error()));
        qputenv("HF_ENDPOINT", m_server.url().toUtf8());
    }

    void backsUpTheWorkspaceToASpace()
    {
        qputenv("HF_TOKEN", HubServer::token);
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("gui")}));
        EXPECT_OK(kit.hm({QStringLiteral("save"), QStringLiteral("app.py")}, "print(1)\n"));
        EXPECT_OK(kit.hm({QStringLiteral("sync")}));
        Window window(kit.root());
        window.scheduler().followCurrentWorkspace(window.core());
        HubBackupDialog *dialog = openDialog(*window);
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->typeBox()->setCurrentIndex(dialog->typeBox()->findData(QStringLiteral("space")));
        dialog->nameEdit()->setText(QStringLiteral("gui-site"));
        QVERIFY(grabWidget(*dialog, QStringLiteral("hub-backup-dialog")));
        dialog->startButton()->click();
        // The window never waits: the dialog answers once the Hub did.
        QPointer<HubBackupDialog> guard(dialog);
        QTRY_VERIFY2_WITH_TIMEOUT(!guard || !guard->isVisible(),
                                  qPrintable(guard ? guard->noteLabel()->text() : QString()),
                                  30000);
        // The scheduler runs the pull and the push: the remote-tracking branch appears.
        const QString ws = kit.workspace(QStringLiteral("gui"));
        QTRY_VERIFY2_WITH_TIMEOUT(
            QFile::exists(ws + QStringLiteral("/.git/refs/remotes/origin/main")),
            kit.hm({QStringLiteral("jobs"), QStringLiteral("--all")}).out.constData(), 60000);
        const QString url = QStringLiteral("http://alice:%1@127.0.0.1:%2/spaces/alice/gui-site")
                                .arg(QLatin1String(HubServer::token))
                                .arg(m_server.port());
        QTRY_COMPARE_WITH_TIMEOUT(
            runProgram(QStringLiteral("git"), {QStringLiteral("ls-remote"), url}).out.left(40),
            runProgram(QStringLiteral("git"), {QStringLiteral("-C"), ws,
                                               QStringLiteral("rev-parse"), QStringLiteral("HEAD")})
                .out.left(40),
            30000);
        QVERIFY(readFile(ws + QStringLiteral("/.git/config")).contains("/spaces/alice/gui-site"));
    }

    void refusedTokenIsSaidInTheDialog()
    {
        qputenv("HF_TOKEN", "hf_not_a_token");
        HubKit kit(m_server);
        EXPECT_OK(kit.hm({QStringLiteral("create-project"), QStringLiteral("nope")}));
        Window window(kit.root());
        HubBackupDialog *dialog = openDialog(*window);
        QVERIFY(dialog);
        dialog->startButton()->click();
        QVERIFY(!dialog->startButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->startButton()->isEnabled(), 30000);
        QVERIFY(dialog->isVisible());
        QVERIFY2(dialog->noteLabel()->text().contains(QStringLiteral("hawkmoth login")),
                 qPrintable(dialog->noteLabel()->text()));
        QVERIFY(grabWidget(*dialog, QStringLiteral("hub-backup-refused")));
        qputenv("HF_TOKEN", HubServer::token);
    }
};

QTEST_MAIN(TestHubBackup)
#include "tst_hub_backup.moc"
