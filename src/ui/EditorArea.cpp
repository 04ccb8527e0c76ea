#include "EditorArea.h"

#include "AccessibleNames.h"
#include "CodeEditor.h"
#include "EditorTab.h"
#include "FutureGuard.h"

#include <QApplication>
#include <QFileInfo>
#include <QPointer>
#include <QSplitter>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace hawkmoth {

EditorArea::EditorArea(StorageCore &core, QWidget *parent)
    : QWidget(parent)
    , m_core(core)
    , m_prompts(std::make_unique<EditorPrompts>())
    , m_tabs(new QTabWidget(this))
{
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    m_tabs->setUsesScrollButtons(true);
    m_tabs->setElideMode(Qt::ElideMiddle);
    m_tabs->setAccessibleName(tr("Open files"));
    m_tabs->tabBar()->setAccessibleName(tr("Open files"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tabs);
    setAcceptDrops(true);
    createActions();

    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &EditorArea::closeTab);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        updateActions();
        const EditorTab *tab = currentTab();
        Q_EMIT currentFileChanged(tab ? tab->path() : QString());
    });
    m_journalTimer.setInterval(defaultJournalIntervalMs);
    connect(&m_journalTimer, &QTimer::timeout, this, [this] {
        for (EditorTab *tab : tabs())
            tab->storeJournal();
    });
    m_journalTimer.start();

    ChangeNotifier &changes = m_core.changes();
    connect(&changes, &ChangeNotifier::currentWorkspaceChanged, this,
            &EditorArea::workspaceSwitched);
    connect(&changes, &ChangeNotifier::workspaceRenamed, this, &EditorArea::workspaceRenamed);
    connect(&changes, &ChangeNotifier::filesChanged, this,
            [this](const QString &ws, const FileEntries &entries) {
                filesChanged(ws, entries, false);
            });
    connect(&changes, &ChangeNotifier::filesAdded, this,
            [this](const QString &ws, const FileEntries &entries) {
                filesChanged(ws, entries, false);
            });
    connect(
        &changes, &ChangeNotifier::filesStateChanged, this,
        [this](const QString &ws, const FileEntries &entries) { filesChanged(ws, entries, true); });
    connect(&changes, &ChangeNotifier::filesRemoved, this, &EditorArea::filesRemoved);
    connect(&changes, &ChangeNotifier::filesMoved, this, &EditorArea::filesMoved);
    loadWorkspace();
}

EditorArea::~EditorArea() = default;

void EditorArea::setPrompts(std::unique_ptr<EditorPrompts> prompts)
{
    m_prompts = prompts ? std::move(prompts) : std::make_unique<EditorPrompts>();
}

void EditorArea::loadWorkspace()
{
    m_workspaceKnown = false;
    onResult(m_core.workspaces().current(), this, [this](const Result<Workspace> &ws) {
        if (!ws) {
            Q_EMIT errorOccurred(
                tr("The editor cannot tell which workspace is open: %1").arg(ws.error().message));
            return;
        }
        m_workspace = *ws;
        m_workspaceKnown = true;
        Q_EMIT workspaceReady(m_workspace.name());
        for (const QString &path : std::exchange(m_pendingOpens, {}))
            openFile(path);
        if (std::exchange(m_recoveryDue, false) || m_recovering)
            offerRecovery();
    });
}

void EditorArea::workspaceSwitched(const QString &name)
{
    if (m_workspaceKnown && name == m_workspace.name())
        return;
    // The switch has happened already: the old workspace's edits are saved or dropped now.
    settle(tabs(), false);
    while (m_tabs->count() > 0)
        removePage(0);
    loadWorkspace();
}

