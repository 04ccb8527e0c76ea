#include "ProjectTreeModel.h"

#include "AmountText.h"
#include <QFont>
#include <QLocale>
#include <QMimeData>
#include <QUrl>

namespace hawkmoth {

ProjectTreeModel::ProjectTreeModel(StorageCore &core, QObject *parent)
    : QAbstractItemModel(parent)
    , m_core(core)
    , m_root(std::make_unique<ProjectTreeNode>())
{
    m_root->folder = true;
    ChangeNotifier &changes = core.changes();
    connect(&changes, &ChangeNotifier::currentWorkspaceChanged, this,
            &ProjectTreeModel::followCurrentWorkspace);
    const auto ifCurrent = [this](const QString &name) { return name == m_workspace.name(); };
    connect(&changes, &ChangeNotifier::workspaceRenamed, this,
            [this, ifCurrent](const QString &from, const QString &) {
                if (ifCurrent(from))
                    followCurrentWorkspace();
            });
    connect(&changes, &ChangeNotifier::workspaceRemoved, this, [this, ifCurrent](const QString &n) {
        if (ifCurrent(n))
            followCurrentWorkspace();
    });
    const auto entries = [this, ifCurrent](const QString &ws, const FileEntries &list) {
        if (ifCurrent(ws))
            applyEntries(list, false);
    };
    connect(&changes, &ChangeNotifier::filesAdded, this, entries);
    connect(&changes, &ChangeNotifier::filesChanged, this, entries);
    // State rows are read back from the index, which keeps no pins: the shown pin stays.
    connect(&changes, &ChangeNotifier::filesStateChanged, this,
            [this, ifCurrent](const QString &ws, const FileEntries &list) {
                if (ifCurrent(ws))
                    applyEntries(list, true);
            });
    connect(&changes, &ChangeNotifier::filesRemoved, this,
            [this, ifCurrent](const QString &ws, const QStringList &paths) {
                if (ifCurrent(ws))
                    applyRemovals(paths);
            });
    // Only the sync pipeline sends files (its held twin runs the same steps); a pull receives.
    const auto isSync = [](const JobChange &job) {
        return job.jobKind == QLatin1String(SyncPipeline::jobKind) ||
               job.jobKind == SyncPipeline::heldKindOf(QLatin1String(SyncPipeline::jobKind));
    };
    connect(&changes, &ChangeNotifier::jobStep, this,
            [this, ifCurrent, isSync](const QString &ws, const JobChange &job) {
                if (ifCurrent(ws) && isSync(job))
                    setUploadStep(job.id, job.step);
            });
    connect(&changes, &ChangeNotifier::jobFinished, this,
            [this, ifCurrent](const QString &ws, const JobChange &job) {
                if (ifCurrent(ws) && job.id == m_uploadJob)
                    setUploadStep(0, {});
            });
    followCurrentWorkspace();
}

ProjectTreeModel::~ProjectTreeModel() = default;

ProjectTreeNode *ProjectTreeModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<ProjectTreeNode *>(index.internalPointer()) : m_root.get();
}

QModelIndex ProjectTreeModel::indexOf(const ProjectTreeNode *node, int column) const
{
    if (!node || node == m_root.get() || node->row < 0)
        return {};
    return createIndex(node->row, column, const_cast<ProjectTreeNode *>(node));
}

ProjectTreeNode *ProjectTreeModel::findNode(const QString &path) const
{
    ProjectTreeNode *node = m_root.get();
    if (path.isEmpty())
        return node;
    for (const QString &part : path.split(QLatin1Char('/'))) {
        node = node->child(part);
        if (!node || node->row < 0)
            return nullptr;
    }
    return node;
}

QModelIndex ProjectTreeModel::indexOfPath(const QString &path, int column) const
{
    return indexOf(findNode(path), column);
}

QString ProjectTreeModel::folderPathFor(const QModelIndex &parent) const
{
    const ProjectTreeNode *node = nodeOf(parent);
    if (!node->folder)
        node = node->parent;
    return node ? node->path : QString();
}

