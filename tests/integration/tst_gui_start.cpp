// The real window as a process (offscreen, its own data root and HOME): `hawkmoth-gui --workspace
// NAME` (and `hawkmoth --workspace NAME`, which hands over to it) opens that workspace, makes it
// the current one, and a SIGTERM quits it cleanly: it exits 0 and the session it writes names the
// workspace and the tab that were open.

#include "TestSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTest>

#include <csignal>

using namespace hawkmoth::test;

namespace {

constexpr int waitMs = 60000;

QString guiBinary()
{
    return QFileInfo(hawkmothBinary()).absolutePath() + QStringLiteral("/hawkmoth-gui");
}

QString currentWorkspace(const TempRoot &root)
{
    const ProcessResult r =
        runHawkmoth(root, {QStringLiteral("current"), QStringLiteral("--json")});
    return QJsonDocument::fromJson(r.out).object().value(QLatin1String("name")).toString();
}

} // namespace

class TestGuiStart : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensTheWorkspaceAsked_data()
    {
        QTest::addColumn<QString>("program");
        QTest::newRow("hawkmoth-gui") << guiBinary();
        QTest::newRow("hawkmoth") << hawkmothBinary();
    }
    void opensTheWorkspaceAsked()
    {
        QFETCH(QString, program);
        TempRoot root;
        EXPECT_OK(runHawkmoth(root, {QStringLiteral("create-project"), QStringLiteral("beta"),
                                     QStringLiteral("--no-switch")}));
        EXPECT_OK(runHawkmoth(root,
                              {QStringLiteral("-w"), QStringLiteral("beta"), QStringLiteral("save"),
                               QStringLiteral("plan.md")},
                              "beta's plan\n"));
        QCOMPARE(currentWorkspace(root), QStringLiteral("default"));
        const QString session = root.dataRoot() + QStringLiteral("/window.ini");

        QProcess gui;
        QProcessEnvironment env = root.environment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        gui.setProcessEnvironment(env);
        gui.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        gui.start(program, {QStringLiteral("--workspace"), QStringLiteral("beta")});
        QVERIFY2(gui.waitForStarted(), qPrintable(gui.errorString()));
        // The window opens once the switch is done; the switch is persisted.
        QTRY_COMPARE_WITH_TIMEOUT(currentWorkspace(root), QStringLiteral("beta"), waitMs);
        QCOMPARE(gui.state(), QProcess::Running);

        QVERIFY(!QFileInfo::exists(session)); // what follows is written by this run
        ::kill(pid_t(gui.processId()), SIGTERM);
        QVERIFY(gui.waitForFinished(waitMs));
        QCOMPARE(gui.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gui.exitCode(), 0);
        QSettings ini(session, QSettings::IniFormat);
        QCOMPARE(ini.value(QStringLiteral("tabs/workspace")).toString(), QStringLiteral("beta"));
        QVERIFY(!ini.value(QStringLiteral("window/geometry")).toByteArray().isEmpty());
        QCOMPARE(currentWorkspace(root), QStringLiteral("beta"));
    }
};

QTEST_GUILESS_MAIN(TestGuiStart)
#include "tst_gui_start.moc"
