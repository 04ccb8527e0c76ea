#pragma once
// Sync's git half: stages every git-layer change (adds, edits, deletes, files that moved to another
// layer) plus the manifest and policy, and commits it with a message that summarises the change —
// never an empty commit. Afterwards the HAWKMOTH index marks the committed files synced.

#include "Cancellation.h"
#include "GitRepository.h"
#include "SqliteConnection.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <optional>
#include <vector>

namespace hawkmoth::git {

struct CommitSummary
{
    bool committed = false;
    QString oid; // the new commit (or HEAD when nothing changed)
    int added = 0;
    int modified = 0;
    int deleted = 0;
    QString message;
    QStringList blockedByConflicts; // files still to resolve before a merge can be committed
    QStringList unreadable;         // skipped: they could not be read (the rest is committed)
};

class Committer
{
public:
    static constexpr const char *mergeHeadKey = "gitMergeHead";

    Committer(Repository &repository, const Workspace &workspace, const StorageContext &context);

    Result<CommitSummary> commitAll(const CancelToken &cancel = {},
                                    const ProgressFn &progress = {});

    // "3 files: +2 ~1" — the summary line of a commit.
    static QString summaryLine(int added, int modified, int deleted);

    struct AddProgress
    {
        const CancelToken *cancel;
        const ProgressFn *progress;
        Progress state;
        QByteArray workdir;     // with a trailing '/'
        QStringList unreadable; // files skipped while staging
    };

private:
    // What a commit changes against HEAD, path by path: '+', '~' or '-'.
    using ChangeList = std::vector<std::pair<char, QByteArray>>;
    // Stages the files the rescan found; the change list when it is the whole change against
    // HEAD (the index held HEAD's tree), else nullopt.
    Result<std::optional<ChangeList>> stageKnownChanges(git_index *index,
                                                        const QStringList &changed,
                                                        SqliteConnection &db, AddProgress &state,
                                                        const git_oid *headTreeId);
    Result<ChangeList> diffTrees(const git_tree *from, const git_tree *to);
    // Counts the changes into summary; the message body (in path order, 50 lines at most).
    static QStringList describe(ChangeList &changes, CommitSummary &summary);
    // Unreadable files are marked in error, named, and retried by the next sync.
    Status markCommitted(git_index *index, SqliteConnection &db, const QStringList &unreadable);

    Repository &m_repo;
    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth::git
