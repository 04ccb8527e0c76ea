#pragma once
// Ends a git conflict (a pull that kept both versions: the local file at its path, the remote one
// beside it as "name.remote-<commit>.ext") by the user's choice: the chosen content stays at the
// path, the remote copy goes, and the file is pending again so the next sync commits the merge.

#include "FileEntry.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth {

enum class Resolution
{
    KeepMine,   // the local version stays as it is
    TakeTheirs, // the remote version replaces it
};

class ConflictResolver
{
public:
    ConflictResolver(const Workspace &workspace, const StorageContext &context);

    // The remote copy kept beside a conflicting file (workspace-relative); NotFound when the file
    // is in no conflict or its copy is gone.
    Result<QString> remoteCopy(const QString &path);
    Result<FileEntry> resolve(const QString &path, Resolution resolution);

    // Whether name is what a pull names the remote copy of original ("plan.remote-1a2b3c4.md"
    // for "plan.md"): the same folder, the tag before the extension.
    static bool isRemoteCopyOf(const QString &candidate, const QString &original);

private:
    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
