#pragma once
// What a command runs against: the workspaces, the storage context, the job handlers, and the
// per-call details (a workspace chosen with --workspace, content piped in, progress, cancel).

#include "Cancellation.h"
#include "JobRunner.h"
#include "StorageContext.h"
#include "WorkspaceRegistry.h"

#include <QByteArray>
#include <optional>

namespace hawkmoth {

class CommandCatalog;
class StorageCore;

struct ExecutionContext
{
    const CommandCatalog *catalog;
    WorkspaceRegistry &registry;
    StorageContext &storage;
    const JobHandlers &handlers;
    QString workspaceOverride;       // --workspace NAME; empty = the current workspace
    std::optional<QByteArray> input; // content for "save" (stdin, editor buffer, request body)
    CancelToken cancel;
    ProgressFn progress;
    std::function<void(const QString &)> note; // progress lines for people (stderr in the CLI)
    // Set by a long-lived process (the GUI) whose scheduler runs jobs in the background; without
    // it, commands run the jobs they queue before returning (the CLI).
    std::function<void(const Workspace &)> wakeJobs;

    // What the user must hear even from a script (the CLI: stderr, once per message).
    std::function<void(const QString &)> warn;

    // The async API, for commands that call it (waiting on its futures).
    StorageCore *core = nullptr;

    Result<Workspace> workspace() const
    {
        if (!workspaceOverride.isEmpty())
            return registry.find(workspaceOverride);
        QString fallback;
        auto ws = registry.current(&fallback);
        if (!fallback.isEmpty() && warn)
            warn(fallback);
        return ws;
    }
};

} // namespace hawkmoth
