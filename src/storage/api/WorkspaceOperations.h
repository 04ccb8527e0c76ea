#pragma once
// The workspace operations of the asynchronous API (core.workspaces()): list, current, create,
// switch, rename, delete and storage statistics, each returning a QFuture at once and running on
// the core's pool. Changes are signalled by the core (workspacesChanged, currentWorkspaceChanged).

#include "StorageStats.h"
#include "WorkspaceRegistry.h"

#include <QFuture>

#include <optional>

namespace hawkmoth {

class StorageCore;

struct CreatedWorkspace
{
    Workspace workspace;
    bool madeCurrent = false;
    std::optional<WorkspaceInfo> info; // nothing when the new workspace could not be described
};

class WorkspaceOperations
{
public:
    explicit WorkspaceOperations(StorageCore &core);

    QFuture<Result<QList<WorkspaceInfo>>> list();
    QFuture<Result<Workspace>> current();
    QFuture<Result<WorkspaceInfo>> info(const QString &name);
    QFuture<Result<CreatedWorkspace>> create(const QString &name, const QString &templateName,
                                             bool makeCurrent);
    // Makes name the current workspace and describes it.
    QFuture<Result<WorkspaceInfo>> switchTo(const QString &name);
    QFuture<Result<Workspace>> rename(const QString &from, const QString &to);
    // Deletes the workspace and its folder; confirmed must be true (the user said yes).
    QFuture<Status> remove(const QString &name, bool confirmed);
    // Files and bytes per layer, jobs, last scan and sync.
    QFuture<Result<StorageStats>> statistics(const Workspace &ws);

private:
    void changed();

    StorageCore &m_core;
};

} // namespace hawkmoth
