#pragma once
// A pull whose merge conflicts: every conflicting file keeps the local version at its path and
// gets the remote version beside it (pinned to the session layer); the rest of the remote change
// is applied, and the merge is left for a later sync to commit.

#include "GitHandles.h"
#include "GitRepository.h"
#include "GitTransport.h"
#include "Workspace.h"

namespace hawkmoth::git {

class ConflictCopies
{
public:
    // merged: the conflicted merge index; theirsText: the remote commit id (hex).
    static Result<PullSummary> keepBoth(Repository &repo, const Workspace &workspace,
                                        git_index *merged, const QString &theirsText);
};

} // namespace hawkmoth::git
