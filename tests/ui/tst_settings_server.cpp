// The window's REST server from its settings, as hawkmoth-gui wires it (services, scheduler,
// RestServerSwitch, MainWindow): on at start when the settings say so, shown in the status bar;
// turned off and on again in the settings dialog, whose status line follows the server; the token
// is copied to the clipboard, never shown, and a request with it is answered.
// Writes screenshots to HAWKMOTH_SCREENSHOT_DIR for a person to look at.

#include "AppCommandService.h"
#include "AppServices.h"
#include "JobScheduler.h"
#include "LocalServerPanel.h"
#include "MainWindow.h"
#include "RestServerSwitch.h"
#include "Screenshots.h"
#include "SettingsTestKit.h"
#include "TestSupport.h"

#include <QCheckBox>
#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTabWidget>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace hawkmoth;
using Phase = LocalServerState::Phase;

namespace {

constexpr int slowMs = test::settingsSlowMs;

} // namespace

class TestSettingsServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void turnedOnAndOffFromTheWindow()
    {
        test::TempRoot root;
        test::isolateGitConfiguration(root);
        // On from the start, on any free port; no automatic sync to start git work.
        test::writeFile(root.dataRoot() + QStringLiteral("/settings.json"),
                        R"({"autoSync": false, "restServer": true, "restServerPort": 0})");
        AppServices services(Paths(root.dataRoot(), root.cacheRoot()));
        StorageCore &core = services.core();
        QVERIFY(core.start().result().ok());
        JobScheduler scheduler(core);
        AppCommandService commands(core, services.catalog());
        RestServerSwitch server(services, &scheduler);
        server.followSettings();
        auto window = std::make_unique<MainWindow>(core, commands);
        window->setLocalServer(&server);
        window->show();
        scheduler.followCurrentWorkspace(core);

        // Serving at start, and the status bar says where.
        QTRY_COMPARE_WITH_TIMEOUT(server.state().phase, Phase::Listening, slowMs);
        QLabel *barLabel = nullptr;
        for (QLabel *label : window->statusBar()->findChildren<QLabel *>())
            barLabel = label->accessibleName() == QLatin1String("REST API") ? label : barLabel;
        QVERIFY(barLabel);
        QVERIFY(barLabel->isVisible());
        QCOMPARE(barLabel->text(), QStringLiteral("REST API: ") + server.state().url());

        SettingsDialog dialog(core, &server);
        test::openSettings(dialog);
        LocalServerPanel *panel = dialog.serverPanel();
        dialog.tabs()->setCurrentIndex(dialog.tabs()->indexOf(panel->parentWidget()));
        QVERIFY(panel->enabledBox()->isChecked());
        QCOMPARE(panel->portBox()->value(), 0);
        QCOMPARE(panel->portBox()->text(), QStringLiteral("any free port"));
        QCOMPARE(panel->stateLabel()->text(),
                 QStringLiteral("Listening on ") + server.state().url());

        // Off in the dialog: the server stops, the status line and the status bar follow.
        panel->enabledBox()->click();
        test::applySettings(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(server.state().phase, Phase::Off, slowMs);
        QCOMPARE(panel->stateLabel()->text(), QStringLiteral("Off"));
        QVERIFY(!barLabel->isVisible());

        // On again.
        panel->enabledBox()->click();
        test::applySettings(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(server.state().phase, Phase::Listening, slowMs);
        const QString url = server.state().url();
        QCOMPARE(panel->stateLabel()->text(), QStringLiteral("Listening on ") + url);
        QVERIFY(barLabel->isVisible());

        // Copy Token: the clipboard holds the token, the dialog shows only its end.
        QSignalSpy copied(panel, &LocalServerPanel::tokenCopied);
        panel->copyButton()->click();
        QVERIFY(copied.wait(slowMs));
        QVERIFY2(copied.first().first().toBool(), qPrintable(copied.first().at(1).toString()));
        const QByteArray token =
            test::readFile(root.dataRoot() + QStringLiteral("/server-token")).trimmed();
        QCOMPARE(token.size(), 64);
        QCOMPARE(QGuiApplication::clipboard()->text().toLatin1(), token);
        QVERIFY(panel->copyLabel()->text().contains(QString::fromLatin1(token.right(4))));
        for (const QString &text : test::visibleTexts(*window) + test::visibleTexts(dialog))
            QVERIFY2(!text.contains(QString::fromLatin1(token)), "the window shows the token");
        QVERIFY(test::grabWidget(dialog, QStringLiteral("settings-server")));

        // The copied token opens the API; the server is this window's (the same core).
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(url + QStringLiteral("/storage/workspace/current")));
        request.setRawHeader("Authorization",
                             "Bearer " + QGuiApplication::clipboard()->text().toLatin1());
        QNetworkReply *reply = network.get(request);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(slowMs));
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        const auto current = core.workspaces().current().result();
        QVERIFY(current.ok());
        QVERIFY2(reply->readAll().contains(current->name().toUtf8()), "another workspace");
        delete reply;
        QVERIFY(test::grabWidget(*window, QStringLiteral("window-rest-status")));

        // A port in use: the dialog says so in red, the status bar shows it as an error.
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        panel->portBox()->setValue(holder.serverPort());
        test::applySettings(dialog);
        QTRY_COMPARE_WITH_TIMEOUT(server.state().phase, Phase::Failed, slowMs);
        QVERIFY2(panel->stateLabel()->text().contains(QLatin1String("in use")),
                 qPrintable(panel->stateLabel()->text()));
        QCOMPARE(barLabel->text(), QStringLiteral("REST API: not running"));
        QVERIFY(test::grabWidget(dialog, QStringLiteral("settings-server-failed")));

        window.reset();
    }
};

QTEST_MAIN(TestSettingsServer)
#include "tst_settings_server.moc"
