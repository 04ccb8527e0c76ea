#include "SyncOperations.h"

#include "StorageCore.h"

namespace hawkmoth {

QFuture<Result<SyncOutcome>> SyncOperations::sync(const Workspace &ws,
                                                  const OperationControl &control)
{
    return run(ws, SyncRequest::Sync, control);
}

QFuture<Result<SyncOutcome>> SyncOperations::push(const Workspace &ws,
                                                  const OperationControl &control)
{
    return run(ws, SyncRequest::Push, control);
}

QFuture<Result<SyncOutcome>> SyncOperations::pull(const Workspace &ws,
                                                  const OperationControl &control)
{
    return run(ws, SyncRequest::Pull, control);
}

QFuture<Result<SyncOutcome>> SyncOperations::runDueJobs(const Workspace &ws,
                                                        const OperationControl &control)
{
    return run(ws, std::nullopt, control);
}

QFuture<Result<qint64>> SyncOperations::queue(const Workspace &ws, SyncRequest request)
{
    return m_core.run([this, ws, request] {
        const StorageContext context = m_core.context();
        return SyncOnDemand(ws, context, m_core.handlers()).queue(request);
    });
}

QFuture<Result<SyncOutcome>> SyncOperations::run(const Workspace &ws,
                                                 std::optional<SyncRequest> request,
                                                 const OperationControl &control)
{
    return m_core.run([this, ws, request, control] {
        const StorageContext context = m_core.context();
        SyncOnDemand onDemand(ws, context, m_core.handlers());
        auto outcome = request ? onDemand.run(*request, control) : onDemand.runDueJobs(control);
        // Jobs change states, and a pull changes files: listeners look again.
        if (outcome && !outcome->jobs.isEmpty()) {
            const QString name = ws.name();
            QMetaObject::invokeMethod(
                &m_core, [core = &m_core, name] { Q_EMIT core->filesChanged(name); },
                Qt::QueuedConnection);
        }
        return outcome;
    });
}

} // namespace hawkmoth
