#include "GitHeadMatch.h"

#include "FileIndex.h"
#include "GitError.h"
#include "GitRepository.h"

#include <QFile>

namespace hawkmoth::git {

Status markMatchingHead(const Workspace &workspace)
{
    if (!QFile::exists(workspace.root() + QStringLiteral("/.git")))
        return {};
    auto repo = Repository::open(workspace.root());
    if (!repo)
        return repo.error();
    auto head = repo->headCommit();
    if (!head)
        return head.error();
    if (!*head)
        return {}; // no commit yet: nothing is synced
    git_tree *rawTree = nullptr;
    if (const int rc = git_commit_tree(&rawTree, (*head)->get()); rc != 0)
        return failure(rc, QStringLiteral("reading HEAD's tree"));
    const TreePtr tree(rawTree);

    auto db = workspace.connect();
    if (!db)
        return db.error();
    auto tx = Transaction::begin(**db);
    if (!tx)
        return tx.error();
    FileIndex files(**db);
    auto pending = files.unsettledInLayer(Layer::Git);
    if (!pending)
        return pending.error();
    QList<FileIndex::Settlement> settled;
    for (const FileEntry &e : std::as_const(*pending)) {
        if (e.layer != Layer::Git)
            continue;
        git_tree_entry *rawEntry = nullptr;
        if (git_tree_entry_bypath(&rawEntry, tree.get(), e.path.toUtf8().constData()) != 0)
            continue;
        const TreeEntryPtr entry(rawEntry);
        git_oid onDisk;
        if (git_odb_hashfile(&onDisk, QFile::encodeName(workspace.absolutePath(e.path)).constData(),
                             GIT_OBJECT_BLOB) != 0 ||
            !git_oid_equal(&onDisk, git_tree_entry_id(entry.get())))
            continue;
        char hex[GIT_OID_HEXSZ + 1] = {};
        git_oid_tostr(hex, sizeof hex, &onDisk);
        settled.append({e.path, QString::fromLatin1(hex)});
    }
    HM_TRY(files.settle(settled, SyncState::Synced));
    return (*tx)->commit();
}

} // namespace hawkmoth::git
