#pragma once
// Sync, push, pull and "run jobs" on the async API (core.sync()): each runs the requested
// pipeline job now, with whatever else is due, on the core's pool, and its future holds the
// outcome of every job that ran. A process whose scheduler runs jobs calls queue() instead.

#include "SyncOnDemand.h"

#include <QFuture>

namespace hawkmoth {

class StorageCore;

class SyncOperations
{
public:
    explicit SyncOperations(StorageCore &core)
        : m_core(core)
    {}

    QFuture<Result<SyncOutcome>> sync(const Workspace &ws, const OperationControl &control);
    QFuture<Result<SyncOutcome>> push(const Workspace &ws, const OperationControl &control);
    QFuture<Result<SyncOutcome>> pull(const Workspace &ws, const OperationControl &control);
    QFuture<Result<SyncOutcome>> runDueJobs(const Workspace &ws, const OperationControl &control);
    // Only queues the pipeline job as requested (the scheduler runs it); the future holds its id.
    QFuture<Result<qint64>> queue(const Workspace &ws, SyncRequest request);

private:
    QFuture<Result<SyncOutcome>> run(const Workspace &ws, std::optional<SyncRequest> request,
                                     const OperationControl &control);

    StorageCore &m_core;
};

} // namespace hawkmoth