QModelIndex ProjectTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    const ProjectTreeNode *p = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || row >= int(p->children.size()))
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex ProjectTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int ProjectTreeModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int ProjectTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool ProjectTreeModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const ProjectTreeNode *node = nodeOf(parent);
    if (!node->folder)
        return false;
    // An unlisted folder may hold anything: it shows an expander until its listing says.
    return !node->children.empty() || node->load != ProjectTreeNode::Load::Loaded;
}

bool ProjectTreeModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const ProjectTreeNode *node = nodeOf(parent);
    return node->folder && m_workspace.isValid() && node->load == ProjectTreeNode::Load::NotLoaded;
}

void ProjectTreeModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        startListing(nodeOf(parent));
}

TreeIcons::Status ProjectTreeModel::status(const ProjectTreeNode &node) const
{
    const FileEntry &entry = node.entry;
    switch (entry.state) {
    case SyncState::Synced:
        return TreeIcons::Status::Synced;
    case SyncState::Pending:
        // Uploading only while the step that sends this layer runs, and only what it took.
        return entry.layer == m_uploadLayer && node.changedAt <= m_uploadSnapshot
                   ? TreeIcons::Status::Uploading
                   : TreeIcons::Status::Pending;
    case SyncState::LocalOnly:
        return TreeIcons::Status::Local;
    case SyncState::Conflict:
        return TreeIcons::Status::Conflict;
    case SyncState::RemoteOnly:
        return TreeIcons::Status::RemoteOnly;
    case SyncState::Error:
        return TreeIcons::Status::Error;
    }
    return TreeIcons::Status::Pending;
}

QString ProjectTreeModel::statusText(const ProjectTreeNode &node) const
{
    const FileEntry &e = node.entry;
    QString text = node.path;
    if (!node.folder) {
        text += QStringLiteral("\n%1 layer%2, %3")
                    .arg(layerName(e.layer), e.pinned ? QStringLiteral(" (pinned)") : QString(),
                         TreeIcons::statusName(status(node)));
        if (!e.error.isEmpty())
            text += QLatin1Char('\n') + e.error;
    }
    return text;
}

QVariant ProjectTreeModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const ProjectTreeNode &node = *nodeOf(index);
    const FileEntry &e = node.entry;
    switch (role) {
    case PathRole:
        return node.path;
    case IsFolderRole:
        return node.folder;
    case LayerRole:
        return node.folder ? QVariant() : QVariant(int(e.layer));
    case StateRole:
        return node.folder ? QVariant() : QVariant(int(e.state));
    case ErrorRole:
        return node.folder ? QVariant() : QVariant(e.error);
    case PinnedRole:
        return node.folder || !e.pinned ? QVariant() : QVariant(layerName(*e.pinned));
    case SizeRole:
        return node.folder ? QVariant() : QVariant(e.size);
    case Qt::ToolTipRole:
        return statusText(node);
    default:
        break;
    }
    const int column = index.column();
    if (role == Qt::DisplayRole || role == Qt::EditRole || role == SortRole) {
        if (column == NameColumn)
            return node.name;
        if (node.folder)
            return role == SortRole ? QVariant(qint64(-1)) : QVariant();
        switch (column) {
        case SizeColumn:
            if (role == SortRole)
                return e.size;
            return e.state == SyncState::RemoteOnly && e.size == 0 ? QString()
                                                                   : amounttext::bytes(e.size);
        case LayerColumn:
            return e.pinned ? QString(layerName(e.layer) + QStringLiteral(" (pinned)"))
                            : layerName(e.layer);
        case StateColumn:
            return TreeIcons::statusName(status(node));
        default:
            return {};
        }
    }
    if (role == Qt::DecorationRole) {
        if (column == NameColumn)
            return node.folder ? m_icons.folder() : m_icons.file();
        if (node.folder)
            return {};
        if (column == LayerColumn)
            return m_icons.layer(e.layer);
        if (column == StateColumn)
            return m_icons.status(status(node));
        return {};
    }
    if (role == Qt::TextAlignmentRole && column == SizeColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::FontRole && !node.folder && e.state == SyncState::RemoteOnly) {
        QFont italic;
        italic.setItalic(true);
        return italic;
    }
    return {};
}

