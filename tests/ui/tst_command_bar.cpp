// The command bar over AppCommandService against a real StorageCore: a typed command runs off the
// GUI thread and the switcher follows what it did; history survives a new bar; completion offers
// commands, workspace names and paths; answers show as text and tables, errors apart. Writes
// screenshots to /tmp/hawkmoth-screens for a person to look at.

#include "AppCommandService.h"
#include "AppServices.h"
#include "CommandBar.h"
#include "CommandHistory.h"
#include "Screenshots.h"
#include "StorageCore.h"
#include "TestSupport.h"
#include "WorkspaceListModel.h"
#include "WorkspaceSwitcher.h"

#include <QAbstractItemView>
#include <QComboBox>
#include <QCompleter>
#include <QDir>
#include <QLineEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBrowser>

using namespace hawkmoth;

namespace {

// Core operations on a loaded machine (CI shares its cores) may take seconds.
constexpr int slowMs = 30000;

QStringList offered(CommandBar &bar)
{
    auto *completer = bar.findChild<QCompleter *>();
    QStringList out;
    for (int i = 0; i < completer->completionModel()->rowCount(); ++i)
        out.append(completer->completionModel()->index(i, 0).data().toString());
    return out;
}

void run(CommandBar &bar, const QString &line, bool expectOk = true)
{
    QSignalSpy finished(&bar, &CommandBar::commandFinished);
    bar.input()->setFocus();
    QTest::keyClicks(bar.input(), line);
    QTest::keyClick(bar.input(), Qt::Key_Return);
    QVERIFY(bar.input()->text().isEmpty());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
    QCOMPARE(finished.first().at(0).toString(), line);
    QCOMPARE(finished.first().at(1).toBool(), expectOk);
}

} // namespace

class TestCommandBar : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::TempRoot> m_root;
    std::unique_ptr<AppServices> m_services;

    StorageCore &core() { return m_services->core(); }
    QString historyFile() const { return m_root->dataRoot() + QStringLiteral("/command-history"); }

