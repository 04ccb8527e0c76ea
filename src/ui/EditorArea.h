#pragma once
// The centre of the window: tabs of editors over the current workspace's files. Opens, saves and
// closes them through the core, follows workspace switches and edits made on disk, keeps unsaved
// text in the crash journal and offers it back after a crash. The window wires editActions() into
// its menus and toolbar.

#include "EditorPrompts.h"
#include "StorageCore.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QAction;
class QTabWidget;

namespace hawkmoth {

class EditorTab;

class EditorArea : public QWidget
{
    Q_OBJECT

public:
    static constexpr int defaultJournalIntervalMs = 3000;

    explicit EditorArea(StorageCore &core, QWidget *parent = nullptr);
    ~EditorArea() override;

    // Opens path of the current workspace (or shows its tab when it is open already).
    void openFile(const QString &path);
    // Both files in one tab, split side by side (a conflict's two versions, say).
    void openSideBySide(const QString &left, const QString &right);
    // Starts saving the current tab's file; false when it cannot be saved (binary, read-only).
    bool saveCurrent();
    void saveAll();
    bool hasUnsaved() const;
    QStringList openPaths() const;
    void restoreTabs(const QStringList &paths);
    // Save, save all, close tab, find, replace, find next/previous, go to line, reload, history.
    QList<QAction *> editActions() const { return m_actions; }
    QAction *saveAction() const { return m_save; }
    // For the window's close: asks about unsaved edits; false when the user cancelled.
    bool closeAll();
    // Offers back the unsaved buffers a crash left in the journal (now, and for every workspace
    // switched to from now on).
    void offerRecovery();

    // Tests answer the questions themselves; the default asks with message boxes.
    void setPrompts(std::unique_ptr<EditorPrompts> prompts);
    void setJournalInterval(int ms) { m_journalTimer.setInterval(ms); }
    int journalInterval() const { return m_journalTimer.interval(); }

    QString workspaceName() const { return m_workspace.name(); }
    QTabWidget *tabWidget() const { return m_tabs; }
    // The tab with the focus (in a side-by-side pair, the side last edited), or null.
    EditorTab *currentTab() const;
    EditorTab *tabFor(const QString &path) const;
    QList<EditorTab *> tabs() const;

Q_SIGNALS:
    void currentFileChanged(const QString &path);
    void errorOccurred(const QString &message);
    void historyRequested(const QString &path);
    void fileLoaded(const QString &path);
    void fileSaved(const QString &path);
    // The workspace the tabs belong to is known (at start and after each switch).
    void workspaceReady(const QString &name);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void updateActions();
    void loadWorkspace();
    void workspaceSwitched(const QString &name);
    void workspaceRenamed(const QString &from, const QString &to);
    EditorTab *createTab(const QString &path, const std::optional<QByteArray> &restored = {});
    void addPage(QWidget *page, const QString &path, int at = -1);
    QList<EditorTab *> tabsOf(int index) const;
    int indexOf(const EditorTab *tab) const;
    void updateTitle(int index);
    bool closeTab(int index);
    // Asks about the unsaved tabs among these; false when cancelled. Saving ones stay alive
    // (hidden) until their save ends.
    bool settle(const QList<EditorTab *> &tabs, bool canCancel);
    void removePage(int index);
    void filesChanged(const QString &workspace, const FileEntries &entries, bool stateOnly);
    void filesRemoved(const QString &workspace, const QStringList &paths);
    // Files or folders of the workspace moved (renamed, dragged in the tree, moved by a command
    // or another program using the core): their tabs go with them, unsaved text and all, where
    // they were in the tab bar.
    void filesMoved(const QString &workspace, const QList<FileMove> &moves);
    void followMove(const QString &from, const QString &to);
    void recover(const QList<JournalEntry> &entries);
    void goToLine();
    EditorPrompts &prompts() { return *m_prompts; }

    StorageCore &m_core;
    std::unique_ptr<EditorPrompts> m_prompts;
    Workspace m_workspace;
    bool m_workspaceKnown = false;
    QStringList m_pendingOpens; // asked for before the workspace was known
    bool m_recovering = false;  // offerRecovery() was called: recover at every workspace
    bool m_recoveryDue = false;
    QTabWidget *m_tabs;
    QTimer m_journalTimer;
    QList<QAction *> m_actions;
    QAction *m_save = nullptr;
    QAction *m_saveAll = nullptr;
    QAction *m_close = nullptr;
    QAction *m_find = nullptr;
    QAction *m_replace = nullptr;
    QAction *m_findNext = nullptr;
    QAction *m_findPrevious = nullptr;
    QAction *m_goToLine = nullptr;
    QAction *m_reload = nullptr;
    QAction *m_history = nullptr;
};

} // namespace hawkmoth
