// ProjectTreeModel's side that changes rows: folder listings arriving from the pool, and the
// core's change notifications, applied in place (inserts, removals, dataChanged; never a reset
// but for a new workspace).

#include "FutureGuard.h"
#include "ProjectTreeModel.h"

namespace hawkmoth {

namespace {

std::unique_ptr<ProjectTreeNode> makeNode(ProjectTreeNode *parent, const QString &name, bool folder)
{
    auto node = std::make_unique<ProjectTreeNode>();
    node->name = name;
    node->path = ProjectTreeNode::join(parent->path, name);
    node->folder = folder;
    node->parent = parent;
    return node;
}

QString lastPart(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

QString parentPath(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

// New rows of one batch, gathered per folder so each folder gets one insertion.
class PendingRows
{
public:
    void add(ProjectTreeNode *parent, std::unique_ptr<ProjectTreeNode> node)
    {
        parent->byName.insert(node->name, node.get());
        auto it = m_slot.find(parent);
        if (it == m_slot.end()) {
            it = m_slot.insert(parent, m_rows.size());
            m_rows.emplace_back(parent, std::vector<std::unique_ptr<ProjectTreeNode>>());
        }
        m_rows[*it].second.push_back(std::move(node));
    }
    std::vector<std::pair<ProjectTreeNode *, std::vector<std::unique_ptr<ProjectTreeNode>>>> &rows()
    {
        return m_rows;
    }

private:
    QHash<ProjectTreeNode *, size_t> m_slot;
    std::vector<std::pair<ProjectTreeNode *, std::vector<std::unique_ptr<ProjectTreeNode>>>> m_rows;
};

} // namespace

void ProjectTreeModel::followCurrentWorkspace()
{
    const quint64 asked = ++m_currentAsked;
    onResult(m_core.workspaces().current(), this, [this, asked](const Result<Workspace> &ws) {
        if (asked != m_currentAsked)
            return; // a newer switch was announced meanwhile
        if (!ws) {
            Q_EMIT loadFailed(ws.error().message);
            setWorkspace({});
            return;
        }
        setWorkspace(*ws);
    });
}

void ProjectTreeModel::setWorkspace(const Workspace &ws)
{
    beginResetModel();
    m_workspace = ws;
    ++m_generation;
    m_loading = 0;
    m_reveal.clear();
    m_uploadLayer.reset();
    m_uploadJob = 0;
    m_root = std::make_unique<ProjectTreeNode>();
    m_root->folder = true;
    // Asked before the views look, so none of them asks again (the reply comes later anyway).
    if (ws.isValid())
        startListing(m_root.get());
    endResetModel();
    Q_EMIT workspaceShown(ws.name());
}

void ProjectTreeModel::refresh(const QModelIndex &folder)
{
    ProjectTreeNode *node = nodeOf(folder);
    if (node->folder && m_workspace.isValid() && node->load != ProjectTreeNode::Load::NotLoaded)
        startListing(node);
}

void ProjectTreeModel::startListing(ProjectTreeNode *folder)
{
    folder->load = ProjectTreeNode::Load::Loading;
    folder->token = ++m_nextToken;
    folder->journal.clear();
    ++m_loading;
    const quint64 generation = m_generation;
    const quint64 token = folder->token;
    const QString path = folder->path;
    onResult(m_core.files().list(m_workspace, path, false), this,
             [=, this](const Result<Listing> &r) {
                 if (generation != m_generation) {
                     ++m_staleDropped; // another workspace is shown; its count started again
                     return;
                 }
                 ProjectTreeNode *node = findNode(path);
                 if (!node || !node->folder || node->token != token) {
                     ++m_staleDropped; // the folder went, or was listed again since
                 } else if (!r && r.error().code == ErrorCode::NotFound && node != m_root.get() &&
                            node->row >= 0) {
                     removeChild(node->parent, node->row); // the folder went meanwhile
                 } else if (!r) {
                     // Shown as empty rather than listed again and again by the view.
                     node->load = ProjectTreeNode::Load::Loaded;
                     node->journal.clear();
                     Q_EMIT loadFailed(r.error().message);
                 } else {
                     mergeListing(node, *r);
                 }
                 continueReveal(); // before the count drops: its listings are part of the load
                 listingDone();
             });
}

void ProjectTreeModel::reveal(const QStringList &paths)
{
    m_reveal = paths;
    continueReveal();
}

void ProjectTreeModel::continueReveal()
{
    using Load = ProjectTreeNode::Load;
    if (!m_workspace.isValid())
        m_reveal.clear();
    QStringList shownNow;
    for (auto it = m_reveal.begin(); it != m_reveal.end();) {
        const QStringList parts = it->split(QLatin1Char('/'));
        ProjectTreeNode *node = m_root.get();
        bool waiting = false;
        bool shown = false;
        // One level at a time: a folder's node exists once the folder above it is listed.
        for (qsizetype i = 0; node && node->folder; ++i) {
            if (node->load == Load::NotLoaded)
                startListing(node);
            if (node->load == Load::Loading) {
                waiting = true;
                break;
            }
            node = node->child(parts[i]);
            if (i + 1 == parts.size()) {
                shown = node != nullptr;
                break;
            }
        }
        if (waiting) {
            ++it;
            continue;
        }
        if (shown)
            shownNow.append(*it);
        it = m_reveal.erase(it); // shown, or gone from the disk since the search
    }
    for (const QString &path : std::as_const(shownNow))
        Q_EMIT revealed(path);
}

void ProjectTreeModel::listingDone()
{
    if (--m_loading == 0)
        Q_EMIT loadingFinished();
}

void ProjectTreeModel::mergeListing(ProjectTreeNode *folder, const Listing &listing)
{
    QHash<QString, bool> listed; // name -> is a folder
    for (const FolderEntry &f : listing.folders)
        listed.insert(lastPart(f.path), true);
    for (const FileEntry &e : listing.files)
        listed.insert(lastPart(e.path), false);
    // The listing is the truth but for what notifications changed while it was read.
    for (int row = int(folder->children.size()) - 1; row >= 0; --row) {
        const ProjectTreeNode &child = *folder->children[size_t(row)];
        if (folder->journal.value(child.name, false))
            continue;
        const auto it = listed.constFind(child.name);
        if (it == listed.cend() || *it != child.folder)
            removeChild(folder, row);
    }
    PendingRows fresh;
    for (const FolderEntry &f : listing.folders) {
        const QString name = lastPart(f.path);
        if (!folder->journal.contains(name) && !folder->child(name))
            fresh.add(folder, makeNode(folder, name, true));
    }
    for (const FileEntry &e : listing.files) {
        const QString name = lastPart(e.path);
        if (folder->journal.contains(name))
            continue;
        if (ProjectTreeNode *existing = folder->child(name)) {
            updateFile(existing, e);
            continue;
        }
        auto node = makeNode(folder, name, false);
        node->entry = e;
        fresh.add(folder, std::move(node));
    }
    folder->load = ProjectTreeNode::Load::Loaded;
    folder->journal.clear();
    for (auto &[target, nodes] : fresh.rows())
        appendChildren(target, nodes);
}

void ProjectTreeModel::applyEntries(const FileEntries &entries, bool keepPins)
{
    using Load = ProjectTreeNode::Load;
    PendingRows fresh;
    for (const FileEntry &e : entries) {
        const QStringList parts = e.path.split(QLatin1Char('/'));
        ProjectTreeNode *node = m_root.get();
        bool shown = true;
        for (qsizetype i = 0; i + 1 < parts.size() && shown; ++i) {
            if (node->load == Load::NotLoaded) {
                shown = false; // its listing will bring the file
                break;
            }
            ProjectTreeNode *child = node->child(parts[i]);
            if (child && !child->folder && child->row >= 0) {
                removeChild(node, child->row); // a file where a folder is now
                child = nullptr;
            }
            if (!child) {
                if (node->load == Load::Loading)
                    node->journal.insert(parts[i], true);
                auto made = makeNode(node, parts[i], true);
                child = made.get();
                fresh.add(node, std::move(made));
            }
            node = child;
        }
        if (!shown || node->load == Load::NotLoaded)
            continue;
        const QString &name = parts.last();
        if (node->load == Load::Loading)
            node->journal.insert(name, true);
        ProjectTreeNode *existing = node->child(name);
        if (existing && existing->folder && existing->row >= 0) {
            removeChild(node, existing->row); // a folder where a file is now
            existing = nullptr;
        }
        if (existing) {
            updateFile(existing, e, keepPins, true);
            continue;
        }
        auto made = makeNode(node, name, false);
        made->entry = e;
        markChanged(made.get());
        fresh.add(node, std::move(made));
    }
    for (auto &[target, nodes] : fresh.rows())
        appendChildren(target, nodes);
}

QString ProjectTreeModel::topOfChain(const ProjectTreeNode *node) const
{
    // The folders that held nothing but the way down to node may have gone with it.
    while (node->parent != m_root.get() && node->parent->children.size() == 1)
        node = node->parent;
    return parentPath(node->path);
}

void ProjectTreeModel::applyRemovals(const QStringList &paths)
{
    using Load = ProjectTreeNode::Load;
    // Folders to list again: a folder may be gone from the disk with its files (a deleted or
    // moved folder) or still be there, and only the listing of the folder above it says which.
    QSet<QString> relist;
    for (const QString &path : paths) {
        const QStringList parts = path.split(QLatin1Char('/'));
        ProjectTreeNode *node = m_root.get();
        qsizetype i = 0;
        for (; i + 1 < parts.size() && node->load != Load::NotLoaded; ++i) {
            ProjectTreeNode *child = node->child(parts[i]);
            if (!child)
                break;
            node = child;
        }
        if (node->load == Load::NotLoaded) {
            if (node != m_root.get())
                relist.insert(topOfChain(node)); // unlisted: may have gone whole
            continue;
        }
        if (i + 1 < parts.size())
            continue; // under a folder the tree does not show
        if (node->load == Load::Loading)
            node->journal.insert(parts.last(), false);
        ProjectTreeNode *gone = node->child(parts.last());
        if (!gone || gone->row < 0)
            continue;
        removeChild(node, gone->row);
        if (node != m_root.get() && node->children.empty())
            relist.insert(topOfChain(node));
    }
    for (const QString &path : std::as_const(relist)) {
        if (ProjectTreeNode *node = findNode(path); node && node->load == Load::Loaded)
            startListing(node);
    }
}

void ProjectTreeModel::addFolder(const QString &path)
{
    ProjectTreeNode *parent = findNode(parentPath(path));
    const QString name = lastPart(path);
    if (!parent || !parent->folder || parent->load == ProjectTreeNode::Load::NotLoaded ||
        parent->child(name))
        return;
    if (parent->load == ProjectTreeNode::Load::Loading)
        parent->journal.insert(name, true);
    auto node = makeNode(parent, name, true);
    node->load = ProjectTreeNode::Load::Loaded; // made just now: nothing in it
    std::vector<std::unique_ptr<ProjectTreeNode>> one;
    one.push_back(std::move(node));
    appendChildren(parent, one);
}

void ProjectTreeModel::appendChildren(ProjectTreeNode *parent,
                                      std::vector<std::unique_ptr<ProjectTreeNode>> &nodes)
{
    if (nodes.empty())
        return;
    const int first = int(parent->children.size());
    beginInsertRows(indexOf(parent), first, first + int(nodes.size()) - 1);
    for (auto &node : nodes) {
        node->row = int(parent->children.size());
        parent->byName.insert(node->name, node.get());
        parent->children.push_back(std::move(node));
    }
    endInsertRows();
    nodes.clear();
}

void ProjectTreeModel::removeChild(ProjectTreeNode *parent, int row)
{
    beginRemoveRows(indexOf(parent), row, row);
    std::unique_ptr<ProjectTreeNode> gone = std::move(parent->children[size_t(row)]);
    parent->children.erase(parent->children.begin() + row);
    if (parent->byName.value(gone->name) == gone.get())
        parent->byName.remove(gone->name);
    for (size_t i = size_t(row); i < parent->children.size(); ++i)
        parent->children[i]->row = int(i);
    gone->row = -1;
    endRemoveRows();
}

void ProjectTreeModel::updateFile(ProjectTreeNode *node, FileEntry entry, bool keepPin,
                                  bool notified)
{
    if (keepPin)
        entry.pinned = node->entry.pinned;
    if (node->entry == entry)
        return;
    // New bytes, a new layer or newly pending: not in what a running upload took. A hash filled
    // in or a state settled by the upload itself changes neither.
    const FileEntry &was = node->entry;
    if (notified &&
        (entry.size != was.size || entry.mtimeNs != was.mtimeNs || entry.layer != was.layer ||
         (entry.state == SyncState::Pending && was.state != SyncState::Pending)))
        markChanged(node);
    node->entry = std::move(entry);
    if (node->row >= 0)
        Q_EMIT dataChanged(indexOf(node, 0), indexOf(node, ColumnCount - 1));
}

void ProjectTreeModel::setUploadStep(qint64 job, const QString &step)
{
    std::optional<Layer> layer;
    if (step == QLatin1String("hub"))
        layer = Layer::Hub;
    else if (step == QLatin1String("git"))
        layer = Layer::Git;
    const std::optional<Layer> before = m_uploadLayer;
    m_uploadLayer = layer;
    m_uploadJob = job;
    // The step reads what to send when it starts: whatever changed until now is in it.
    m_uploadSnapshot = m_changeCount;
    if (before || layer)
        notifyPendingRows(m_root.get(), before, layer);
}

void ProjectTreeModel::notifyPendingRows(ProjectTreeNode *node, const std::optional<Layer> &a,
                                         const std::optional<Layer> &b)
{
    for (const auto &child : node->children) {
        const FileEntry &e = child->entry;
        if (child->folder)
            notifyPendingRows(child.get(), a, b);
        else if (e.state == SyncState::Pending && (e.layer == a || e.layer == b))
            Q_EMIT dataChanged(indexOf(child.get(), 0), indexOf(child.get(), ColumnCount - 1));
    }
}

} // namespace hawkmoth
