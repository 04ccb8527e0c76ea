#pragma once
// Changes where files are persisted: pins (a user's choice for a file or folder) and policy
// edits. The change is recorded at once and the files are moved by a "relayer" job, which marks
// them pending in their new layer; the next sync then takes them out of the old layer.

#include "JobRunner.h"
#include "LayerPolicy.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

#include <optional>

namespace hawkmoth {

class LayerMover
{
public:
    static constexpr const char *jobKind = "relayer";

    LayerMover(const Workspace &workspace, const StorageContext &context);

    // Pins a file or folder to a layer (nullopt removes the pin). Returns the relayer job id.
    Result<qint64> pin(const QString &path, std::optional<Layer> layer);
    // Replaces the rules (pins are kept) and re-evaluates every file. Returns the job id.
    Result<qint64> setRules(const QList<PolicyRule> &rules);

    static void registerHandlers(JobHandlers &handlers);
    static JobOutcome runJob(JobContext &context);

private:
    Result<qint64> queue(const QJsonObject &payload);

    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
