// The whole window over a real StorageCore: every panel is in place, a command typed in the command
// bar shows in the switcher and the tree, an open file and the layout come back at the next start,
// and an empty workspace greets the user; a tab follows a move typed in the command bar; every
// toolbar action has a sharp icon; View > Theme restyles it, and System follows the desktop's
// theme changes. HAWKMOTH_SCREENSHOT_DIR set: writes main-window.png, main-window-dark.png and
// main-window-system-light.png / -dark.png.

#include "AppTheme.h"
#include "CodeEditor.h"
#include "CommandBar.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "MainWindow.h"
#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "ProjectTreeView.h"
#include "Screenshots.h"
#include "StorageStatsPanel.h"
#include "TestSupport.h"
#include "WindowFixture.h"
#include "WorkspaceSwitcher.h"

#include <Qsci/qscilexer.h>

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLineEdit>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QStyle>
#include <QTest>
#include <QTextEdit>
#include <QToolBar>
#include <QWidgetAction>

using namespace hawkmoth;

namespace {

constexpr int slowMs = 30000;

using test::Window;

bool treeShows(ProjectTree &tree, const QString &path)
{
    return tree.model()->indexOfPath(path).isValid();
}

// Saves path in the current workspace and opens it in the editor: its editor, or null.
CodeEditor *openSaved(Window &w, const QString &path, const QByteArray &content)
{
    auto ws = w.core().workspaces().current().result();
    if (!ws || !w.core().files().save(*ws, path, content).result())
        return nullptr;
    QSignalSpy loaded(w->editor(), &EditorArea::fileLoaded);
    w->editor()->openFile(path);
    if (!QTest::qWaitFor([&loaded] { return loaded.size() == 1; }, slowMs))
        return nullptr;
    return w->editor()->currentTab()->editor();
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPanelIsInPlace()
    {
        test::TempRoot root;
        Window w(root);
        QStringList docks;
        for (QDockWidget *d : w->findChildren<QDockWidget *>())
            docks << d->objectName();
        docks.sort();
        QCOMPARE(docks,
                 (QStringList{QStringLiteral("CommandDock"), QStringLiteral("JobsDock"),
                              QStringLiteral("ProjectDock"), QStringLiteral("StorageDock")}));
        QStringList menus;
        for (QAction *a : w->menuBar()->actions())
            menus << a->text().remove(QLatin1Char('&'));
        QCOMPARE(menus, (QStringList{QStringLiteral("File"), QStringLiteral("Edit"),
                                     QStringLiteral("Project"), QStringLiteral("Workspace"),
                                     QStringLiteral("View"), QStringLiteral("Help")}));
        // Nothing open yet: the welcome text says how to begin.
        auto *centre = qobject_cast<QStackedWidget *>(w->centralWidget());
        QVERIFY(centre);
        QVERIFY(centre->currentWidget()->findChild<QWidget *>(QStringLiteral("welcomeText")));
        // Every action that has a shortcut has a unique one (an ambiguous one never fires).
        QHash<QKeySequence, QString> seen;
        for (QAction *a : w->findChildren<QAction *>()) {
            for (const QKeySequence &k : a->shortcuts()) {
                if (k.isEmpty() || a->shortcutContext() == Qt::WidgetShortcut ||
                    a->shortcutContext() == Qt::WidgetWithChildrenShortcut)
                    continue;
                QVERIFY2(!seen.contains(k),
                         qPrintable(QStringLiteral("%1: %2 and %3")
                                        .arg(k.toString(), seen.value(k), a->text())));
                seen.insert(k, a->text());
            }
        }
    }

    // Every toolbar action has an icon of its own that stays sharp on HiDPI: asked for at twice
    // the pixels it draws in, it comes at twice the pixels (an SVG, drawn at that size), and it
    // shows something.
    void everyToolbarActionHasASharpIcon()
    {
        test::TempRoot root;
        Window w(root);
        const QList<QToolBar *> bars = w->findChildren<QToolBar *>();
        QVERIFY(!bars.isEmpty());
        int checked = 0;
        for (QToolBar *bar : bars) {
            for (QAction *a : bar->actions()) {
                if (a->isSeparator() || qobject_cast<QWidgetAction *>(a))
                    continue;
                const QString what = a->text().remove(QLatin1Char('&'));
                QVERIFY2(!a->icon().isNull(), qPrintable(what));
                const QSize size = bar->iconSize();
                const QPixmap hi = a->icon().pixmap(size, 2.0);
                QVERIFY2(
                    hi.size() == size * 2,
                    qPrintable(
                        QStringLiteral("%1: %2x%3").arg(what).arg(hi.width()).arg(hi.height())));
                const QImage image = hi.toImage();
                bool drawn = false;
                for (int y = 0; y < image.height() && !drawn; ++y) {
                    for (int x = 0; x < image.width() && !drawn; ++x)
                        drawn = qAlpha(image.pixel(x, y)) > 0;
                }
                QVERIFY2(drawn, qPrintable(what));
                ++checked;
            }
        }
        QVERIFY(checked >= 8);
    }

    // Set-up that walks the workspace waits for the tree's first rows: the window says when,
    // once, not again at the next switch; the stats panel's charts come with its first numbers.
    void firstRowsAndChartsComeOnceAndInOrder()
    {
        test::TempRoot root;
        Window w(root);
        QSignalSpy shown(&*w, &MainWindow::firstRowsShown);
        QVERIFY(!w->statsPanel()->layerChart()); // the event loop has not run yet
        QTRY_COMPARE_WITH_TIMEOUT(shown.size(), 1, slowMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->statsPanel()->layerChart(), slowMs);
        QVERIFY(w->statsPanel()->jobChart() && w->statsPanel()->rateChart());
        QSignalSpy finished(w->commandBar(), &CommandBar::commandFinished);
        w->commandBar()->execute(QStringLiteral("create project other"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
        QTRY_COMPARE_WITH_TIMEOUT(w->switcher()->comboBox()->currentText(), QStringLiteral("other"),
                                  slowMs);
        QTRY_VERIFY_WITH_TIMEOUT(w->tree()->model()->workspace().name() ==
                                         QStringLiteral("other") &&
                                     !w->tree()->model()->isLoading(),
                                 slowMs);
        QCOMPARE(shown.size(), 1);
    }

    void aCommandShowsInTheSwitcherAndTheTree()
    {
        test::TempRoot root;
        Window w(root);
        QTRY_VERIFY_WITH_TIMEOUT(w->switcher()->comboBox()->isEnabled(), slowMs);
        QSignalSpy finished(w->commandBar(), &CommandBar::commandFinished);
        w->commandBar()->execute(QStringLiteral("create project demo"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
        QVERIFY(finished.first().at(1).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(w->switcher()->comboBox()->currentText(), QStringLiteral("demo"),
                                  slowMs);
        auto demo = w.core().workspaces().current().result();
        QVERIFY(demo.ok());
        QCOMPARE(demo->name(), QStringLiteral("demo"));
        QVERIFY(w.core().files().save(*demo, QStringLiteral("notes.md"), "hello\n").result());
        QTRY_VERIFY_WITH_TIMEOUT(treeShows(*w->tree(), QStringLiteral("notes.md")), slowMs);
    }

    // A file renamed by a typed command, not from the tree, keeps its open tab and unsaved text.
    void aTabFollowsAMoveTypedInTheCommandBar()
    {
        test::TempRoot root;
        Window w(root);
        CodeEditor *draft = openSaved(w, QStringLiteral("draft.md"), "one\n");
        QVERIFY(draft);
        draft->append(QStringLiteral("two\n"));
        QSignalSpy finished(w->commandBar(), &CommandBar::commandFinished);
        w->commandBar()->execute(QStringLiteral("move draft.md to notes/final.md"));
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, slowMs);
        QVERIFY(finished.first().at(1).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(w->editor()->openPaths(),
                                  QStringList{QStringLiteral("notes/final.md")}, slowMs);
        EditorTab *tab = w->editor()->tabFor(QStringLiteral("notes/final.md"));
        QTRY_COMPARE_WITH_TIMEOUT(tab->editor()->text(), QStringLiteral("one\ntwo\n"), slowMs);
        QVERIFY(tab->isModified());
    }

    void openTabsAndLayoutComeBack()
    {
        test::TempRoot root;
        QByteArray state;
        {
            Window w(root);
            auto ws = w.core().workspaces().current().result();
            QVERIFY(ws.ok());
            QVERIFY(w.core().files().save(*ws, QStringLiteral("app.py"), "print(1)\n").result());
            QSignalSpy loaded(w->editor(), &EditorArea::fileLoaded);
            w->editor()->openFile(QStringLiteral("app.py"));
            QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, slowMs);
            auto *jobs = w->findChild<QDockWidget *>(QStringLiteral("JobsDock"));
            jobs->raise();
            w->resize(1100, 700);
            state = w->saveState();
            QVERIFY(w->close());
        }
        Window again(root);
        QTRY_COMPARE_WITH_TIMEOUT(again->editor()->openPaths(),
                                  QStringList{QStringLiteral("app.py")}, slowMs);
        QCOMPARE(again->size(), QSize(1100, 700));
        QCOMPARE(again->saveState(), state);
        auto *centre = qobject_cast<QStackedWidget *>(again->centralWidget());
        QCOMPARE(centre->currentWidget(), again->editor());
    }

    // View > Theme restyles the open window at once and comes back at the next start.
    void themeFollowsTheMenuAndComesBack()
    {
        test::TempRoot root;
        const QColor startBase = QApplication::palette().color(QPalette::Base);
        QVERIFY(startBase.lightness() > 128); // offscreen starts light
        {
            Window w(root);
            auto ws = w.core().workspaces().current().result();
            QVERIFY(ws.ok());
            QVERIFY(w.core().files().save(*ws, QStringLiteral("a.py"), "x = 1\n").result());
            QSignalSpy loaded(w->editor(), &EditorArea::fileLoaded);
            w->editor()->openFile(QStringLiteral("a.py"));
            QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, slowMs);
            auto *dark = w->findChild<QAction *>(QStringLiteral("theme-dark"));
            QVERIFY(dark);
            dark->trigger();
            QVERIFY(dark->isChecked());
            QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 80);
            QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
            // The editor's paper and the tree follow the palette, not fixed colours.
            CodeEditor *code = w->editor()->currentTab()->editor();
            QTRY_VERIFY2(code->lexer() && code->lexer()->paper(0).lightness() < 80,
                         qPrintable(QStringLiteral("base %1 paper %2")
                                        .arg(code->palette().color(QPalette::Base).name(),
                                             code->paper().name())));
            QVERIFY(w->tree()->view()->palette().color(QPalette::Base).lightness() < 80);
            QVERIFY(w->close());
        }
        {
            Window again(root);
            QVERIFY(QApplication::palette().color(QPalette::Base).lightness() < 80);
            QVERIFY(again->findChild<QAction *>(QStringLiteral("theme-dark"))->isChecked());
            again->findChild<QAction *>(QStringLiteral("theme-system"))->trigger();
            QCOMPARE(QApplication::palette().color(QPalette::Base), startBase);
            QVERIFY(again->close());
        }
        QCOMPARE(AppTheme::parse(QStringLiteral("dark")), AppTheme::Mode::Dark);
        QCOMPARE(AppTheme::parse(QStringLiteral("nonsense")), AppTheme::Mode::System);
    }

    // View > Theme > System follows the desktop while the window runs: the platform's palette is
    // not pinned, and a theme change (here: the question flipped, then QEvent::ThemeChange as
    // Qt sends it) restyles the open window to dark and back. Light stays light.
    void systemThemeIsFollowedWhileTheWindowRuns()
    {
        test::TempRoot root;
        Window w(root);
        CodeEditor *code = openSaved(w, QStringLiteral("a.py"), "x = 1\n");
        QVERIFY(code);
        auto *theme = w->findChild<AppTheme *>();
        QVERIFY(theme);
        bool desktopDark = false;
        theme->setDarkQuestion([&desktopDark] { return desktopDark; });
        const auto themeChanges = [] {
            QEvent change(QEvent::ThemeChange);
            QCoreApplication::sendEvent(qApp, &change);
        };
        const auto isDark = [&w, code] {
            return QApplication::palette().color(QPalette::Base).lightness() < 80 &&
                   w->tree()->view()->palette().color(QPalette::Base).lightness() < 80 &&
                   code->lexer() && code->lexer()->paper(0).lightness() < 80;
        };
        const auto isLight = [&w, code] {
            return QApplication::palette().color(QPalette::Base).lightness() > 128 &&
                   w->tree()->view()->palette().color(QPalette::Base).lightness() > 128 &&
                   code->lexer() && code->lexer()->paper(0).lightness() > 128;
        };
        w->findChild<QAction *>(QStringLiteral("theme-system"))->trigger();
        QVERIFY(isLight());
        QVERIFY(!QCoreApplication::testAttribute(Qt::AA_SetPalette)); // Qt follows the platform
        const QColor platformBase = QApplication::palette().color(QPalette::Base);
        QVERIFY(test::grabWidget(*w, QStringLiteral("main-window-system-light")));

        desktopDark = true;
        themeChanges();
        QTRY_VERIFY(isDark());
        QVERIFY(w->findChild<QAction *>(QStringLiteral("theme-system"))->isChecked());
        QVERIFY(test::grabWidget(*w, QStringLiteral("main-window-system-dark")));

        desktopDark = false;
        themeChanges();
        QTRY_VERIFY(isLight());
        QCOMPARE(QApplication::palette().color(QPalette::Base), platformBase);
        QVERIFY(!QCoreApplication::testAttribute(Qt::AA_SetPalette));

        // A fixed choice is not the desktop's: a theme change leaves Light as it is.
        w->findChild<QAction *>(QStringLiteral("theme-light"))->trigger();
        desktopDark = true;
        themeChanges();
        QCoreApplication::processEvents();
        QVERIFY(isLight());
        // Back to System: the desktop's dark at once, then its light again.
        w->findChild<QAction *>(QStringLiteral("theme-system"))->trigger();
        QTRY_VERIFY(isDark());
        desktopDark = false;
        themeChanges();
        QTRY_VERIFY(isLight());
    }

    void screenshot()
    {
        test::TempRoot root;
        Window w(root);
        auto ws = w.core().workspaces().current().result();
        QVERIFY(ws.ok());
        QVERIFY(w.core()
                    .files()
                    .save(*ws, QStringLiteral("src/train.py"),
                          "import torch\n\n\ndef train(model, data):\n    \"\"\"One epoch.\"\"\"\n"
                          "    for batch in data:\n        loss = model(batch)\n"
                          "        loss.backward()\n    return loss\n")
                    .result());
        QVERIFY(w.core().files().save(*ws, QStringLiteral("README.md"), "# Demo\n").result());
        QVERIFY(w.core()
                    .files()
                    .save(*ws, QStringLiteral("data/weights.bin"), QByteArray(300 * 1024, 'w'))
                    .result());
        QVERIFY(w.core().files().save(*ws, QStringLiteral("scratch/notes.tmp"), "x").result());
        QSignalSpy loaded(w->editor(), &EditorArea::fileLoaded);
        w->editor()->openFile(QStringLiteral("src/train.py"));
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, slowMs);
        w->commandBar()->execute(QStringLiteral("storage status"));
        w->resize(1280, 800);
        QTest::qWait(1500); // the panels' coalesced reads, for the picture only
        QVERIFY(test::grabWidget(*w, QStringLiteral("main-window")));
        w->findChild<QAction *>(QStringLiteral("theme-dark"))->trigger();
        QTest::qWait(300); // the charts and the editor restyle on the palette's change
        QVERIFY(test::grabWidget(*w, QStringLiteral("main-window-dark")));
        w->findChild<QAction *>(QStringLiteral("theme-system"))->trigger();
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
