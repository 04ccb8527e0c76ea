#pragma once
// The git layer on the async API (core.git()): each call returns at once and runs its
// git::GitWorkflows counterpart on the core's pool, where the repository is opened, used and
// closed on one thread.

#include "GitWorkflows.h"

#include <QFuture>

namespace hawkmoth {

class StorageCore;

class GitOperations
{
public:
    explicit GitOperations(StorageCore &core)
        : m_core(core)
    {}

    QFuture<Result<QList<git::LogEntry>>> history(const Workspace &ws, const QString &path = {},
                                                  int limit = 100);
    QFuture<Result<QByteArray>> show(const Workspace &ws, const QString &path, const QString &rev);
    QFuture<Result<FileEntry>> restore(const Workspace &ws, const QString &path,
                                       const QString &rev);
    QFuture<Result<QString>> setRemote(const Workspace &ws, const QString &url);
    QFuture<Result<QString>> remote(const Workspace &ws);
    // Clones into a new workspace and makes it the current one.
    QFuture<Result<OpenedWorkspace>> cloneProject(const QString &url, const QString &name,
                                                  const OperationControl &control);
    // Stores a token for url's host in the keychain; the future holds the keychain key.
    QFuture<Result<QString>> login(const QString &url, const QString &username,
                                   const QString &token);
    // Branch, HEAD, remote, uncommitted, ahead/behind; never creates a repository. Uncommitted is
    // counted from the file index: as current as its last rescan (files().rescan()) or watcher
    // round.
    QFuture<Result<git::LayerStatus>> layerStatus(const Workspace &ws);

private:
    StorageCore &m_core;
};

} // namespace hawkmoth
