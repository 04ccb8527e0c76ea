#pragma once
// Whether anything besides HAWKMOTH's own block of .git/info/exclude can ignore a file: a
// .gitignore in the workspace, the user's global excludes file, or lines of their own in
// info/exclude. When nothing can, a git-layer file needs no ignore check before it is staged:
// libgit2 tries every rule of info/exclude in turn, and that block holds one rule per hub file,
// so checking 100,000 new files against 5,000 hub rules would cost more than staging them.

#include "Result.h"

#include <git2.h>

namespace hawkmoth::git {

class UserIgnores
{
public:
    // workspaceHasGitignore: a file named .gitignore lies anywhere in the workspace. On any doubt
    // (a file that cannot be read) the answer is true: the checks then run as before.
    static bool exist(git_repository *repo, bool workspaceHasGitignore);
    // The lines of info/exclude outside the managed block that are rules (not blank, no comment).
    static bool hasOwnRules(const QByteArray &exclude);
};

} // namespace hawkmoth::git
