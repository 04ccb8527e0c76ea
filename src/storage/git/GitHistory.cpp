#include "GitHistory.h"

#include "GitError.h"

namespace hawkmoth::git {

namespace {

// The id of path in a commit's tree, or a zero id when absent.
git_oid entryId(const git_commit *commit, const QByteArray &path)
{
    git_oid id{};
    git_tree *tree = nullptr;
    if (git_commit_tree(&tree, commit) != 0)
        return id;
    TreePtr ownedTree(tree);
    git_tree_entry *entry = nullptr;
    if (git_tree_entry_bypath(&entry, ownedTree.get(), path.constData()) == 0) {
        id = *git_tree_entry_id(entry);
        git_tree_entry_free(entry);
    }
    git_error_clear();
    return id;
}

} // namespace

Result<QList<LogEntry>> History::log(const QString &path, int limit)
{
    git_repository *repo = m_repo.get();
    QList<LogEntry> out;
    auto head = m_repo.headCommit();
    if (!head)
        return head.error();
    if (!head->has_value())
        return out; // no commits yet
    git_revwalk *walkRaw = nullptr;
    GIT_TRY(git_revwalk_new(&walkRaw, repo), QStringLiteral("reading history"));
    RevwalkPtr walk(walkRaw);
    // Topological first: commits made within one second would otherwise come in any order.
    git_revwalk_sorting(walk.get(), GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    GIT_TRY(git_revwalk_push_head(walk.get()), QStringLiteral("reading history"));
    const QByteArray p = path.toUtf8();
    git_oid id;
    while (out.size() < limit && git_revwalk_next(&id, walk.get()) == 0) {
        git_commit *raw = nullptr;
        GIT_TRY(git_commit_lookup(&raw, repo, &id), QStringLiteral("reading a commit"));
        CommitPtr commit(raw);
        if (!p.isEmpty()) {
            const git_oid mine = entryId(commit.get(), p);
            bool changed = true;
            // Changed when it differs from every parent (merges keep unchanged files quiet).
            const unsigned parents = git_commit_parentcount(commit.get());
            if (parents == 0) {
                changed = !git_oid_is_zero(&mine);
            } else {
                changed = true;
                for (unsigned i = 0; i < parents; ++i) {
                    git_commit *parent = nullptr;
                    if (git_commit_parent(&parent, commit.get(), i) == 0) {
                        CommitPtr owned(parent);
                        const git_oid theirs = entryId(owned.get(), p);
                        if (git_oid_equal(&mine, &theirs))
                            changed = false;
                    }
                }
            }
            if (!changed)
                continue;
        }
        const git_signature *author = git_commit_author(commit.get());
        char text[GIT_OID_HEXSZ + 1];
        git_oid_tostr(text, sizeof text, &id);
        out.append({QString::fromLatin1(text), QString::fromUtf8(author->name),
                    QString::fromUtf8(author->email),
                    QDateTime::fromSecsSinceEpoch(author->when.time, Qt::UTC),
                    QString::fromUtf8(git_commit_summary(commit.get()))});
    }
    git_error_clear();
    return out;
}

Result<QByteArray> History::show(const QString &path, const QString &rev)
{
    const QByteArray spec = (rev + QLatin1Char(':') + path).toUtf8();
    git_object *raw = nullptr;
    const int rc = git_revparse_single(&raw, m_repo.get(), spec.constData());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC || rc == GIT_EAMBIGUOUS) {
        git_error_clear();
        return Error::notFound(
            QStringLiteral("'%1' does not exist at %2 (see 'hawkmoth history %1')").arg(path, rev));
    }
    GIT_TRY(rc, QStringLiteral("reading '%1' at %2").arg(path, rev));
    ObjectPtr object(raw);
    if (git_object_type(object.get()) != GIT_OBJECT_BLOB)
        return Error::invalid(QStringLiteral("'%1' at %2 is a folder").arg(path, rev));
    const auto *blob = reinterpret_cast<const git_blob *>(object.get());
    return QByteArray(static_cast<const char *>(git_blob_rawcontent(blob)),
                      qsizetype(git_blob_rawsize(blob)));
}

Result<WorkingChanges> History::uncommitted()
{
    git_status_options options = GIT_STATUS_OPTIONS_INIT;
    options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
    options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                    GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
    git_status_list *raw = nullptr;
    GIT_TRY(git_status_list_new(&raw, m_repo.get(), &options),
            QStringLiteral("listing uncommitted changes"));
    StatusListPtr list(raw);
    WorkingChanges changes;
    const size_t n = git_status_list_entrycount(list.get());
    for (size_t i = 0; i < n; ++i) {
        const git_status_entry *e = git_status_byindex(list.get(), i);
        const git_diff_delta *d = e->index_to_workdir ? e->index_to_workdir : e->head_to_index;
        if (!d)
            continue;
        const QString path =
            QString::fromUtf8(d->new_file.path ? d->new_file.path : d->old_file.path);
        if (e->status & (GIT_STATUS_WT_NEW | GIT_STATUS_INDEX_NEW))
            changes.added.append(path);
        else if (e->status & (GIT_STATUS_WT_DELETED | GIT_STATUS_INDEX_DELETED))
            changes.deleted.append(path);
        else if (e->status & ~(GIT_STATUS_IGNORED | GIT_STATUS_CURRENT))
            changes.modified.append(path);
    }
    return changes;
}

std::optional<std::pair<int, int>> History::aheadBehind()
{
    git_repository *repo = m_repo.get();
    const QByteArray remoteRef =
        QStringLiteral("refs/remotes/origin/%1").arg(m_repo.branch()).toUtf8();
    git_oid local, remote;
    if (git_reference_name_to_id(&local, repo, "HEAD") != 0 ||
        git_reference_name_to_id(&remote, repo, remoteRef.constData()) != 0) {
        git_error_clear();
        return std::nullopt;
    }
    size_t ahead = 0, behind = 0;
    if (git_graph_ahead_behind(&ahead, &behind, repo, &local, &remote) != 0) {
        git_error_clear();
        return std::nullopt;
    }
    return std::make_pair(int(ahead), int(behind));
}

} // namespace hawkmoth::git
