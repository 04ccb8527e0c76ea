// EditorArea's actions (for the window's menus and toolbar, and its own shortcuts) and the drop
// of files onto it.

#include "ActionIcons.h"
#include "CodeEditor.h"
#include "EditorArea.h"
#include "EditorTab.h"
#include "FindBar.h"

#include <QAction>
#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QTabWidget>

namespace hawkmoth {

void EditorArea::createActions()
{
    const auto make = [this](const QString &text, const QKeySequence &keys,
                             Qt::ShortcutContext context, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcut(keys);
        action->setShortcutContext(context);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
        m_actions.append(action);
        return action;
    };
    // Saving and closing work wherever the focus is in the window; searching only in an editor.
    m_save = make(tr("&Save"), QKeySequence::Save, Qt::WindowShortcut, [this] { saveCurrent(); });
    m_save->setObjectName(QStringLiteral("editorSave"));
    m_save->setIcon(actionIcon(QStringLiteral("save")));
    m_saveAll = make(tr("Save A&ll"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S),
                     Qt::WindowShortcut, [this] { saveAll(); });
    m_saveAll->setObjectName(QStringLiteral("editorSaveAll"));
    m_close =
        make(tr("&Close Tab"), QKeySequence(Qt::CTRL | Qt::Key_W), Qt::WindowShortcut, [this] {
            if (m_tabs->currentIndex() >= 0)
                closeTab(m_tabs->currentIndex());
        });
    m_close->setObjectName(QStringLiteral("editorCloseTab"));
    const auto findBar = [this](bool replace) {
        if (EditorTab *tab = currentTab(); tab && tab->state() == EditorTab::State::Text)
            tab->findBar()->open(replace);
    };
    m_find = make(tr("&Find…"), QKeySequence::Find, Qt::WidgetWithChildrenShortcut,
                  [findBar] { findBar(false); });
    m_find->setObjectName(QStringLiteral("editorFind"));
    m_replace = make(tr("&Replace…"), QKeySequence(Qt::CTRL | Qt::Key_H),
                     Qt::WidgetWithChildrenShortcut, [findBar] { findBar(true); });
    m_replace->setObjectName(QStringLiteral("editorReplace"));
    m_findNext =
        make(tr("Find &Next"), QKeySequence::FindNext, Qt::WidgetWithChildrenShortcut, [this] {
            if (EditorTab *tab = currentTab())
                tab->findBar()->findNext();
        });
    m_findPrevious = make(tr("Find Pre&vious"), QKeySequence::FindPrevious,
                          Qt::WidgetWithChildrenShortcut, [this] {
                              if (EditorTab *tab = currentTab())
                                  tab->findBar()->findPrevious();
                          });
    m_goToLine = make(tr("&Go to Line…"), QKeySequence(Qt::CTRL | Qt::Key_G),
                      Qt::WidgetWithChildrenShortcut, [this] { goToLine(); });
    m_goToLine->setObjectName(QStringLiteral("editorGoToLine"));
    m_reload = make(tr("Re&load from Disk"), QKeySequence(), Qt::WindowShortcut, [this] {
        EditorTab *tab = currentTab();
        if (tab && (!tab->isModified() || prompts().reloadChanged(this, tab->path())))
            tab->reload();
    });
    m_history = make(tr("File &History…"), QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_H),
                     Qt::WindowShortcut, [this] {
                         if (EditorTab *tab = currentTab())
                             Q_EMIT historyRequested(tab->path());
                     });
    m_history->setObjectName(QStringLiteral("editorHistory"));
    updateActions();
}

void EditorArea::updateActions()
{
    const EditorTab *tab = currentTab();
    const bool text = tab && tab->state() == EditorTab::State::Text;
    m_save->setEnabled(text && !tab->isReadOnly());
    m_saveAll->setEnabled(hasUnsaved());
    m_close->setEnabled(tab != nullptr);
    for (QAction *action : {m_find, m_findNext, m_findPrevious, m_goToLine})
        action->setEnabled(text);
    m_replace->setEnabled(text && !tab->isReadOnly());
    m_reload->setEnabled(tab != nullptr);
    m_history->setEnabled(tab != nullptr);
}

void EditorArea::goToLine()
{
    EditorTab *tab = currentTab();
    if (!tab || tab->state() != EditorTab::State::Text)
        return;
    CodeEditor *editor = tab->editor();
    if (const std::optional<int> line =
            prompts().goToLine(this, editor->currentLineNumber(), editor->lines()))
        editor->goToLine(*line);
}

void EditorArea::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void EditorArea::dropEvent(QDropEvent *event)
{
    if (!m_workspaceKnown)
        return;
    const QDir root(m_workspace.root());
    bool opened = false;
    QStringList outside;
    for (const QUrl &url : event->mimeData()->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString relative = root.relativeFilePath(url.toLocalFile());
        // Only files of this workspace: importing others is the project tree's job.
        if (relative.startsWith(QLatin1String(".."))) {
            outside.append(QFileInfo(url.toLocalFile()).fileName());
            continue;
        }
        if (QFileInfo(url.toLocalFile()).isDir())
            continue;
        openFile(relative);
        opened = true;
    }
    if (opened || !outside.isEmpty())
        event->acceptProposedAction();
    if (outside.size() == 1)
        Q_EMIT errorOccurred(
            tr("'%1' is not in workspace '%2': drop it on the project tree to import it")
                .arg(outside.first(), m_workspace.name()));
    else if (!outside.isEmpty())
        Q_EMIT errorOccurred(tr("%1 dropped files are not in workspace '%2': drop them on the "
                                "project tree to import them")
                                 .arg(outside.size())
                                 .arg(m_workspace.name()));
}

} // namespace hawkmoth
