#pragma once
// Shared text and JSON renderings of storage results, so the CLI, the command bar and the REST
// API describe files, workspaces and statistics the same way.

#include "Command.h"
#include "FileStore.h"
#include "StorageStats.h"
#include "WorkspaceRegistry.h"

#include <QJsonArray>
#include <QJsonObject>

namespace hawkmoth {

// A command that failed with error: every command module reports failures through this one.
inline CommandResult fail(const Error &error)
{
    return CommandResult::failure(error);
}

QString humanBytes(qint64 bytes);
QString isoTime(const QDateTime &t);

QJsonObject fileEntryJson(const FileEntry &e);
QJsonObject fileVersionJson(const FileVersion &v);
// A job's progress: bytes, files and git objects done of their totals.
QJsonObject progressJson(const Progress &p);
QJsonObject workspaceInfoJson(const WorkspaceInfo &info);
QJsonObject listingJson(const QString &workspace, const Listing &listing);

QString listingText(const QString &workspace, const Listing &listing);
QString workspaceInfoText(const WorkspaceInfo &info);
QString statsText(const StorageStats &stats);

} // namespace hawkmoth
