#include "MainWindow.h"

#include "ActionIcons.h"
#include "AppTheme.h"
#include "CommandBar.h"
#include "EditorArea.h"
#include "HistoryDialog.h"
#include "HubBackupDialog.h"
#include "JobsPanel.h"
#include "ProjectTree.h"
#include "ProjectTreeModel.h"
#include "SettingsDialog.h"
#include "StatusSummary.h"
#include "StorageCore.h"
#include "StorageStatsPanel.h"
#include "SyncActions.h"
#include "WelcomePage.h"
#include "WindowStatusBar.h"
#include "WorkspaceSwitcher.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabBar>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

#include <utility>

namespace hawkmoth {

MainWindow::MainWindow(StorageCore &core, CommandService &commands, QWidget *parent)
    : QMainWindow(parent)
    , m_core(core)
    , m_switcher(new WorkspaceSwitcher(core, this))
    , m_tree(new ProjectTree(core, this))
    , m_editor(new EditorArea(core, this))
    , m_centre(new QStackedWidget(this))
    , m_welcome(new WelcomePage(this))
    , m_stats(new StorageStatsPanel(core, this))
    , m_commandBar(new CommandBar(commands, this))
    , m_jobs(new JobsPanel(core, this))
    , m_sync(new SyncActions(core, this))
    , m_summary(new StatusSummary(core, this))
    , m_statusBar(new WindowStatusBar(*m_summary, *statusBar(), this))
    , m_theme(new AppTheme(this))
{
    setWindowTitle(tr("HAWKMOTH"));
    setObjectName(QStringLiteral("MainWindow"));
    setDockNestingEnabled(true);
    m_centre->addWidget(m_welcome);
    m_centre->addWidget(m_editor);
    setCentralWidget(m_centre);
    buildDocks();
    buildMenus();
    buildToolBar();
    connectWidgets();
    updateCentre();
    resize(1280, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks()
{
    auto dock = [this](QWidget *content, const QString &title, const QString &name,
                       Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(content);
        addDockWidget(area, d);
        m_docks.append(d);
        return d;
    };
    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->setSpacing(4);
    leftLayout->addWidget(m_switcher);
    leftLayout->addWidget(m_tree, 1);
    dock(left, tr("Project"), QStringLiteral("ProjectDock"), Qt::LeftDockWidgetArea);
    dock(m_stats, tr("Storage"), QStringLiteral("StorageDock"), Qt::RightDockWidgetArea);
    auto *commands = dock(m_commandBar, tr("Command Bar"), QStringLiteral("CommandDock"),
                          Qt::BottomDockWidgetArea);
    auto *jobs = dock(m_jobs, tr("Jobs"), QStringLiteral("JobsDock"), Qt::BottomDockWidgetArea);
    tabifyDockWidget(commands, jobs);
    commands->raise();
    resizeDocks({m_docks[0], m_docks[1]}, {380, 340}, Qt::Horizontal);
    resizeDocks({commands}, {220}, Qt::Vertical);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_importFiles = file->addAction(actionIcon(QStringLiteral("import")), tr("&Import Files…"),
                                    this, [this] { importFromDialog(false); });
    m_importFiles->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_I));
    m_importFiles->setIconText(tr("Import"));
    file->addAction(tr("Import &Folder…"), this, [this] { importFromDialog(true); });
    file->addSeparator();
    m_settings = file->addAction(actionIcon(QStringLiteral("settings")), tr("&Settings…"), this,
                                 &MainWindow::showSettings);
    m_settings->setShortcut(QKeySequence::Preferences);
    m_settings->setObjectName(QStringLiteral("settingsAction"));
    m_settings->setIconText(tr("Settings"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addActions(m_editor->editActions());

    QMenu *project = menuBar()->addMenu(tr("&Project"));
    project->addActions(m_tree->fileActions());

    QMenu *workspace = menuBar()->addMenu(tr("&Workspace"));
    workspace->addActions(m_switcher->workspaceActions());
    workspace->addSeparator();
    workspace->addActions(m_sync->all());
    workspace->addSeparator();
    QAction *backup =
        workspace->addAction(actionIcon(QStringLiteral("push")), tr("&Back Up Code to the Hub…"),
                             this, &MainWindow::backUpToHub);
    backup->setObjectName(QStringLiteral("backUpToHubAction"));

    QMenu *view = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *d : std::as_const(m_docks))
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    buildThemeMenu(view->addMenu(tr("&Theme")));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Commands"), this, [this] {
        for (QDockWidget *d : std::as_const(m_docks)) {
            if (d->widget() == m_commandBar) {
                d->show();
                d->raise();
            }
        }
        m_commandBar->execute(QStringLiteral("help"));
    });
    help->addAction(tr("&About HAWKMOTH"), this, &MainWindow::showAbout);
}

