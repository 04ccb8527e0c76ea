#include "GitCommitter.h"

#include "FileIndex.h"
#include "GitError.h"
#include "GitExcludes.h"
#include "GitStager.h"
#include "GitUserIgnores.h"
#include "StampSnapshots.h"

#include <QFile>

#include <cstring>

namespace hawkmoth::git {

namespace {

// Leaves out a file that cannot be read (libgit2 would fail the whole commit on it): > 0 skips.
int skipUnreadable(const char *path, Committer::AddProgress *p)
{
    if (!Stager::unreadable(p->workdir + path))
        return 0;
    p->unreadable.append(QString::fromUtf8(path));
    return 1;
}

// Called by git_index_update_all for each tracked path it is about to stage again.
int onUpdate(const char *path, const char *, void *payload)
{
    return skipUnreadable(path, static_cast<Committer::AddProgress *>(payload));
}

// Called by git_index_add_all for each path it is about to add: counts, and stops on cancel.
int onAdd(const char *path, const char *, void *payload)
{
    auto *p = static_cast<Committer::AddProgress *>(payload);
    if (p->cancel->isCancelled())
        return GIT_EUSER;
    // "sub/": a repository of its own inside the workspace, which git would add as a gitlink (and
    // libgit2 refuses when it has no commit yet); the scanner names it as skipped.
    if (path && *path && path[std::strlen(path) - 1] == '/')
        return 1;
    if (path && skipUnreadable(path, p)) // no path: a count from stageKnownChanges
        return 1;
    ++p->state.filesDone;
    if (*p->progress && p->state.filesDone % 256 == 0)
        (*p->progress)(p->state);
    return 0;
}

QString oidText(const git_oid *oid)
{
    char text[GIT_OID_HEXSZ + 1];
    git_oid_tostr(text, sizeof text, oid);
    return QString::fromLatin1(text);
}

} // namespace

Committer::Committer(Repository &repository, const Workspace &workspace,
                     const StorageContext &context)
    : m_repo(repository)
    , m_workspace(workspace)
    , m_context(context)
{}

Result<CommitSummary> Committer::commitAll(const CancelToken &cancel, const ProgressFn &progress)
{
    git_repository *repo = m_repo.get();
    auto db = m_workspace.connect();
    if (!db)
        return db.error();
    FileIndex files(**db);
    // Only the rows that matter: in a large workspace most git files are synced already.
    auto others = files.outsideLayer(Layer::Git);
    if (!others)
        return others.error();
    auto unsettled = files.unsettledInLayer(Layer::Git);
    if (!unsettled)
        return unsettled.error();
    auto conflicted = files.withState(SyncState::Conflict);
    if (!conflicted)
        return conflicted.error();
    QStringList elsewhere; // hub and session files: never in git
    for (const FileEntry &e : std::as_const(*others))
        elsewhere.append(e.path);
    QStringList conflicts;
    for (const FileEntry &e : std::as_const(*conflicted)) {
        if (e.layer == Layer::Git)
            conflicts.append(e.path);
    }
    QStringList changed; // git-layer files the rescan found new or modified
    bool ignoreRulesChanged = false;
    for (const FileEntry &e : std::as_const(*unsettled)) {
        // LocalOnly: once found ignored; staged again should the rules have changed since.
        if (e.state == SyncState::Pending || e.state == SyncState::Error ||
            e.state == SyncState::LocalOnly) {
            changed.append(e.path);
            if (e.path == QLatin1String(".gitignore") ||
                e.path.endsWith(QLatin1String("/.gitignore")))
                ignoreRulesChanged = true;
        }
    }
    // The hub's manifest is no file of the HAWKMOTH index, yet every Hub commit changes it: it is
    // staged with every commit (unchanged, it changes nothing), so a clone of the git remote knows
    // what the Hub holds.
    if (const QString manifest = QStringLiteral(".hawkmoth/manifest.json");
        QFile::exists(m_workspace.absolutePath(manifest)))
        changed.append(manifest);
    // The policy travels with the history whoever changed it (a pin, a hand edit); an invalid
    // one is never committed: the sync stops with the error, naming the file.
    auto policy = m_workspace.policy();
    if (!policy)
        return policy.error();
    if (QFile::exists(m_workspace.policyFile()))
        changed.append(QStringLiteral(".hawkmoth/policy.json"));
    const QString gitDir = QString::fromUtf8(git_repository_path(repo));
    HM_TRY(Excludes::update(gitDir, elsewhere));

    git_index *rawIndex = nullptr;
    GIT_TRY(git_repository_index(&rawIndex, repo), QStringLiteral("opening the git index"));
    IndexPtr index(rawIndex);
    // Loaded by git_repository_index; read again only if the file changed since.
    GIT_TRY(git_index_read(index.get(), false), QStringLiteral("reading the git index"));
    AddProgress state{&cancel, &progress, {}, QFile::encodeName(m_workspace.root()) + '/', {}};
    state.state.filesTotal = unsettled->size();
    auto head = m_repo.headCommit();
    if (!head)
        return head.error();
    // What the commit changes, when staging can tell it without diffing HEAD's trees.
    std::optional<ChangeList> changes;
    if (ignoreRulesChanged) {
        // The whole working tree, as `git add -A` sees it: ignore rules moved.
        GIT_TRY(git_index_add_all(index.get(), nullptr, GIT_INDEX_ADD_DEFAULT, onAdd, &state),
                QStringLiteral("staging changes"));
        GIT_TRY(git_index_update_all(index.get(), nullptr, onUpdate, &state),
                QStringLiteral("staging deletions"));
    } else {
        const bool first = !head->has_value() || git_index_entrycount(index.get()) == 0;
        if (first) {
            // Git holds nothing yet (or lost its index): every git-layer file the HAWKMOTH index
            // knows, whatever its state, not only those the rescan found changed. Still no walk
            // of the working tree: the rescan that opened this sync did that.
            auto all = files.inLayer(Layer::Git);
            if (!all)
                return all.error();
            for (const FileEntry &e : std::as_const(*all))
                changed.append(e.path);
            changed.removeDuplicates();
            state.state.filesTotal = changed.size();
        }
        auto staged = stageKnownChanges(index.get(), changed, **db, state,
                                        head->has_value() ? git_commit_tree_id(head->value().get())
                                                          : nullptr);
        if (!staged)
            return staged.error();
        changes = std::move(*staged);
    }
    // A file that moved to the hub or session layer leaves git (its history stays) — for the
    // session layer only when the user asked: a tracked file that rules from elsewhere (a clone's
    // policy) put there goes back to git, so its edits are committed.
    for (const FileEntry &e : std::as_const(*others)) {
        const QByteArray p = e.path.toUtf8();
        if (!git_index_get_bypath(index.get(), p.constData(), 0))
            continue;
        if (e.layer == Layer::Session && !policy->rulesOwned() && !policy->pin(e.path)) {
            FileEntry kept = e;
            kept.layer = Layer::Git;
            kept.state = SyncState::Pending;
            HM_TRY(files.upsert(kept));
            continue;
        }
        GIT_TRY(git_index_remove_bypath(index.get(), p.constData()),
                QStringLiteral("untracking '%1'").arg(e.path));
        if (changes)
            changes->push_back({'-', p});
    }
    git_oid treeId;
    GIT_TRY(git_index_write_tree(&treeId, index.get()), QStringLiteral("writing the tree"));

    const git_tree *headTree = nullptr;
    TreePtr headTreeOwned;
    if (head->has_value()) {
        git_tree *t = nullptr;
        GIT_TRY(git_commit_tree(&t, head->value().get()), QStringLiteral("reading HEAD's tree"));
        headTreeOwned.reset(t);
        headTree = t;
    }
    auto mergeHead = files.meta(QString::fromLatin1(mergeHeadKey));
    if (!mergeHead)
        return mergeHead.error();
    const bool merging = !mergeHead->isEmpty();

    CommitSummary summary;
    summary.unreadable = state.unreadable;
    summary.unreadable.removeDuplicates();
    if (merging && !conflicts.isEmpty()) {
        summary.blockedByConflicts = conflicts;
        GIT_TRY(git_index_write(index.get()), QStringLiteral("writing the git index"));
        return summary;
    }
    if (headTree && git_oid_equal(git_tree_id(headTree), &treeId) && !merging) {
        GIT_TRY(git_index_write(index.get()), QStringLiteral("writing the git index"));
        summary.oid = oidText(git_commit_id(head->value().get()));
        HM_TRY(markCommitted(index.get(), **db, summary.unreadable));
        return summary; // never an empty commit
    }

    git_tree *newTreeRaw = nullptr;
    GIT_TRY(git_tree_lookup(&newTreeRaw, repo, &treeId), QStringLiteral("reading the new tree"));
    TreePtr newTree(newTreeRaw);
    if (!changes || changes->empty()) {
        auto diffed = diffTrees(headTree, newTree.get());
        if (!diffed)
            return diffed.error();
        changes = std::move(*diffed);
    }
    const QStringList body = describe(*changes, summary);
    summary.message = merging ? QStringLiteral("Merge remote changes; ") +
                                    summaryLine(summary.added, summary.modified, summary.deleted)
                              : summaryLine(summary.added, summary.modified, summary.deleted);
    const QString fullMessage =
        summary.message + QStringLiteral("\n\n") + body.join(QLatin1Char('\n')) + QLatin1Char('\n');

    auto sig = m_repo.signature(m_context.settings);
    if (!sig)
        return sig.error();
    std::vector<const git_commit *> parents;
    if (head->has_value())
        parents.push_back(head->value().get());
    CommitPtr theirs;
    if (merging) {
        git_oid theirsId;
        git_commit *c = nullptr;
        if (git_oid_fromstr(&theirsId, mergeHead->toLatin1().constData()) == 0 &&
            git_commit_lookup(&c, repo, &theirsId) == 0) {
            theirs.reset(c);
            parents.push_back(c);
        }
        git_error_clear();
    }
    git_oid commitId;
    GIT_TRY(git_commit_create(&commitId, repo, "HEAD", sig->get(), sig->get(), "UTF-8",
                              fullMessage.toUtf8().constData(), newTree.get(), parents.size(),
                              parents.data()),
            QStringLiteral("committing"));
    GIT_TRY(git_index_write(index.get()), QStringLiteral("writing the git index"));
    summary.committed = true;
    summary.oid = oidText(&commitId);
    if (merging)
        HM_TRY(files.setMeta(QString::fromLatin1(mergeHeadKey), QString()));
    HM_TRY(markCommitted(index.get(), **db, summary.unreadable));
    return summary;
}

Result<std::optional<Committer::ChangeList>>
Committer::stageKnownChanges(git_index *index, const QStringList &changed, SqliteConnection &db,
                             AddProgress &state, const git_oid *headTreeId)
{
    // The rescan that opens every sync found every change, so only those files are read; walking
    // the whole tree again would double the cost of a small commit in a large workspace.
    git_repository *repo = m_repo.get();
    // When the index holds exactly HEAD's tree (after our own commits its tree cache answers at
    // once), what is staged here is the whole change against HEAD: no tree diff needed.
    git_oid before;
    GIT_TRY(git_index_write_tree(&before, index), QStringLiteral("reading the index's tree"));
    const bool exact = headTreeId && git_oid_equal(&before, headTreeId);
    ChangeList changes;
    FileIndex rows(db);
    auto attributes = rows.containsFileNamed(QStringLiteral(".gitattributes"));
    if (!attributes)
        return attributes.error();
    auto gitignores = rows.containsFileNamed(QStringLiteral(".gitignore"));
    if (!gitignores)
        return gitignores.error();
    const bool checkIgnores = UserIgnores::exist(repo, *gitignores);
    auto stager = Stager::create(repo, index, *attributes);
    if (!stager)
        return stager.error();
    for (const QString &path : changed) {
        const QByteArray p = path.toUtf8();
        const git_index_entry *old = git_index_get_bypath(index, p.constData(), 0);
        if (!old && checkIgnores) {
            int ignored = 0;
            GIT_TRY(git_ignore_path_is_ignored(&ignored, repo, p.constData()),
                    QStringLiteral("checking '%1'").arg(path));
            if (ignored)
                continue; // the user's .gitignore keeps it out, as `git add -A` would
        }
        const std::optional<std::pair<git_oid, uint32_t>> was =
            old ? std::optional(std::pair(old->id, old->mode)) : std::nullopt;
        if (onAdd(nullptr, nullptr, &state) != 0)
            return Error::cancelled();
        if (auto added = stager->add(p); !added) {
            if (added.error().code == ErrorCode::NotFound)
                continue;
            if (added.error().code == ErrorCode::PermissionDenied) {
                state.unreadable.append(path);
                continue;
            }
            return added.error();
        }
        const git_index_entry *now = git_index_get_bypath(index, p.constData(), 0);
        if (!was)
            changes.push_back({'+', p});
        else if (now && (!git_oid_equal(&now->id, &was->first) || now->mode != was->second))
            changes.push_back({'~', p});
    }
    // Deletions: tracked files that the HAWKMOTH index no longer knows and that are not on disk
    // (tracked files it knows in another layer leave git with the other layers' files).
    auto known = StampSnapshots(db).read({});
    if (!known)
        return known.error();
    QList<QByteArray> gone;
    const size_t count = git_index_entrycount(index);
    for (size_t i = 0; i < count; ++i) {
        const git_index_entry *e = git_index_get_byindex(index, i);
        const QByteArrayView p(e->path);
        if (known->find(p) < 0 && !QFile::exists(m_workspace.absolutePath(QString::fromUtf8(p))))
            gone.append(p.toByteArray());
    }
    for (const QByteArray &p : std::as_const(gone)) {
        GIT_TRY(git_index_remove_bypath(index, p.constData()),
                QStringLiteral("staging the deletion of '%1'").arg(QString::fromUtf8(p)));
        changes.push_back({'-', p});
    }
    return exact ? std::optional(std::move(changes)) : std::nullopt;
}

Status Committer::markCommitted(git_index *index, SqliteConnection &db,
                                const QStringList &unreadable)
{
    // A file is synced when git's index holds exactly what the HAWKMOTH index describes (same
    // size and mtime): a file changed again during the commit stays pending for the next one.
    auto tx = Transaction::begin(db);
    if (!tx)
        return tx.error();
    FileIndex files(db);
    QList<FileIndex::Settlement> settled;
    auto pending = files.unsettledInLayer(Layer::Git);
    if (!pending)
        return pending.error();
    for (const FileEntry &e : std::as_const(*pending)) {
        const git_index_entry *entry = git_index_get_bypath(index, e.path.toUtf8().constData(), 0);
        if (!entry) {
            // Not tracked although on disk: ignored only when git's rules say so. A file published
            // after staging began is simply not staged yet and stays pending for the next sync.
            if (e.state == SyncState::LocalOnly || !QFile::exists(m_workspace.absolutePath(e.path)))
                continue;
            int isIgnored = 0;
            GIT_TRY(
                git_ignore_path_is_ignored(&isIgnored, m_repo.get(), e.path.toUtf8().constData()),
                QStringLiteral("checking '%1'").arg(e.path));
            if (isIgnored) {
                FileEntry ignored = e;
                ignored.state = SyncState::LocalOnly;
                ignored.error = QStringLiteral("ignored by .gitignore");
                HM_TRY(files.upsert(ignored));
            }
            continue;
        }
        const qint64 mtimeNs =
            qint64(entry->mtime.seconds) * 1000000000LL + entry->mtime.nanoseconds;
        if (qint64(entry->file_size) != (e.size & 0xffffffffLL) || mtimeNs != e.mtimeNs)
            continue;
        const QString blob = oidText(&entry->id);
        if (e.state != SyncState::Synced || e.remoteId != blob)
            settled.append({e.path, blob});
    }
    HM_TRY(files.settle(settled, SyncState::Synced));
    for (const QString &path : unreadable) {
        auto row = files.get(path);
        if (!row)
            return row.error();
        if (row->has_value() && (*row)->layer == Layer::Git)
            HM_TRY(files.setState(path, SyncState::Error,
                                  QStringLiteral("cannot be read (permission denied); "
                                                 "make it readable and sync again")));
    }
    return (*tx)->commit();
}

} // namespace hawkmoth::git
