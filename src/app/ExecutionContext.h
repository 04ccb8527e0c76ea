#pragma once
// What a command runs against: the workspaces, the storage context, the job handlers, and the
// per-call details (a workspace chosen with --workspace, content piped in, progress, cancel).

#include "Cancellation.h"
#include "JobRunner.h"
#include "OperationControl.h"
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
    StorageCore &core;               // the async API the commands call
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

    // False where only CommandResult::text is shown (the CLI without --json): a command may then
    // leave out of its data what grows with the files it touched (100,000 imported files took
    // 0.6 s to describe in JSON that nobody read).
    bool wantsData = true;

    // The cancel token, progress and notes of this command, for a long operation of the core.
    OperationControl control() const { return {cancel, progress, note}; }

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