void MainWindow::buildToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("MainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // The frequent actions, each with its icon: make and bring in files, save, persist, settings.
    bar->addAction(m_tree->newFileAction());
    bar->addAction(m_importFiles);
    bar->addAction(m_editor->saveAction());
    bar->addSeparator();
    bar->addActions(m_sync->all());
    bar->addSeparator();
    bar->addAction(m_settings);
    // Qt's overflow buttons, shown when the window is too narrow, come without a name.
    if (auto *more = bar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button")))
        more->setAccessibleName(tr("More toolbar actions"));
    if (auto *more = menuBar()->findChild<QToolButton *>(QStringLiteral("qt_menubar_ext_button")))
        more->setAccessibleName(tr("More menus"));
}

bool MainWindow::event(QEvent *event)
{
    // The tab bar of docks stacked together is made by the layout, without a name, whenever
    // docks are tabified (at start, or when the user drops one dock onto another).
    if (event->type() == QEvent::ChildPolished) {
        auto *bar = qobject_cast<QTabBar *>(static_cast<QChildEvent *>(event)->child());
        if (bar && bar->accessibleName().isEmpty())
            bar->setAccessibleName(tr("Panels"));
    }
    return QMainWindow::event(event);
}

void MainWindow::connectWidgets()
{
    auto rowsShown = [this] {
        if (!std::exchange(m_firstRowsShown, true))
            Q_EMIT firstRowsShown();
    };
    connect(m_tree->model(), &ProjectTreeModel::loadingFinished, this, rowsShown);
    connect(m_tree->model(), &ProjectTreeModel::loadFailed, this, rowsShown);
    connect(m_tree, &ProjectTree::openRequested, m_editor, &EditorArea::openFile);
    connect(m_tree, &ProjectTree::compareRequested, m_editor, &EditorArea::openSideBySide);
    auto history = [this](const QString &path) {
        auto *dialog = new HistoryDialog(m_core, path, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    };
    connect(m_tree, &ProjectTree::historyRequested, this, history);
    connect(m_editor, &EditorArea::historyRequested, this, history);
    auto error = [this](const QString &message) { m_statusBar->showError(message); };
    connect(m_tree, &ProjectTree::errorOccurred, this, error);
    connect(m_editor, &EditorArea::errorOccurred, this, error);
    connect(m_switcher, &WorkspaceSwitcher::failed, this, error);
    connect(m_sync, &SyncActions::failed, this, error);
    connect(m_sync, &SyncActions::finished, m_statusBar, &WindowStatusBar::showMessage);
    connect(m_editor, &EditorArea::currentFileChanged, this, &MainWindow::updateCentre);
    connect(m_editor, &EditorArea::workspaceReady, this, [this](const QString &name) {
        setWindowTitle(tr("%1 — HAWKMOTH").arg(name));
        updateCentre();
    });
}

void MainWindow::updateCentre()
{
    m_centre->setCurrentWidget(m_editor->openPaths().isEmpty() ? m_welcome : m_editor);
}

void MainWindow::importFromDialog(bool folder)
{
    QStringList sources;
    if (folder) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Import a Folder"));
        if (!dir.isEmpty())
            sources << dir;
    } else {
        sources = QFileDialog::getOpenFileNames(this, tr("Import Files"));
    }
    if (!sources.isEmpty())
        m_tree->importFiles(sources, QString());
}

void MainWindow::setLocalServer(LocalServerControl *server)
{
    m_server = server;
    if (server)
        m_statusBar->followServer(*server);
}

void MainWindow::backUpToHub()
{
    auto *dialog = new HubBackupDialog(m_core, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &HubBackupDialog::backedUp, m_statusBar, &WindowStatusBar::showMessage);
    dialog->open();
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_core, m_server, this);
    dialog.exec();
}

void MainWindow::buildThemeMenu(QMenu *menu)
{
    m_themes = new QActionGroup(this);
    const std::pair<AppTheme::Mode, QString> choices[] = {
        {AppTheme::Mode::System, tr("&System")},
        {AppTheme::Mode::Light, tr("&Light")},
        {AppTheme::Mode::Dark, tr("&Dark")},
    };
    for (const auto &[mode, text] : choices) {
        QAction *action = menu->addAction(text);
        action->setObjectName(QStringLiteral("theme-") + AppTheme::name(mode));
        action->setCheckable(true);
        action->setChecked(mode == m_theme->mode());
        action->setData(AppTheme::name(mode));
        m_themes->addAction(action);
        connect(action, &QAction::triggered, this, [this, mode = mode] { m_theme->apply(mode); });
    }
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About HAWKMOTH"),
                       tr("<h3>HAWKMOTH %1</h3><p>A workspace manager that keeps code in git, "
                          "large files in a Hugging Face dataset and scratch work on this "
                          "machine.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::restoreSession(const QString &sessionFile)
{
    m_sessionFile = sessionFile;
    QSettings session(sessionFile, QSettings::IniFormat);
    restoreGeometry(session.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(session.value(QStringLiteral("window/state")).toByteArray());
    // No saved choice (a first start) is the system's: a dark desktop gets dark colours at once.
    m_theme->apply(AppTheme::parse(session.value(QStringLiteral("view/theme")).toString()));
    for (QAction *action : m_themes->actions())
        action->setChecked(action->data().toString() == AppTheme::name(m_theme->mode()));
    const QString workspace = session.value(QStringLiteral("tabs/workspace")).toString();
    const QStringList paths = session.value(QStringLiteral("tabs/paths")).toStringList();
    if (paths.isEmpty())
        return;
    // The tabs belong to the workspace they were open in; they come back once it is loaded.
    auto restore = [this, workspace, paths](const QString &name) {
        if (name == workspace && m_editor->openPaths().isEmpty())
            m_editor->restoreTabs(paths);
    };
    if (m_editor->workspaceName() == workspace)
        restore(workspace);
    else
        connect(m_editor, &EditorArea::workspaceReady, this, restore, Qt::SingleShotConnection);
}

void MainWindow::saveSession()
{
    if (m_sessionFile.isEmpty())
        return;
    QSettings session(m_sessionFile, QSettings::IniFormat);
    session.setValue(QStringLiteral("window/geometry"), saveGeometry());
    session.setValue(QStringLiteral("window/state"), saveState());
    session.setValue(QStringLiteral("view/theme"), AppTheme::name(m_theme->mode()));
    session.setValue(QStringLiteral("tabs/workspace"), m_editor->workspaceName());
    session.setValue(QStringLiteral("tabs/paths"), m_editor->openPaths());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSession();
    if (!m_editor->closeAll()) {
        event->ignore();
        return;
    }
    event->accept();
}

} // namespace hawkmoth
