#pragma once
// What making a workspace from a remote (clone-project, open-from-hub) hands back: the new
// workspace, now the current one, and what the caller should tell the user about it.

#include "WorkspaceRegistry.h"

#include <optional>

namespace hawkmoth {

struct OpenedWorkspace
{
    Workspace workspace;
    std::optional<WorkspaceInfo> info; // nullopt when it could not be read back
    QString source; // where it came from, as users may see it: a URL without password, a dataset
    QStringList refused;  // dataset paths not written (unsafe names; see hub/HubPaths.h)
    QStringList warnings; // what went wrong after the workspace was made, for the user to fix
};

} // namespace hawkmoth
