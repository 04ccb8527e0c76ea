#pragma once
// Gets a workspace a working index back when its index.db is damaged (or the user asks): the old
// file and its -wal/-shm are set aside under a new name, never deleted, a fresh index is created,
// and the workspace's rebuilder (see Workspace::indexRebuilder) fills it from the disk and git.

#include "Result.h"
#include "SqliteConnection.h"

#include <memory>

namespace hawkmoth {

class Workspace;

class IndexRepair
{
public:
    // Opens the index, waiting while another process (or thread) sets it aside and rebuilds it:
    // the open then sees either the old file or the rebuilt one, never one half made. The process
    // doing the repair opens it without waiting (its rebuild needs connections of its own).
    static Result<std::unique_ptr<SqliteConnection>>
    open(const Workspace &workspace, int busyTimeoutMs, SqliteConnection::Access access);

    explicit IndexRepair(const Workspace &workspace)
        : m_workspace(workspace)
    {}

    // After opening failed: when the file is damaged, sets it aside, rebuilds and opens the new
    // one; otherwise returns openError.
    Result<std::unique_ptr<SqliteConnection>> recover(const Error &openError, int busyTimeoutMs);
    // Sets the index aside (as index.db.old-<time>) and rebuilds it even though it works.
    Result<QString> rebuild();

private:
    // Renames index.db and its -wal and -shm to index.db.<label>-<UTC time>; the stamp snapshot
    // file, which only saves work, is removed. Returns the new name of index.db.
    Result<QString> setAside(const QString &label);
    Status runRebuilder(const QString &setAsideAs, const QString &reason);
    // Creates the fresh index and fills it; until that succeeded a marker beside it makes every
    // open repair again instead of trusting a half-filled index.
    Status rebuildInto(const QString &setAsideAs, const QString &reason, int busyTimeoutMs);

    const Workspace &m_workspace;
};

} // namespace hawkmoth
