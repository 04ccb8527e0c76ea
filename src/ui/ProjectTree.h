#pragma once
// The project tree panel: a filter box over the current workspace's files, with the file actions
// (context menu, shortcuts, fileActions() for the window's menus), conflict resolution and drag
// and drop. Every action is one call of the core's async API; failures come back as messages.

#include "FileImporter.h"
#include "StorageCore.h"

#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QLineEdit;
class QMenu;
class QTimer;
class QVBoxLayout;

namespace hawkmoth {

class ProjectTreeModel;
class ProjectTreeProxy;
class ProjectTreeView;

class ProjectTree : public QWidget
{
    Q_OBJECT

    static constexpr int searchDelayMs = 250;
    static constexpr int searchLimit = 500; // matches shown from the whole workspace

public:
    explicit ProjectTree(StorageCore &core, QWidget *parent = nullptr);
    ~ProjectTree() override;

    QList<QAction *> fileActions() const;
    QAction *newFileAction() const { return m_newFile; }
    ProjectTreeModel *model() const { return m_model; }
    ProjectTreeView *view() const { return m_view; }
    // Workspace paths of the selected rows (the current row when nothing is selected).
    QStringList selectedPaths() const;
    // Copies local files into destDir ("" = the root): what a drop does. Asks first when names
    // are taken.
    void importFiles(const QStringList &sources, const QString &destDir);
    void moveFiles(const QStringList &paths, const QString &destDir);

Q_SIGNALS:
    void openRequested(const QString &path);
    void historyRequested(const QString &path);
    void compareRequested(const QString &mine, const QString &theirs);
    void errorOccurred(const QString &message);
    // An import ended (finished, failed or cancelled); imported files are in the tree.
    void importFinished(int imported, int failed);

private:
    struct Selected
    {
        QString path;
        bool folder = false;
        std::optional<SyncState> state;
    };
    QList<Selected> selection() const;
    QString currentFolder() const;
    void createActions();
    void updateActions();
    void showContextMenu(const QPoint &pos);
    void report(const QString &what, const Error &error);
    void searchWorkspace();
    void expandTo(const QString &path);
    void moveOne(const QString &from, const QString &to, const QString &failure);
    void showMessage(const QString &text, bool error);

    // ProjectTreeActions.cpp
    void openSelected();
    void newFile();
    void newFolder();
    void renameSelected();
    void deleteSelected();
    void pinSelected(std::optional<Layer> layer);
    void revealSelected();
    void copySelectedPath();
    void resolveSelected(Resolution resolution);
    void compareSelected();
    void askName(const QString &title, const QString &label, const QString &initial,
                 std::function<void(const QString &)> done);
    void startImport(const QStringList &sources, const QString &destDir, OnExists onExists);
    void relistAround(const QString &path);

    StorageCore &m_core;
    ProjectTreeModel *m_model;
    ProjectTreeProxy *m_proxy;
    QLineEdit *m_filter;
    ProjectTreeView *m_view;
    QLabel *m_message;
    QVBoxLayout *m_transfers;
    QTimer *m_search; // the index search, once typing in the filter pauses

    QAction *m_open = nullptr;
    QAction *m_newFile = nullptr;
    QAction *m_newFolder = nullptr;
    QAction *m_rename = nullptr;
    QAction *m_delete = nullptr;
    QAction *m_toGit = nullptr;
    QAction *m_toHub = nullptr;
    QAction *m_toSession = nullptr;
    QAction *m_unpin = nullptr;
    QAction *m_history = nullptr;
    QAction *m_reveal = nullptr;
    QAction *m_copyPath = nullptr;
    QAction *m_keepMine = nullptr;
    QAction *m_takeTheirs = nullptr;
    QAction *m_compare = nullptr;
    QAction *m_refresh = nullptr;
};

} // namespace hawkmoth
