#pragma once
// One workspace: a normal folder on disk plus HAWKMOTH's data in its .hawkmoth/ folder. A cheap
// value that operations take by reference; each operation opens its own index connection.

#include "LayerPolicy.h"
#include "PosixFile.h"
#include "Result.h"
#include "SqliteConnection.h"
#include "WorkspaceMetadata.h"

#include <QString>

#include <functional>
#include <memory>

namespace hawkmoth {

class ChangeSink;
class Workspace;

// Fills a fresh index after a repair (rescan, then what git and the Hub say is synced).
// setAsideAs: where the old index went; reason: why, for the message to the user.
using IndexRebuilder =
    std::function<Status(const Workspace &, const QString &setAsideAs, const QString &reason)>;

// A user's path as every operation checks it: normalised, resolved inside the workspace and looked
// at on disk (nothing in stat when it does not exist).
struct WorkspacePath
{
    QString rel;
    QString absolute;
    std::optional<PathStat> stat;
};

struct TargetOptions
{
    bool followLinks = false; // stat what a link points to, not the link
    bool allowRoot = false;   // "" and "." name the workspace's folder itself
};

class Workspace
{
public:
    Workspace() = default;
    Workspace(QString name, QString root);

    const QString &name() const { return m_name; }
    const QString &root() const { return m_root; }
    bool isValid() const { return !m_root.isEmpty(); }
    // Where the index connections of this workspace report committed changes (long-lived
    // processes; null in the CLI). A Workspace handed out by a registry with a sink carries it.
    const std::shared_ptr<ChangeSink> &changeSink() const { return m_changes; }
    void setChangeSink(std::shared_ptr<ChangeSink> sink) { m_changes = std::move(sink); }
    // What fills this workspace's index when it has to be rebuilt; a Workspace handed out by a
    // storage core's registry carries the core's. Without one a repaired index starts empty and
    // fills at the next rescan.
    const std::shared_ptr<const IndexRebuilder> &indexRebuilder() const { return m_rebuilder; }
    void setIndexRebuilder(std::shared_ptr<const IndexRebuilder> rebuilder)
    {
        m_rebuilder = std::move(rebuilder);
    }

    QString metaDir() const { return m_root + QStringLiteral("/.hawkmoth"); }
    QString indexFile() const { return metaDir() + QStringLiteral("/index.db"); }
    QString policyFile() const { return metaDir() + QStringLiteral("/policy.json"); }
    QString metadataFile() const { return metaDir() + QStringLiteral("/workspace.json"); }
    QString manifestFile() const { return metaDir() + QStringLiteral("/manifest.json"); }
    QString stagingDir() const { return metaDir() + QStringLiteral("/tmp"); }
    QString runnerLockFile() const { return metaDir() + QStringLiteral("/jobs.lock"); }

    QString absolutePath(const QString &relative) const;
    // NotFound when the folder is gone (another process renamed or deleted the workspace).
    Status checkPresent() const;
    // Validates a user path against this workspace (see PathValidator); returns the absolute path.
    Result<QString> resolve(const QString &relative, bool allowRoot = false) const;
    // The one path-checking prologue of file operations: normalize, resolve, stat.
    Result<WorkspacePath> target(const QString &path, const TargetOptions &options = {}) const;

    // Opens the index, creating it when missing; a damaged index is set aside and rebuilt (see
    // IndexRepair). Fails when the workspace's folder is gone.
    Result<std::unique_ptr<SqliteConnection>>
    connect(int busyTimeoutMs = SqliteConnection::defaultBusyTimeoutMs) const;
    // Opens the index for reading only: never creates a file or folder, never repairs.
    Result<std::unique_ptr<SqliteConnection>> read() const;
    Result<LayerPolicy> policy() const;
    Status savePolicy(const LayerPolicy &policy) const;
    Result<WorkspaceMetadata> metadata() const;

private:
    QString m_name;
    QString m_root;
    std::shared_ptr<ChangeSink> m_changes;
    std::shared_ptr<const IndexRebuilder> m_rebuilder;
};

} // namespace hawkmoth
