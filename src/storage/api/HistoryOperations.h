#pragma once
// A file's past on the async API (core.history()), whichever layer keeps it: a git-layer file's
// versions are in its commits, a hub-layer file's in the manifest each sync commits (its bytes on
// the Hub). Both are named by a git commit, so one list, one show and one restore serve a file
// that moved between layers too.

#include "FileEntry.h"
#include "HubFileHistory.h"
#include "OperationControl.h"

#include <QFuture>

#include <optional>

namespace hawkmoth {

class StorageCore;

struct PastVersion
{
    git::LogEntry commit;
    std::optional<hub::HubVersion> hub; // set when the bytes of this version are on the Hub
};

class HistoryOperations
{
public:
    explicit HistoryOperations(StorageCore &core)
        : m_core(core)
    {}

    // Newest first: the commits that changed path in git and the syncs that recorded a new Hub
    // version of it, limit in all.
    QFuture<Result<QList<PastVersion>>> log(const Workspace &ws, const QString &path, int limit);
    // path as it was at rev; a Hub version is downloaded (and cached) first, under control.
    QFuture<Result<QByteArray>> show(const Workspace &ws, const QString &path, const QString &rev,
                                     const OperationControl &control = {});
    // Saves path as it was at rev: a new change on top of history, never a rewrite of it.
    QFuture<Result<FileEntry>> restore(const Workspace &ws, const QString &path, const QString &rev,
                                       const OperationControl &control = {});

private:
    StorageCore &m_core;
};

} // namespace hawkmoth