private Q_SLOTS:
    void init()
    {
        m_root = std::make_unique<test::TempRoot>();
        m_services = std::make_unique<AppServices>(Paths(m_root->dataRoot(), m_root->cacheRoot()));
        QVERIFY(core().start().result().ok());
    }

    void cleanup()
    {
        m_services.reset();
        m_root.reset();
    }

    void createProjectShowsInTheSwitcher()
    {
        AppCommandService service(core(), m_services->catalog());
        CommandBar bar(service);
        bar.setHistoryFile(historyFile());
        WorkspaceSwitcher switcher(core());
        bar.show();
        QTRY_VERIFY_WITH_TIMEOUT(switcher.comboBox()->isEnabled(), slowMs);
        run(bar, QStringLiteral("create project x"));
        QVERIFY(bar.transcript()->toPlainText().contains(QLatin1String("created workspace 'x'")));
        QTRY_COMPARE_WITH_TIMEOUT(switcher.comboBox()->currentText(), QStringLiteral("x"), slowMs);
        QCOMPARE(switcher.currentWorkspace(), QStringLiteral("x"));
        QVERIFY(switcher.model()->names().contains(QStringLiteral("x")));
    }

    void historySurvivesANewBar()
    {
        AppCommandService service(core(), m_services->catalog());
        {
            CommandBar bar(service);
            bar.setHistoryFile(historyFile());
            run(bar, QStringLiteral("list projects"));
            run(bar, QStringLiteral("current project"));
            // Up recalls, newest first; Down goes back to what was being typed.
            QTest::keyClicks(bar.input(), QStringLiteral("draft"));
            QTest::keyClick(bar.input(), Qt::Key_Up);
            QCOMPARE(bar.input()->text(), QStringLiteral("current project"));
            QTest::keyClick(bar.input(), Qt::Key_Up);
            QCOMPARE(bar.input()->text(), QStringLiteral("list projects"));
            QTest::keyClick(bar.input(), Qt::Key_Down);
            QTest::keyClick(bar.input(), Qt::Key_Down);
            QCOMPARE(bar.input()->text(), QStringLiteral("draft"));
        } // the bar's history writes are finished when it goes
        CommandBar again(service);
        QSignalSpy loaded(&again.history(), &CommandHistory::loaded);
        again.setHistoryFile(historyFile());
        QTRY_COMPARE(loaded.size(), 1);
        again.input()->setFocus();
        QTest::keyClick(again.input(), Qt::Key_Up);
        QCOMPARE(again.input()->text(), QStringLiteral("current project"));
        QTest::keyClick(again.input(), Qt::Key_Up);
        QCOMPARE(again.input()->text(), QStringLiteral("list projects"));
    }

    void completionOffersCommandsNamesAndPaths()
    {
        QVERIFY(core()
                    .workspaces()
                    .create(QStringLiteral("photos"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        QVERIFY(core()
                    .workspaces()
                    .create(QStringLiteral("papers"), QStringLiteral("empty"), false)
                    .result()
                    .ok());
        auto ws = core().workspaces().current().result();
        QVERIFY(core().files().save(*ws, QStringLiteral("src/main.py"), "print()").result().ok());
        AppCommandService service(core(), m_services->catalog());
        CommandBar bar(service);
        bar.setHistoryFile(historyFile());
        bar.show();
        bar.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&bar)); // what arrives later is offered to the focus
        bar.input()->setFocus();

        QTest::keyClicks(bar.input(), QStringLiteral("cr"));
        QTRY_VERIFY(offered(bar).contains(QStringLiteral("create project ")));
        bar.input()->clear();
        QTest::keyClicks(bar.input(), QStringLiteral("he"));
        QTRY_VERIFY(offered(bar).contains(QStringLiteral("help")));

        bar.input()->clear();
        QTest::keyClicks(bar.input(), QStringLiteral("switch to p"));
        QTRY_COMPARE(offered(bar), (QStringList{QStringLiteral("switch to papers"),
                                                QStringLiteral("switch to photos")}));
        QTest::keyClicks(bar.input(), QStringLiteral("h"));
        QTRY_COMPARE(offered(bar), QStringList{QStringLiteral("switch to photos")});

        // Paths: the folder is listed on the pool, and offered once it has arrived.
        bar.input()->clear();
        QTest::keyClicks(bar.input(), QStringLiteral("list files s"));
        QTRY_VERIFY_WITH_TIMEOUT(offered(bar).contains(QStringLiteral("list files src/")), slowMs);
        bar.input()->clear();
        QTest::keyClicks(bar.input(), QStringLiteral("load src/m"));
        QTRY_VERIFY_WITH_TIMEOUT(offered(bar).contains(QStringLiteral("load src/main.py")), slowMs);
        // Tab with one choice takes it.
        bar.findChild<QCompleter *>()->popup()->hide();
        QTest::keyClick(bar.input(), Qt::Key_Tab);
        QCOMPARE(bar.input()->text(), QStringLiteral("load src/main.py"));
    }

    void answersAsTablesAndErrors()
    {
        auto ws = core().workspaces().current().result();
        QVERIFY(core().files().save(*ws, QStringLiteral("notes.md"), "# notes\n").result().ok());
        QVERIFY(core().files().save(*ws, QStringLiteral("src/app.py"), "x = 1\n").result().ok());
        QVERIFY(core()
                    .files()
                    .save(*ws, QStringLiteral("data/blob.bin"), test::randomBytes(300 * 1024))
                    .result()
                    .ok());
        AppCommandService service(core(), m_services->catalog());
        CommandBar bar(service);
        bar.setHistoryFile(historyFile());
        bar.resize(900, 900);
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        run(bar, QStringLiteral("help"));
        run(bar, QStringLiteral("list files"));
        run(bar, QStringLiteral("storage status"));
        run(bar, QStringLiteral("swich to nowhere"), false);
        run(bar, QStringLiteral("switch to nowhere"), false);
        const QString text = bar.transcript()->toPlainText();
        QVERIFY(text.contains(QLatin1String("create project NAME [from TEMPLATE]")));
        QVERIFY(text.contains(QLatin1String("notes.md")));
        QVERIFY(text.contains(QLatin1String("data/")));
        QVERIFY(text.contains(QLatin1String("files: ")) || text.contains(QLatin1String("jobs:")));
        QVERIFY(text.contains(QLatin1String("did you mean")));
        QVERIFY(text.contains(QLatin1String("Error:")));
        // Tables in the document, and the error in a frame of its own colour.
        const QString html = bar.transcript()->toHtml();
        QVERIFY(html.contains(QLatin1String("<table")));
        QVERIFY(html.contains(QLatin1String("Layer")));
        QVERIFY(test::grabWidget(bar, QStringLiteral("command-bar")));
        bar.transcript()->verticalScrollBar()->setValue(0);
        QVERIFY(test::grabWidget(bar, QStringLiteral("command-bar-top")));
    }
};

QTEST_MAIN(TestCommandBar)
#include "tst_command_bar.moc"
