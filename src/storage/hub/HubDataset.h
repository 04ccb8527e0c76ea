#pragma once
// Which Hub dataset a workspace syncs with, and whether the workspace.json there still says what
// ours says: the two questions HubSync asks before it decides to commit anything.

#include "AppSettings.h"
#include "HubApi.h"
#include "Workspace.h"
#include "WorkspaceMetadata.h"

namespace hawkmoth::hub {

class HubDataset
{
public:
    static const QString workspaceJsonPath; // ".hawkmoth/workspace.json"

    // The dataset of a workspace: workspace.json's, else the manifest's (a clone's, under any
    // name), else NAMESPACE/hawkmoth-WORKSPACE, created. What is found is written to
    // workspace.json.
    static Result<QString> resolve(const Workspace &workspace, HubApi &api,
                                   const AppSettings &settings, const QString &manifestDataset);

    // True when the dataset's workspace.json says what ours says about restoring the workspace
    // (git remote, dataset, keys of newer versions): another machine's name, id and dates are no
    // reason for a Hub commit.
    static bool sameOnHub(HubApi &api, const QString &dataset, const WorkspaceMetadata &ours);
};

} // namespace hawkmoth::hub
