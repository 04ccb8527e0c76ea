#pragma once
// Running a pipeline job (sync, push, pull) for a command, shared by the commands that end with
// one (create-repo pushes after it set the remote).

#include "Command.h"
#include "ExecutionContext.h"
#include "SyncOnDemand.h"

namespace hawkmoth {

// Runs the requested pipeline job now, with everything else that is due; with ctx.wakeJobs (a
// process whose scheduler runs jobs) it is only queued, and the answer names the job.
CommandResult runPipeline(ExecutionContext &ctx, SyncRequest request, const QString &verb);

} // namespace hawkmoth
