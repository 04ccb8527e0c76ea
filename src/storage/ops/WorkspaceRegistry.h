#pragma once
// The set of workspaces under the data root: create (from a template), list with metadata,
// switch, rename and delete. Changes to the set are serialised across processes by a lock file,
// and a new workspace is assembled in a hidden folder and renamed into place, so a crash never
// leaves half a workspace behind.

#include "ChangeSink.h"
#include "FileIndex.h"
#include "Paths.h"
#include "Result.h"
#include "Workspace.h"

#include <QDateTime>
#include <QHash>
#include <QList>

#include <functional>

namespace hawkmoth {

struct WorkspaceInfo
{
    QString name;
    QString root;
    QString templateName;
    QDateTime created;
    QDateTime updated;
    QHash<Layer, LayerTotals> totals;
    int activeJobs = 0;
    bool current = false;
    QString gitRemote;
    QString dataset;
    QString problem; // why the index could not be read (damaged, say); empty when it could
};

class WorkspaceRegistry
{
public:
    static constexpr const char *defaultName = "default";
    // Runs on a new workspace's folder before it becomes visible (the git layer creates its
    // repository here). A failure aborts the creation.
    using Initializer = std::function<Status(const Workspace &)>;

    explicit WorkspaceRegistry(Paths paths);

    // Long-lived processes: workspaces handed out carry the sink (their index writes notify), and
    // creating, renaming, deleting and switching workspaces is reported to it.
    void setChangeSink(std::shared_ptr<ChangeSink> sink) { m_changes = std::move(sink); }
    // Workspaces handed out carry it: what refills an index that had to be set aside.
    void setIndexRebuilder(std::shared_ptr<const IndexRebuilder> rebuilder)
    {
        m_rebuilder = std::move(rebuilder);
    }

    // Creates the data root and, on first start, the default workspace.
    Status ensureReady();
    void addInitializer(Initializer initializer);

    Result<Workspace> create(const QString &name,
                             const QString &templateName = QStringLiteral("empty"));
    // Registers a folder assembled elsewhere (a clone) under name, moving it into place.
    Result<Workspace> adopt(const QString &name, const QString &folder,
                            const QString &templateName);
    Result<QList<WorkspaceInfo>> list() const;
    Result<WorkspaceInfo> info(const QString &name) const;
    Result<Workspace> find(const QString &name) const; // ignores case
    // The workspace settings.json names; when it names none or one that is gone, default or the
    // first one, and *fallback (when given) says so and why: the caller tells the user, since
    // work landing in another workspace than the one they set should not go unnoticed.
    Result<Workspace> current(QString *fallback = nullptr) const;
    Status setCurrent(const QString &name);
    Result<Workspace> rename(const QString &from, const QString &to);
    Status remove(const QString &name, bool confirmed);

    const Paths &paths() const { return m_paths; }
    // A hidden folder on the data root's file system for assembling a workspace.
    Result<QString> makeStagingFolder(const QString &name) const;
    // A fresh path for one, not created (for tools that create their folder, like git clone).
    QString stagingPath(const QString &name) const;

private:
    Workspace made(const QString &name, const QString &root) const;
    void notify(WorkspaceChangeKind kind, const QString &name, const QString &oldName = {}) const;
    Result<WorkspaceInfo> describe(const Workspace &workspace, const QString &currentName) const;
    QStringList folderNames() const;
    Status checkUnique(const QString &name, const QString &except = {}) const;
    // Under the registry lock, before a workspace takes name: removes a folder of that name that
    // is no workspace and holds nothing but HAWKMOTH's own files; refuses anything else.
    Status clearLeftover(const QString &name) const;

    Paths m_paths;
    QList<Initializer> m_initializers;
    std::shared_ptr<ChangeSink> m_changes;
    std::shared_ptr<const IndexRebuilder> m_rebuilder;
};

} // namespace hawkmoth
