#pragma once
// The hub layer on the async API (core.hub()): log in and out, the layer's status and opening a
// workspace from its dataset, each a call that returns at once and runs on the core's pool.

#include "HubAccount.h"
#include "HubGitRemote.h"
#include "OpenedWorkspace.h"
#include "OperationControl.h"

#include <QFuture>

namespace hawkmoth {

class StorageCore;

class HubOperations
{
public:
    explicit HubOperations(StorageCore &core)
        : m_core(core)
    {}

    // Checks the token with the Hub and keeps it in the keychain; jobs of workspace (when given)
    // that a rejected token stopped are queued again.
    QFuture<Result<hub::Login>> login(const QString &token,
                                      const std::optional<Workspace> &workspace,
                                      const CancelToken &cancel = {});
    QFuture<Result<hub::Logout>> logout();
    // Where the token comes from and its masked hint; never the token.
    QFuture<Result<hub::TokenInfo>> tokenInfo();
    // Asks the Hub who token (empty: the configured one) belongs to; stores nothing.
    QFuture<Result<QString>> whoami(const QString &token = {}, const CancelToken &cancel = {});
    // Pending uploads, remote-only files, the token's state; never writes a file.
    QFuture<Result<hub::LayerStatus>> layerStatus(const Workspace &ws);
    // Restores a workspace from its dataset and makes it the current one.
    QFuture<Result<OpenedWorkspace>> openFromHub(const QString &dataset, const QString &name,
                                                 const OperationControl &control);

    // Creates the model or Space repository for the workspace's code on the Hub and makes it the
    // git remote (recorded in workspace.json); a pull and a push bring the two together.
    QFuture<Result<hub::CodeRepo>> createCodeRepo(const Workspace &ws,
                                                  const hub::CodeRepoRequest &request,
                                                  const CancelToken &cancel = {});

private:
    StorageCore &m_core;
};

} // namespace hawkmoth
