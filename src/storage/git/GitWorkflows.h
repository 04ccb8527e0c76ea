#pragma once
// The git operations a user asks for by name, as typed synchronous calls: the log, a file at a
// commit, restoring it, the remote, cloning a project into a new workspace, a token for a git
// host, and the layer's status. The async API (GitOperations) runs them on the pool; the CLI
// and the window only format what they return.

#include "FileEntry.h"
#include "GitLogEntry.h"
#include "GitTransport.h"
#include "OpenedWorkspace.h"
#include "OperationControl.h"
#include "StorageContext.h"

#include <optional>

namespace hawkmoth::git {

// What "storage status" says about the git layer. Reading it never creates a repository.
struct LayerStatus
{
    bool hasRepository = false; // false: the next sync creates it
    QString branch;
    QString head;   // HEAD's commit id; empty on an unborn branch
    QString remote; // empty when none is set
    // Files a sync would commit, as the file index knows the disk: current after a rescan (which
    // "storage status" runs first), a save, or a watcher's round; nullopt when unreadable.
    std::optional<int> uncommitted;
    std::optional<int> ahead;         // commits not pushed; nullopt without a remote branch
    std::optional<int> behind;        // commits not pulled
    QList<NotCommitted> notCommitted; // files the last commit had to leave out
};

// Newest first; with a path only the commits that changed it. Empty without a repository.
Result<QList<LogEntry>> history(const Workspace &ws, const QString &path, int limit);
// The content of path at rev ("HEAD~1", a commit id, a branch).
Result<QByteArray> show(const Workspace &ws, const QString &path, const QString &rev);
// Saves path as it was at rev: a new change on top of history, never a rewrite of it.
Result<FileEntry> restore(const Workspace &ws, const StorageContext &context, const QString &path,
                          const QString &rev);
// Sets where git pushes; a password in the URL goes to the keychain. Returns the URL as stored.
Result<QString> setRemote(const Workspace &ws, const StorageContext &context, const QString &url);
// Fetches the remote and merges what it has that the workspace lacks (a new Hub repository's
// first commit), so that the workspace's next push is a fast-forward whichever job runs it.
Result<PullSummary> integrateRemote(const Workspace &ws, const StorageContext &context,
                                    const CancelToken &cancel);
// The remote's URL; empty when none is set or the workspace has no repository yet.
Result<QString> remote(const Workspace &ws);
// Clones url into a new workspace (named after the URL when name is empty), made current.
Result<OpenedWorkspace> cloneProject(WorkspaceRegistry &registry, const StorageContext &context,
                                     const QString &url, const QString &name,
                                     const OperationControl &control);
// Stores a token for url's host in the keychain; returns the keychain key.
Result<QString> storeLogin(const StorageContext &context, const QString &url,
                           const QString &username, const QString &token);
Result<LayerStatus> layerStatus(const Workspace &ws);

// The workspace name clone-project proposes for a URL ("https://host/team/site.git" → "site").
QString workspaceNameFromUrl(const QString &url);

} // namespace hawkmoth::git