bool ProjectTreeModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.column() != NameColumn || role != Qt::EditRole)
        return false;
    const ProjectTreeNode &node = *nodeOf(index);
    const QString name = value.toString().trimmed();
    if (name.isEmpty() || name == node.name || name.contains(QLatin1Char('/')))
        return false;
    // The row changes when the core reports the move; an error leaves it as it was.
    Q_EMIT renameRequested(node.path, ProjectTreeNode::join(node.parent->path, name));
    return true;
}

QVariant ProjectTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case SizeColumn:
        return tr("Size");
    case LayerColumn:
        return tr("Layer");
    case StateColumn:
        return tr("State");
    default:
        return {};
    }
}

Qt::ItemFlags ProjectTreeModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::ItemIsDropEnabled;
    const ProjectTreeNode &node = *nodeOf(index);
    Qt::ItemFlags f = Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsDragEnabled;
    if (node.folder)
        f |= Qt::ItemIsDropEnabled;
    if (index.column() == NameColumn)
        f |= Qt::ItemIsEditable;
    if (!node.folder)
        f |= Qt::ItemNeverHasChildren;
    return f;
}

QStringList ProjectTreeModel::mimeTypes() const
{
    return {QString::fromLatin1(pathsMimeType), QStringLiteral("text/uri-list")};
}

QMimeData *ProjectTreeModel::mimeData(const QModelIndexList &indexes) const
{
    QStringList paths;
    QList<QUrl> urls;
    for (const QModelIndex &i : indexes) {
        const ProjectTreeNode *node = nodeOf(i);
        if (!i.isValid() || paths.contains(node->path))
            continue;
        paths.append(node->path);
        // A file manager copies these; a Hub-only file has nothing on disk to give.
        if (node->folder || node->entry.state != SyncState::RemoteOnly)
            urls.append(QUrl::fromLocalFile(m_workspace.absolutePath(node->path)));
    }
    if (paths.isEmpty())
        return nullptr;
    auto *mime = new QMimeData; // owned by the drag that asked for it
    mime->setData(QString::fromLatin1(pathsMimeType),
                  (QStringList{m_workspace.name()} + paths).join(QLatin1Char('\n')).toUtf8());
    mime->setUrls(urls);
    return mime;
}

bool ProjectTreeModel::canDropMimeData(const QMimeData *data, Qt::DropAction action, int, int,
                                       const QModelIndex &) const
{
    if (!data || !m_workspace.isValid() || !(action & (Qt::CopyAction | Qt::MoveAction)))
        return false;
    return data->hasFormat(QString::fromLatin1(pathsMimeType)) || data->hasUrls();
}

bool ProjectTreeModel::dropMimeData(const QMimeData *data, Qt::DropAction action, int row,
                                    int column, const QModelIndex &parent)
{
    if (!canDropMimeData(data, action, row, column, parent))
        return false;
    const QString dest = folderPathFor(parent);
    const QString internal = QString::fromUtf8(data->data(QString::fromLatin1(pathsMimeType)));
    if (!internal.isEmpty()) {
        QStringList lines = internal.split(QLatin1Char('\n'));
        if (lines.takeFirst() == m_workspace.name()) {
            // Dropped where they already are: nothing to move.
            QStringList paths;
            for (const QString &p : std::as_const(lines)) {
                const qsizetype slash = p.lastIndexOf(QLatin1Char('/'));
                const QString from = slash < 0 ? QString() : p.left(slash);
                if (from != dest && p != dest)
                    paths.append(p);
            }
            if (!paths.isEmpty())
                Q_EMIT moveRequested(paths, dest);
            return !paths.isEmpty();
        }
    }
    QStringList sources;
    for (const QUrl &url : data->urls()) {
        if (url.isLocalFile())
            sources.append(url.toLocalFile());
    }
    if (sources.isEmpty())
        return false;
    Q_EMIT importRequested(sources, dest);
    return true;
}

Qt::DropActions ProjectTreeModel::supportedDropActions() const
{
    // Never Move: a file manager would delete what it dropped here. Copy it is, inside too.
    return Qt::CopyAction;
}

Qt::DropActions ProjectTreeModel::supportedDragActions() const
{
    // A drag out exports a copy; a move out would let a file manager take the workspace's file.
    return Qt::CopyAction;
}

} // namespace hawkmoth

#include "moc_ProjectTreeModel.cpp"
