#pragma once
// The hub layer's place in the whole: the "hub" step of sync (before git, so that git commits the
// manifest it writes), the "hub" step of pull (after git, which brings the manifest), remote-only
// rows for a cloned workspace, and fetching such a file when it is opened.

#include "SyncPipeline.h"
#include "WorkspaceRegistry.h"

namespace hawkmoth::hub {

// The sync step and the initializer; call before the git layer installs its sync step. The fetcher
// of remote-only files is HubPull::fetchOne.
void install(WorkspaceRegistry &registry, SyncPipeline &sync);
// The pull step; call after the git layer installed its own.
void installPull(SyncPipeline &pull);

// Restores a workspace from a Hub dataset on this machine: its metadata, then its git remote
// (cloned) if it has one, then its large files. Returns the new workspace; refused receives the
// dataset's paths that were not written (see HubPaths).
Result<Workspace> openFromHub(WorkspaceRegistry &registry, const StorageContext &context,
                              const QString &dataset, const QString &name,
                              const CancelToken &cancel, const ProgressFn &progress,
                              QStringList *refused = nullptr);

} // namespace hawkmoth::hub
