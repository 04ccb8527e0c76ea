#pragma once
// Reads the past: the log of the workspace or of one file, a file's content at a commit, and the
// uncommitted changes. Restoring a past version is a new save (FileStore), never a rewrite.

#include "GitLogEntry.h"
#include "GitRepository.h"

#include <QList>

namespace hawkmoth::git {

class History
{
public:
    explicit History(Repository &repository)
        : m_repo(repository)
    {}

    // Newest first; with a path only the commits that changed it.
    Result<QList<LogEntry>> log(const QString &path = {}, int limit = 100);
    // The content of path at rev (a commit id, "HEAD~2", a branch...).
    Result<QByteArray> show(const QString &path, const QString &rev);
    Result<WorkingChanges> uncommitted();
    // Commits ahead of and behind the remote branch; nullopt without one.
    std::optional<std::pair<int, int>> aheadBehind();

private:
    Repository &m_repo;
};

} // namespace hawkmoth::git
