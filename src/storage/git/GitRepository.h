#pragma once
// One workspace's git repository, opened on and used by a single thread (libgit2 objects are not
// to be shared across threads). Opens, creates (branch "main") or adopts the repository and
// answers the questions every git operation asks: HEAD, branch, author, remote.

#include "AppSettings.h"
#include "GitHandles.h"
#include "Result.h"

#include <QString>

#include <optional>

namespace hawkmoth::git {

class Repository
{
public:
    static constexpr const char *defaultBranch = "main";
    static constexpr const char *remoteName = "origin";

    static Result<Repository> open(const QString &root);
    // Creates a repository with branch "main", or opens the one already there.
    static Result<Repository> openOrInit(const QString &root);

    git_repository *get() const { return m_repo.get(); }
    const QString &root() const { return m_root; }

    // HEAD's commit; nullopt on an unborn branch (a repository without commits).
    Result<std::optional<CommitPtr>> headCommit() const;
    QString branch() const;
    // The author and committer: the user's git configuration, else HAWKMOTH's settings
    // (gitAuthorName, gitAuthorEmail), else a recognisable default.
    Result<SignaturePtr> signature(const AppSettings &settings) const;

    Result<QString> remoteUrl() const; // empty when no remote is set
    Status setRemoteUrl(const QString &url);

    // Removes lock files left by a process that was killed mid-write. Only safe while holding the
    // workspace's runner lock, which guarantees no other HAWKMOTH process is writing.
    Status clearStaleLocks() const;

private:
    Repository(RepositoryPtr repo, QString root)
        : m_repo(std::move(repo))
        , m_root(std::move(root))
    {}

    RepositoryPtr m_repo;
    QString m_root;
};

} // namespace hawkmoth::git
