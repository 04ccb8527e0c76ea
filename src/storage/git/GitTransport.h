#pragma once
// Talks to the remote: push (never forced), fetch + merge (fast-forward, or a merge commit when
// histories diverged and nothing conflicts; on a conflict both versions are kept and nothing is
// overwritten), and clone. Progress and cancellation go through libgit2's transfer callbacks.

#include "Cancellation.h"
#include "GitCredentials.h"
#include "GitRepository.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth::git {

struct PullSummary
{
    enum class Kind
    {
        UpToDate,
        FastForward,
        Merged,
        Conflicts,
        NoRemoteBranch
    };
    Kind kind = Kind::UpToDate;
    QString theirs;           // the remote commit merged
    QStringList conflicts;    // paths changed on both sides
    QStringList remoteCopies; // where the remote versions of those were written
};

class Transport
{
public:
    // context: its settings (identity, ssh key) and keychain must outlive the transport.
    Transport(const StorageContext &context, CancelToken cancel, ProgressFn progress);

    Status push(Repository &repo);
    // Whether the last push sent anything: false when the remote had the branch's commit already.
    bool pushedCommits() const { return m_pushedCommits; }
    Status fetch(Repository &repo);
    // Fetches, then merges the remote branch into the current one. The working tree must hold no
    // uncommitted git-layer changes (sync commits first).
    Result<PullSummary> pull(Repository &repo, const Workspace &workspace);
    // Clones url into folder (which must not exist or be empty).
    Status clone(const QString &url, const QString &folder);

    // The URL with any user:password@ removed, for messages and metadata.
    static QString redact(const QString &url);

    // libgit2 callbacks; the payload is the Transport.
    static int onCredentials(git_credential **out, const char *url, const char *username,
                             unsigned int allowedTypes, void *payload);
    static int onTransfer(const git_indexer_progress *stats, void *payload);
    static int onPushTransfer(unsigned int current, unsigned int total, size_t bytes,
                              void *payload);
    static int onPushReference(const char *refname, const char *status, void *payload);
    static int onPushNegotiation(const git_push_update **updates, size_t count, void *payload);

private:
    // fresh: the server is asked to close each connection after its answer, so the pack goes
    // out on a new one however long it took to build.
    Status pushOnce(Repository &repo, bool fresh);
    git_remote_callbacks callbacks();
    Error networkError(int code, const QString &what, const QString &url) const;

    const AppSettings &m_settings;
    CancelToken m_cancel;
    ProgressFn m_progress;
    Credentials m_credentials;
    QStringList m_rejections;
    bool m_pushedCommits = false;
};

} // namespace hawkmoth::git
