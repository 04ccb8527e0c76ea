#include "GitUncommitted.h"

#include "FileIndex.h"
#include "GitError.h"
#include "StampSnapshots.h"

#include <QFile>

#include <cerrno>
#include <sys/stat.h>

namespace hawkmoth::git {

namespace {

// HAWKMOTH's own files that git tracks: not in the file index, committed with every sync.
constexpr const char *metaFiles[] = {".hawkmoth/manifest.json", ".hawkmoth/policy.json"};

qint64 mtimeNsOf(const struct stat &st)
{
    return qint64(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

} // namespace

Uncommitted::Uncommitted(Repository &repository, const Workspace &workspace,
                         SqliteConnection &index)
    : m_repo(repository)
    , m_workspace(workspace)
    , m_db(index)
{}

Result<WorkingChanges> Uncommitted::list()
{
    m_notCommitted.clear();
    auto index = GitIndexFile::read(m_repo);
    if (!index)
        return index.error();
    m_index = std::move(*index);
    auto head = m_repo.headCommit();
    if (!head)
        return head.error();
    m_headTree.reset();
    if (head->has_value()) {
        git_tree *tree = nullptr;
        GIT_TRY(git_commit_tree(&tree, head->value().get()), QStringLiteral("reading HEAD's tree"));
        m_headTree.reset(tree);
    }

    WorkingChanges changes;
    auto rows = FileIndex(m_db).awaitingSync(Layer::Git);
    if (!rows)
        return rows.error();
    for (const FileEntry &e : std::as_const(*rows)) {
        if (e.state == SyncState::Error)
            m_notCommitted.append({e.path, e.error});
        HM_TRY(compare(e.path.toUtf8(), e.size, e.mtimeNs, changes));
    }
    const QByteArray root = QFile::encodeName(m_workspace.root()) + '/';
    for (const char *meta : metaFiles) {
        struct stat st
        {};
        const QByteArray full = root + meta;
        if (::lstat(full.constData(), &st) == 0 && S_ISREG(st.st_mode))
            HM_TRY(compare(QByteArray(meta), st.st_size, mtimeNsOf(st), changes));
    }
    HM_TRY(trackedElsewhere(changes));
    return changes;
}

bool Uncommitted::holds(const QByteArray &path, const git_oid &id, qint64 size,
                        qint64 mtimeNs) const
{
    // git's own rule for racily clean entries: one stamped no earlier than the index file was
    // written may have changed within the same clock tick, so its stat data proves nothing.
    if (const auto e = m_index->find(path); e && git_oid_equal(&e->id, &id) &&
                                            e->size == quint32(size) && e->mtimeNs == mtimeNs &&
                                            e->mtimeNs < m_index->writtenNs())
        return true;
    git_oid onDisk;
    if (git_repository_hashfile(&onDisk, m_repo.get(), path.constData(), GIT_OBJECT_BLOB,
                                nullptr) != 0) {
        git_error_clear(); // gone or unreadable since the rescan: not what HEAD holds
        return false;
    }
    return git_oid_equal(&onDisk, &id);
}

Status Uncommitted::compare(const QByteArray &path, qint64 size, qint64 mtimeNs,
                            WorkingChanges &out)
{
    const QString name = QString::fromUtf8(path);
    git_tree_entry *raw = nullptr;
    const int rc = m_headTree ? git_tree_entry_bypath(&raw, m_headTree.get(), path.constData())
                              : GIT_ENOTFOUND;
    if (rc == GIT_ENOTFOUND) {
        git_error_clear();
        // Untracked: new, unless the user's .gitignore keeps it out (the next sync leaves it).
        if (!m_index->find(path)) {
            int ignored = 0;
            GIT_TRY(git_ignore_path_is_ignored(&ignored, m_repo.get(), path.constData()),
                    QStringLiteral("checking '%1'").arg(name));
            if (ignored)
                return {};
        }
        out.added.append(name);
        return {};
    }
    GIT_TRY(rc, QStringLiteral("looking '%1' up in HEAD").arg(name));
    TreeEntryPtr entry(raw);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB ||
        !holds(path, *git_tree_entry_id(entry.get()), size, mtimeNs))
        out.modified.append(name);
    return {};
}

Status Uncommitted::trackedElsewhere(WorkingChanges &out)
{
    auto stamps = StampSnapshots(m_db).read({});
    if (!stamps)
        return stamps.error();
    const QByteArray root = QFile::encodeName(m_workspace.root()) + '/';
    std::optional<LayerPolicy> policy;
    const qsizetype count = m_index->count();
    int next = 0; // git's entries are sorted by path, as the snapshot's records mostly are
    for (qsizetype i = 0; i < count; ++i) {
        const IndexEntryView e = m_index->entry(i);
        if (e.stage != 0)
            continue; // a side of a merge conflict: the file's row says where it stands
        const QByteArrayView path = e.path;
        const int record = stamps->find(path, next);
        if (record >= 0)
            next = record + 1;
        if (record < 0) {
            // Unknown to the index: gone when the disk lost it; else one of HAWKMOTH's own files
            // (compared above) or one the scanner skips (a symlink), which stays as git has it.
            struct stat st
            {};
            const QByteArray full = root + path.toByteArray();
            if (::lstat(full.constData(), &st) != 0 && errno == ENOENT)
                out.deleted.append(QString::fromUtf8(path));
            continue;
        }
        const IndexStamp stamp = stamps->stamp(record);
        if (stamp.layer == Layer::Git || stamp.remoteOnly)
            continue;
        // In another layer now: the next sync untracks it (Committer), except a session file that
        // neither a pin nor the workspace's own rules put there, which goes back to git.
        const QString name = QString::fromUtf8(path);
        if (stamp.layer == Layer::Session) {
            if (!policy) {
                auto loaded = m_workspace.policy();
                if (!loaded)
                    return loaded.error();
                policy = std::move(*loaded);
            }
            if (!policy->rulesOwned() && !policy->pin(name))
                continue;
        }
        out.deleted.append(name);
    }
    return {};
}

} // namespace hawkmoth::git
