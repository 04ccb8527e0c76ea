// WorkspaceRegistry's descriptions of workspaces (list, info): what each holds, read from its
// index without changing it, and why one cannot be read.

#include "WorkspaceRegistry.h"

#include "FileIndex.h"
#include "JobQueue.h"
#include "RegistryFiles.h"

#include <QDir>
#include <QFileInfo>

namespace hawkmoth {

namespace {

// Why a workspace's index cannot be read, and what to do about it.
QString readProblem(const Workspace &ws, const Error &error)
{
    if (SqliteConnection::isDamaged(ws.indexFile()))
        return QStringLiteral("its index is damaged; any command on it (or 'hawkmoth -w %1 rescan "
                              "--rebuild') sets it aside and rebuilds it")
            .arg(ws.name());
    if (!QFile::exists(ws.indexFile()))
        return QStringLiteral("not indexed yet");
    return error.message;
}

} // namespace

Result<WorkspaceInfo> WorkspaceRegistry::describe(const Workspace &ws,
                                                  const QString &currentName) const
{
    WorkspaceInfo info;
    info.name = ws.name();
    info.root = ws.root();
    info.current = ws.name() == currentName;
    if (auto meta = ws.metadata(); meta) {
        info.templateName = meta->templateName;
        info.created = meta->created;
        info.updated = meta->updated;
        info.gitRemote = meta->gitRemote;
        info.dataset = meta->dataset;
    }
    auto db = ws.read();
    if (!db) {
        info.problem = readProblem(ws, db.error());
        return info;
    }
    FileIndex index(**db);
    auto totals = index.totals();
    if (!totals) {
        info.problem = readProblem(ws, totals.error());
        return info;
    }
    info.totals = *totals;
    if (auto updated = index.meta(QStringLiteral("updated")); updated && !updated->isEmpty()) {
        const QDateTime changed = QDateTime::fromMSecsSinceEpoch(updated->toLongLong(), Qt::UTC);
        if (!info.updated.isValid() || changed > info.updated)
            info.updated = changed;
    }
    JobQueue jobs(**db);
    info.activeJobs = jobs.countActive().valueOr(0);
    return info;
}

Result<QList<WorkspaceInfo>> WorkspaceRegistry::list() const
{
    // The names are taken under the registry lock, so a rename or creation happens wholly before
    // or after them; the indexes are read after it is released, so a slow listing never holds up
    // create or rename. When the lock cannot be had (a full disk), the names are read unlocked.
    QStringList names;
    {
        RegistryLock lock(m_paths);
        static_cast<void>(lock.acquire());
        names = folderNames();
    }
    auto cur = current();
    const QString currentName = cur ? cur->name() : QString();
    QList<WorkspaceInfo> out;
    for (const QString &name : std::as_const(names)) {
        const Workspace ws(name, m_paths.workspacesDir() + QLatin1Char('/') + name);
        auto info = describe(ws, currentName);
        if (!info)
            return info.error().context(QStringLiteral("workspace '%1'").arg(name));
        if (!QFileInfo(ws.root()).isDir())
            info->problem = QStringLiteral("renamed or deleted while being listed");
        out.append(*info);
    }
    return out;
}

Result<WorkspaceInfo> WorkspaceRegistry::info(const QString &name) const
{
    auto ws = find(name);
    if (!ws)
        return ws.error();
    auto cur = current();
    return describe(*ws, cur ? cur->name() : QString());
}

} // namespace hawkmoth
