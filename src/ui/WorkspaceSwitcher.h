#pragma once
// The workspace switcher above the project tree: a combo box over the workspaces that switches on
// a pick, and the workspace actions (new, rename, delete, clone from git, open from the Hub) for
// the window's menus, each opening its dialog. Everything goes through the core's async API.

#include <QList>
#include <QWidget>

class QAction;
class QComboBox;
class QLabel;

namespace hawkmoth {

class StorageCore;
class WorkspaceListModel;

class WorkspaceSwitcher : public QWidget
{
    Q_OBJECT

public:
    explicit WorkspaceSwitcher(StorageCore &core, QWidget *parent = nullptr);

    // New, rename, delete, clone from a git URL, open from the Hub (in that order).
    QList<QAction *> workspaceActions() const { return m_actions; }
    WorkspaceListModel *model() const { return m_model; }
    QComboBox *comboBox() const { return m_combo; }
    QString currentWorkspace() const;

public Q_SLOTS:
    void newWorkspace();
    void renameWorkspace();
    void deleteWorkspace();
    void cloneWorkspace();
    void openFromHub();

Q_SIGNALS:
    // The core made name the current workspace (whoever asked).
    void currentWorkspaceChanged(const QString &name);
    // A switch or a dialog's operation failed; the window's status bar may show it.
    void failed(const QString &message);

private:
    void picked(int row);
    // Made current from here: picked in the list, or just cloned or opened from the Hub.
    void switchTo(const QString &name);
    void showCurrent();
    void showError(const QString &message);

    StorageCore &m_core;
    WorkspaceListModel *m_model;
    QComboBox *m_combo;
    QLabel *m_error;
    QList<QAction *> m_actions;
};

} // namespace hawkmoth
