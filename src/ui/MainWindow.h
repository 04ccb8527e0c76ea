#pragma once
// The desktop window: the workspace switcher above the project tree on the left, the tabbed
// editor in the centre, the storage-stats panel on the right, the command bar and the jobs panel
// at the bottom; menus and a toolbar for every action, and a status bar. It only places and
// connects the widgets; each of them talks to the storage core's async API itself.

#include <QMainWindow>

class QActionGroup;
class QDockWidget;
class QMenu;
class QStackedWidget;

namespace hawkmoth {

class AppTheme;
class CommandBar;
class CommandService;
class EditorArea;
class JobsPanel;
class LocalServerControl;
class ProjectTree;
class StatusSummary;
class StorageCore;
class StorageStatsPanel;
class SyncActions;
class WindowStatusBar;
class WorkspaceSwitcher;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    MainWindow(StorageCore &core, CommandService &commands, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Geometry, docks and the open tabs of the last run, from sessionFile (an INI file).
    void restoreSession(const QString &sessionFile);
    // Writes them back (a close does; so does a SIGTERM, which leaves unsaved text to the
    // crash journal instead of asking).
    void saveSession();
    // The process's local REST server: its state in the status bar and the settings.
    void setLocalServer(LocalServerControl *server);

    ProjectTree *tree() const { return m_tree; }
    EditorArea *editor() const { return m_editor; }
    CommandBar *commandBar() const { return m_commandBar; }
    WorkspaceSwitcher *switcher() const { return m_switcher; }
    JobsPanel *jobsPanel() const { return m_jobs; }
    StorageStatsPanel *statsPanel() const { return m_stats; }

Q_SIGNALS:
    // Once, when the tree has shown the first workspace's top rows (or could not list them).
    // Background set-up that walks the workspace waits for it, so it does not compete with
    // those rows for the two cores of a small machine.
    void firstRowsShown();

protected:
    void closeEvent(QCloseEvent *event) override;
    bool event(QEvent *event) override;

private:
    void buildDocks();
    void buildMenus();
    void buildThemeMenu(QMenu *menu);
    void buildToolBar();
    void connectWidgets();
    void importFromDialog(bool folder);
    void showSettings();
    void backUpToHub();
    void showAbout();
    void updateCentre();

    StorageCore &m_core;
    LocalServerControl *m_server = nullptr;
    bool m_firstRowsShown = false;
    QString m_sessionFile;
    WorkspaceSwitcher *m_switcher;
    ProjectTree *m_tree;
    EditorArea *m_editor;
    QStackedWidget *m_centre;
    QWidget *m_welcome;
    StorageStatsPanel *m_stats;
    CommandBar *m_commandBar;
    JobsPanel *m_jobs;
    SyncActions *m_sync;
    StatusSummary *m_summary;
    WindowStatusBar *m_statusBar;
    QList<QDockWidget *> m_docks;
    AppTheme *m_theme;
    QActionGroup *m_themes = nullptr;
    QAction *m_importFiles = nullptr;
    QAction *m_settings = nullptr;
};

} // namespace hawkmoth
