#include "HistoryOperations.h"

#include "FileStore.h"
#include "GitWorkflows.h"
#include "StorageCore.h"

#include <QFile>

#include <algorithm>

namespace hawkmoth {

namespace {

Result<QList<PastVersion>> merged(const Workspace &ws, const QString &path, int limit)
{
    auto commits = git::history(ws, path, limit);
    if (!commits)
        return commits.error();
    QList<PastVersion> out;
    if (path.isEmpty()) {
        for (const git::LogEntry &commit : std::as_const(*commits))
            out.append({commit, std::nullopt});
        return out;
    }
    auto versions = hub::HubFileHistory::log(ws, path, limit);
    if (!versions)
        return versions.error();
    // A commit that moved the file to the hub layer removed it from git and recorded it on the
    // Hub: its Hub version is the one to show.
    QSet<QString> onHub;
    for (const hub::HubVersion &version : std::as_const(*versions)) {
        out.append({version.commit, version});
        onHub.insert(version.commit.oid);
    }
    for (const git::LogEntry &commit : std::as_const(*commits)) {
        if (!onHub.contains(commit.oid))
            out.append({commit, std::nullopt});
    }
    std::stable_sort(out.begin(), out.end(), [](const PastVersion &a, const PastVersion &b) {
        return a.commit.time > b.commit.time;
    });
    if (out.size() > limit)
        out.resize(limit);
    return out;
}

// The Hub version of path at rev when git's own tree has no such file there.
Result<std::optional<hub::HubVersion>> hubInstead(const Workspace &ws, const QString &path,
                                                  const QString &rev, const Error &gitError)
{
    if (gitError.code != ErrorCode::NotFound)
        return gitError;
    auto version = hub::HubFileHistory::at(ws, path, rev);
    if (!version || !*version)
        return gitError;
    return version;
}

Result<QByteArray> readVersion(const Workspace &ws, const StorageContext &context,
                               const QString &path, const QString &rev,
                               const OperationControl &control)
{
    auto content = git::show(ws, path, rev);
    if (content)
        return content;
    auto version = hubInstead(ws, path, rev, content.error());
    if (!version)
        return version.error();
    const hub::HubVersion &v = **version;
    if (v.entry.size > FileStore::maxLoadBytes)
        return Error::invalid(
            QStringLiteral("%1@%2 is %3 bytes on the Hub, too large to show; restore it instead")
                .arg(path, rev.left(10))
                .arg(v.entry.size));
    auto blob = hub::HubFileHistory::fetch(context, path, v, control);
    if (!blob)
        return blob.error();
    QFile file(*blob);
    if (!file.open(QIODevice::ReadOnly))
        return Error::io(QStringLiteral("cannot read the downloaded %1@%2 (%3): %4")
                             .arg(path, rev.left(10), *blob, file.errorString()));
    return file.readAll();
}

Result<FileEntry> restoreVersion(const Workspace &ws, const StorageContext &context,
                                 const QString &path, const QString &rev,
                                 const OperationControl &control)
{
    auto restored = git::restore(ws, context, path, rev);
    if (restored)
        return restored;
    auto version = hubInstead(ws, path, rev, restored.error());
    if (!version)
        return version.error();
    return hub::HubFileHistory::restore(ws, context, path, **version, control);
}

} // namespace

QFuture<Result<QList<PastVersion>>> HistoryOperations::log(const Workspace &ws, const QString &path,
                                                           int limit)
{
    return m_core.run([ws, path, limit] { return merged(ws, path, limit); });
}

QFuture<Result<QByteArray>> HistoryOperations::show(const Workspace &ws, const QString &path,
                                                    const QString &rev,
                                                    const OperationControl &control)
{
    return m_core.run([this, ws, path, rev, control] {
        return readVersion(ws, m_core.context(), path, rev, control);
    });
}

QFuture<Result<FileEntry>> HistoryOperations::restore(const Workspace &ws, const QString &path,
                                                      const QString &rev,
                                                      const OperationControl &control)
{
    return m_core.run([this, ws, path, rev, control] {
        auto restored = restoreVersion(ws, m_core.context(), path, rev, control);
        if (restored)
            m_core.notifyFilesChanged(ws.name());
        return restored;
    });
}

} // namespace hawkmoth
