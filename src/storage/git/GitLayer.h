#pragma once
// The git layer's place in the whole: every new workspace gets a repository (branch main, with
// HAWKMOTH's private data excluded), and sync gets its "git" step — commit every change, then push
// when a remote is set and pushing is on (setting autoPush, default true).

#include "JobRunner.h"
#include "SyncPipeline.h"
#include "WorkspaceRegistry.h"

namespace hawkmoth::git {

void install(WorkspaceRegistry &registry, SyncPipeline &sync, SyncPipeline &pull);

// The "git" sync step: commit, then push (always when the job's payload says "push").
JobOutcome syncStep(JobContext &context);
// The "git" pull step: commit local changes, fetch, merge (keeping both versions on conflict).
JobOutcome pullStep(JobContext &context);

// Creates the repository of a new workspace, or adopts the one already there (a clone).
Status initializeWorkspace(const Workspace &workspace);

} // namespace hawkmoth::git
