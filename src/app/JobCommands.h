#pragma once
// What the job and rule commands share: running the jobs just queued or released.

#include "ExecutionContext.h"
#include "JobControl.h"

#include <optional>

namespace hawkmoth {

// Runs the due jobs of those kinds now, through core.jobs(); nullopt when a background
// scheduler (the GUI) was woken to run them instead.
Result<std::optional<DrainReport>> runJobsNow(ExecutionContext &ctx, const Workspace &ws,
                                              const QStringList &kinds);

} // namespace hawkmoth