void EditorArea::workspaceRenamed(const QString &from, const QString &to)
{
    if (!m_workspaceKnown || from != m_workspace.name())
        return;
    // The tabs point into a folder that moved: open them again at the new place, unsaved text
    // carried over (the journal moved along with the workspace).
    QList<QPair<QString, std::optional<QByteArray>>> reopen;
    for (EditorTab *tab : tabs()) {
        reopen.append({tab->path(), tab->isModified()
                                        ? std::optional<QByteArray>(tab->editor()->text().toUtf8())
                                        : std::nullopt});
    }
    while (m_tabs->count() > 0)
        removePage(0);
    m_workspace = Workspace();
    m_workspaceKnown = false;
    onResult(m_core.workspaces().current(), this, [this, reopen, to](const Result<Workspace> &ws) {
        if (!ws || ws->name() != to) {
            loadWorkspace();
            return;
        }
        m_workspace = *ws;
        m_workspaceKnown = true;
        Q_EMIT workspaceReady(to);
        for (const auto &[path, text] : reopen)
            addPage(createTab(path, text), path);
    });
}

EditorTab *EditorArea::createTab(const QString &path, const std::optional<QByteArray> &restored)
{
    auto *tab =
        new EditorTab(m_core, m_workspace, path, [this]() -> EditorPrompts & { return prompts(); });
    connect(tab, &EditorTab::titleChanged, this, [this, tab] {
        updateTitle(indexOf(tab));
        updateActions();
    });
    connect(tab, &EditorTab::loaded, this, &EditorArea::fileLoaded);
    connect(tab, &EditorTab::saved, this, &EditorArea::fileSaved);
    connect(tab, &EditorTab::errorOccurred, this, &EditorArea::errorOccurred);
    connect(tab, &EditorTab::closeRequested, this, [this, tab] {
        const int index = indexOf(tab);
        if (index >= 0)
            removePage(index);
    });
    tab->open(restored);
    return tab;
}

void EditorArea::addPage(QWidget *page, const QString &path, int at)
{
    const int index = m_tabs->insertTab(at, page, QFileInfo(path).fileName());
    m_tabs->setTabToolTip(index, path);
    updateTitle(index);
    m_tabs->setCurrentIndex(index);
}

void EditorArea::openFile(const QString &path)
{
    if (!m_workspaceKnown) {
        m_pendingOpens.append(path);
        return;
    }
    if (EditorTab *open = tabFor(path)) {
        m_tabs->setCurrentIndex(indexOf(open));
        open->setFocus();
        return;
    }
    addPage(createTab(path), path);
}

void EditorArea::openSideBySide(const QString &left, const QString &right)
{
    if (!m_workspaceKnown) {
        // Once the workspace is known, as openFile() does; the helper object makes it one-shot.
        auto *once = new QObject(this);
        connect(this, &EditorArea::workspaceReady, once, [this, once, left, right] {
            once->deleteLater();
            openSideBySide(left, right);
        });
        return;
    }
    auto *split = new QSplitter(Qt::Horizontal);
    split->setObjectName(QStringLiteral("sideBySide"));
    split->setChildrenCollapsible(false);
    split->addWidget(createTab(left));
    split->addWidget(createTab(right));
    addPage(split, left);
    m_tabs->setTabToolTip(m_tabs->indexOf(split), left + QStringLiteral(" ⇄ ") + right);
}

void EditorArea::restoreTabs(const QStringList &paths)
{
    for (const QString &path : paths)
        openFile(path);
}

QList<EditorTab *> EditorArea::tabsOf(int index) const
{
    QWidget *page = m_tabs->widget(index);
    if (!page)
        return {};
    if (auto *tab = qobject_cast<EditorTab *>(page))
        return {tab};
    QList<EditorTab *> out;
    if (const auto *split = qobject_cast<QSplitter *>(page)) {
        for (int i = 0; i < split->count(); ++i) {
            if (auto *tab = qobject_cast<EditorTab *>(split->widget(i)))
                out.append(tab);
        }
    }
    return out;
}

QList<EditorTab *> EditorArea::tabs() const
{
    QList<EditorTab *> out;
    for (int i = 0; i < m_tabs->count(); ++i)
        out += tabsOf(i);
    return out;
}

