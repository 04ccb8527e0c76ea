#pragma once
// What the workspace registry does on disk beneath its logic: the lock that serialises changes to
// the set of workspaces, a rename that never replaces, and the test for a leftover folder.

#include "Paths.h"
#include "Result.h"

#include <QLockFile>
#include <QString>

namespace hawkmoth {

// Serialises changes to the set of workspaces (and settings.json) across HAWKMOTH processes.
class RegistryLock
{
public:
    explicit RegistryLock(const Paths &paths)
        : m_dataRoot(paths.dataRoot())
        , m_lock(paths.dataRoot() + QStringLiteral("/registry.lock"))
    {
        m_lock.setStaleLockTime(0); // stale only when its process is gone
    }
    Status acquire();

private:
    static constexpr qint64 minimumFreeBytes = 64 * 1024;
    static constexpr int waitMs = 30000;
    QString m_dataRoot;
    QLockFile m_lock;
};

Status renameNoReplace(const QString &from, const QString &to, const QString &what);
// Whether folder holds nothing, or only HAWKMOTH's index, lock and staging files in .hawkmoth/:
// what a process that reached a workspace just renamed away could leave behind at the old name.
bool onlyOwnFiles(const QString &folder);

} // namespace hawkmoth
