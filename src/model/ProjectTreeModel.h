#pragma once
// The files of the current workspace as a tree, listed one folder at a time (fetchMore) through
// the core's async API and kept current in place from its change notifications.

#include "ProjectTreeNode.h"
#include "StorageCore.h"
#include "TreeIcons.h"

#include <QAbstractItemModel>
#include <QSet>

namespace hawkmoth {

class ProjectTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        SizeColumn,
        LayerColumn,
        StateColumn,
        ColumnCount
    };
    enum Role
    {
        PathRole = Qt::UserRole + 1,
        IsFolderRole,
        LayerRole,  // int(Layer); files only
        StateRole,  // int(SyncState); files only
        ErrorRole,  // the last persistence error or the conflict's explanation
        PinnedRole, // the pinned layer's name, or nothing
        SizeRole,   // bytes (qint64)
        SortRole,
    };
    // The internal drag format: the workspace's name, then one path per line.
    static constexpr const char *pathsMimeType = "application/x-hawkmoth-paths";

    explicit ProjectTreeModel(StorageCore &core, QObject *parent = nullptr);
    ~ProjectTreeModel() override;

    // Shows ws (an invalid one empties the tree); the model follows the core's current workspace
    // by itself, this is for a caller that knows better (and for tests).
    void setWorkspace(const Workspace &ws);
    const Workspace &workspace() const { return m_workspace; }
    // Lists a loaded folder again; children the disk no longer has go.
    void refresh(const QModelIndex &folder = {});
    QModelIndex indexOfPath(const QString &path, int column = 0) const;
    // Lists the folders above each of these paths (matches of a search, say) until the paths are
    // rows of the tree; revealed() names each one that is. Replaces an earlier call's paths.
    void reveal(const QStringList &paths);
    // Adds a folder that has no files yet (made by the user), when its parent is shown.
    void addFolder(const QString &path);
    // Listing replies dropped because their workspace or folder listing was no longer current.
    int staleRepliesDropped() const { return m_staleDropped; }
    bool isLoading() const { return m_loading > 0; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    bool canDropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                         const QModelIndex &parent) const override;
    bool dropMimeData(const QMimeData *data, Qt::DropAction action, int row, int column,
                      const QModelIndex &parent) override;
    Qt::DropActions supportedDropActions() const override;
    Qt::DropActions supportedDragActions() const override;

Q_SIGNALS:
    // The name of a row was edited: the caller moves the file (the model only shows the result).
    void renameRequested(const QString &from, const QString &to);
    // Rows of this tree dropped on a folder ("" = the root).
    void moveRequested(const QStringList &paths, const QString &destDir);
    // Local files dropped from another program.
    void importRequested(const QStringList &sources, const QString &destDir);
    void workspaceShown(const QString &name);
    void revealed(const QString &path);
    void loadFailed(const QString &message);
    // Every listing in flight has arrived (tests, busy indicators).
    void loadingFinished();

private:
    ProjectTreeNode *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(const ProjectTreeNode *node, int column = 0) const;
    ProjectTreeNode *findNode(const QString &path) const;
    QString folderPathFor(const QModelIndex &parent) const;
    QString statusText(const ProjectTreeNode &node) const;
    TreeIcons::Status status(const ProjectTreeNode &node) const;

    // ProjectTreeUpdates.cpp: listings and notifications.
    void followCurrentWorkspace();
    void startListing(ProjectTreeNode *folder);
    void mergeListing(ProjectTreeNode *folder, const Listing &listing);
    void applyEntries(const FileEntries &entries, bool keepPins);
    void applyRemovals(const QStringList &paths);
    // The folder to list again when node may be gone: above the chain of only children.
    QString topOfChain(const ProjectTreeNode *node) const;
    // A sync job of the shown workspace began step ("hub", "git"); "" when it ended.
    void setUploadStep(qint64 job, const QString &step);
    void appendChildren(ProjectTreeNode *parent,
                        std::vector<std::unique_ptr<ProjectTreeNode>> &nodes);
    void removeChild(ProjectTreeNode *parent, int row);
    // notified: entry came from a change notification (else from a listing).
    void updateFile(ProjectTreeNode *node, FileEntry entry, bool keepPin = false,
                    bool notified = false);
    void markChanged(ProjectTreeNode *node) { node->changedAt = ++m_changeCount; }
    void notifyPendingRows(ProjectTreeNode *node, const std::optional<Layer> &a,
                           const std::optional<Layer> &b);
    void listingDone();
    void continueReveal();

    StorageCore &m_core;
    Workspace m_workspace;
    std::unique_ptr<ProjectTreeNode> m_root;
    quint64 m_generation = 0;   // bumped by every workspace change; replies of older ones drop
    quint64 m_nextToken = 0;    // per folder listing
    quint64 m_currentAsked = 0; // the newest current() question; older answers drop
    QStringList m_reveal;       // paths waiting for the listings of the folders above them
    int m_loading = 0;
    int m_staleDropped = 0;
    // What a running sync sends now: the layer of its step, the job, and the change count at the
    // step's start (files changed later are not in what it sends).
    std::optional<Layer> m_uploadLayer;
    qint64 m_uploadJob = 0;
    quint64 m_uploadSnapshot = 0;
    quint64 m_changeCount = 0;
    TreeIcons m_icons;
};

} // namespace hawkmoth