int EditorArea::indexOf(const EditorTab *tab) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (tabsOf(i).contains(tab))
            return i;
    }
    return -1;
}

EditorTab *EditorArea::tabFor(const QString &path) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QList<EditorTab *> here = tabsOf(i);
        // A side-by-side pair is not where a plain open of one of its files goes.
        if (here.size() == 1 && here.first()->path() == path)
            return here.first();
    }
    return nullptr;
}

EditorTab *EditorArea::currentTab() const
{
    const QList<EditorTab *> here = tabsOf(m_tabs->currentIndex());
    for (EditorTab *tab : here) {
        if (tab->isAncestorOf(QApplication::focusWidget()))
            return tab;
    }
    return here.isEmpty() ? nullptr : here.first();
}

QStringList EditorArea::openPaths() const
{
    QStringList out;
    for (int i = 0; i < m_tabs->count(); ++i) {
        const QList<EditorTab *> here = tabsOf(i);
        if (here.size() == 1)
            out.append(here.first()->path());
    }
    return out;
}

bool EditorArea::hasUnsaved() const
{
    const QList<EditorTab *> all = tabs();
    return std::any_of(all.cbegin(), all.cend(),
                       [](const EditorTab *t) { return t->isModified(); });
}

void EditorArea::updateTitle(int index)
{
    const QList<EditorTab *> here = tabsOf(index);
    if (here.isEmpty())
        return;
    QStringList titles;
    for (const EditorTab *tab : here)
        titles.append(tab->title());
    m_tabs->setTabText(index, titles.join(QStringLiteral(" ⇄ ")));
    nameCloseButton(m_tabs->tabBar(), index, here.first()->path());
}

bool EditorArea::saveCurrent()
{
    EditorTab *tab = currentTab();
    return tab && tab->save();
}

void EditorArea::saveAll()
{
    for (EditorTab *tab : tabs()) {
        if (tab->isModified())
            tab->save();
    }
}

bool EditorArea::settle(const QList<EditorTab *> &list, bool canCancel)
{
    QList<EditorTab *> dirty;
    QStringList paths;
    for (EditorTab *tab : list) {
        if (tab->isModified()) {
            dirty.append(tab);
            paths.append(tab->path());
        }
    }
    if (dirty.isEmpty())
        return true;
    switch (prompts().unsaved(this, paths, canCancel)) {
    case EditorPrompts::UnsavedChoice::Cancel:
        return false;
    case EditorPrompts::UnsavedChoice::Discard:
        for (EditorTab *tab : dirty)
            tab->discardJournal();
        return true;
    case EditorPrompts::UnsavedChoice::Save:
        break;
    }
    for (EditorTab *tab : dirty) {
        // Kept alive, out of sight, until its save ends; a failed save's text stays in the
        // journal for the next start.
        tab->setParent(this);
        tab->hide();
        connect(tab, &EditorTab::saved, tab, &QObject::deleteLater);
        connect(tab, &EditorTab::errorOccurred, tab, &QObject::deleteLater);
        if (!tab->save())
            tab->deleteLater();
    }
    return true;
}

void EditorArea::removePage(int index)
{
    QWidget *page = m_tabs->widget(index);
    if (!page)
        return;
    m_tabs->removeTab(index);
    // Tabs being saved were moved out of the page by settle() and outlive it.
    page->hide();
    page->deleteLater();
    updateActions();
}

bool EditorArea::closeTab(int index)
{
    // settle() may take tabs out of the page (and a lone tab's page out of the tab widget).
    const QPointer<QWidget> page = m_tabs->widget(index);
    if (!settle(tabsOf(index), true))
        return false;
    if (page && m_tabs->indexOf(page) >= 0)
        removePage(m_tabs->indexOf(page));
    return true;
}

bool EditorArea::closeAll()
{
    if (!settle(tabs(), true))
        return false;
    while (m_tabs->count() > 0)
        removePage(0);
    return true;
}

} // namespace hawkmoth
