#include "GitConflictCopies.h"

#include "AtomicWriter.h"
#include "CopyName.h"
#include "FileIndex.h"
#include "GitCommitter.h"
#include "GitError.h"
#include "LayerPolicy.h"

#include <optional>
#include <vector>

namespace hawkmoth::git {

Result<PullSummary> ConflictCopies::keepBoth(Repository &repo, const Workspace &workspace,
                                             git_index *merged, const QString &theirsText)
{
    // Nothing local is overwritten: each conflicting file keeps the local version at its path and
    // gets the remote version beside it; the rest of the remote change is applied. The merge is
    // committed by a later sync, once every conflicting file has been edited.
    git_repository *r = repo.get();
    PullSummary summary;
    summary.kind = PullSummary::Kind::Conflicts;
    summary.theirs = theirsText;
    const QString shortId = theirsText.left(7);

    struct Conflict
    {
        QByteArray path;
        std::optional<git_index_entry> ours;
        std::optional<git_oid> theirsBlob;
    };
    std::vector<Conflict> conflicts;
    {
        git_index_conflict_iterator *iterRaw = nullptr;
        GIT_TRY(git_index_conflict_iterator_new(&iterRaw, merged),
                QStringLiteral("listing conflicts"));
        std::unique_ptr<git_index_conflict_iterator, void (*)(git_index_conflict_iterator *)> iter(
            iterRaw, git_index_conflict_iterator_free);
        const git_index_entry *ancestor = nullptr;
        const git_index_entry *ours = nullptr;
        const git_index_entry *theirsEntry = nullptr;
        while (git_index_conflict_next(&ancestor, &ours, &theirsEntry, iter.get()) == 0) {
            const git_index_entry *any = ours ? ours : theirsEntry ? theirsEntry : ancestor;
            Conflict c{QByteArray(any->path), std::nullopt, std::nullopt};
            if (ours)
                c.ours = *ours;
            if (theirsEntry)
                c.theirsBlob = theirsEntry->id;
            conflicts.push_back(std::move(c));
        }
    }
    auto policy = workspace.policy();
    if (!policy)
        return policy.error();
    for (const Conflict &c : conflicts) {
        const QString path = QString::fromUtf8(c.path);
        summary.conflicts.append(path);
        if (!c.theirsBlob)
            continue; // deleted remotely: the local file simply stays
        git_blob *blobRaw = nullptr;
        GIT_TRY(git_blob_lookup(&blobRaw, r, &*c.theirsBlob),
                QStringLiteral("reading the remote '%1'").arg(path));
        BlobPtr blob(blobRaw);
        // "data/table.csv" -> "data/table.remote-1a2b3c4.csv": the remote version, beside the local
        // one.
        const QString copy = copyPathWith(path, QStringLiteral(".remote-") + shortId);
        HM_TRY(AtomicWriter::writeFile(
            workspace.absolutePath(copy),
            QByteArrayView(static_cast<const char *>(git_blob_rawcontent(blob.get())),
                           qsizetype(git_blob_rawsize(blob.get()))),
            workspace.stagingDir()));
        // The copy is for the user's eyes: it stays on this machine (session layer).
        policy->setPin(copy, Layer::Session);
        summary.remoteCopies.append(copy);
    }
    HM_TRY(workspace.savePolicy(*policy));

    // The merged tree takes the local side of every conflict, so checking it out leaves those files
    // exactly as they are and brings in everything else.
    GIT_TRY(git_index_conflict_cleanup(merged), QStringLiteral("setting conflicts aside"));
    for (Conflict &c : conflicts) {
        if (!c.ours)
            continue;
        c.ours->path = c.path.constData();
        GIT_INDEX_ENTRY_STAGE_SET(&*c.ours,
                                  0); // as a resolved entry, not the conflict's "ours" stage
        GIT_TRY(git_index_add(merged, &*c.ours),
                QStringLiteral("keeping the local '%1'").arg(QString::fromUtf8(c.path)));
    }
    git_oid mergedTree;
    GIT_TRY(git_index_write_tree_to(&mergedTree, merged, r),
            QStringLiteral("writing the partial merge"));
    git_object *partialRaw = nullptr;
    GIT_TRY(git_object_lookup(&partialRaw, r, &mergedTree, GIT_OBJECT_TREE),
            QStringLiteral("reading the partial merge"));
    ObjectPtr partial(partialRaw);
    git_checkout_options checkout = GIT_CHECKOUT_OPTIONS_INIT;
    checkout.checkout_strategy = GIT_CHECKOUT_SAFE;
    GIT_TRY(git_checkout_tree(r, partial.get(), &checkout),
            QStringLiteral("applying the remote's other changes"));

    auto db = workspace.connect();
    if (!db)
        return db.error();
    HM_TRY(FileIndex(**db).setMeta(QString::fromLatin1(Committer::mergeHeadKey), summary.theirs));
    return summary;
}

} // namespace hawkmoth::git
