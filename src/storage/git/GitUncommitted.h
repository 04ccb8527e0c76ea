#pragma once
// The git layer's uncommitted files, answered from HAWKMOTH's own index as the last rescan (or
// save, or watcher round) left it: libgit2's status walks and stats the whole working tree a
// second time, on one thread, and was four fifths of "storage status" on 100,000 files. Only the
// git-layer rows that are not synced are compared with HEAD; git's index names the files that
// rescans removed.

#include "GitIndexFile.h"
#include "GitLogEntry.h"
#include "GitRepository.h"
#include "SqliteConnection.h"
#include "Workspace.h"

#include <QList>

namespace hawkmoth::git {

class Uncommitted
{
public:
    // index: the workspace's file index, only read.
    Uncommitted(Repository &repository, const Workspace &workspace, SqliteConnection &index);

    // What differs from HEAD among the git layer's files: those the index holds as pending, failed
    // or in conflict whose content is not HEAD's (a file the git CLI committed, or an edit undone,
    // is clean), tracked files gone from disk and from the index, tracked files the index puts in
    // the hub layer (the next sync untracks them), and HAWKMOTH's own tracked files.
    Result<WorkingChanges> list();
    // The git-layer files the last commit had to leave out, with the reason (read by list()).
    const QList<NotCommitted> &notCommitted() const { return m_notCommitted; }

private:
    // Whether the file at path holds the blob id: from git's index when its stat data matches and
    // is not racy, else by hashing the file as git would store it (filters applied).
    bool holds(const QByteArray &path, const git_oid &id, qint64 size, qint64 mtimeNs) const;
    // path against HEAD: added, modified, or nothing when it holds HEAD's content.
    Status compare(const QByteArray &path, qint64 size, qint64 mtimeNs, WorkingChanges &out);
    // Tracked files that the index no longer knows and the disk lost, or that belong to the hub.
    Status trackedElsewhere(WorkingChanges &out);

    Repository &m_repo;
    const Workspace &m_workspace;
    SqliteConnection &m_db;
    std::optional<GitIndexFile> m_index;
    TreePtr m_headTree;
    QList<NotCommitted> m_notCommitted;
};

} // namespace hawkmoth::git
