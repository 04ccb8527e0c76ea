#pragma once
// Where committed changes go in a long-lived process: the index writes of every operation (files,
// jobs) and the workspace registry hand what they changed to this thread-safe collector, and the
// ChangeNotifier takes it as one batch per event-loop turn. The CLI has none and pays nothing.

#include "Cancellation.h"
#include "FileEntry.h"
#include "Job.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace hawkmoth {

enum class FileChangeKind
{
    Added,
    Changed,      // content (size, time or hash)
    StateChanged, // layer, sync state, remote id or error; same content
    Removed,      // entry holds only the path
};

struct FileChange
{
    FileChangeKind kind = FileChangeKind::Changed;
    FileEntry entry;
};

// A file or folder that now lives at another path (a rename or a move, by any caller). Its rows
// are reported as well, as removed at from and added at to, for receivers that only keep rows;
// the pair is for those that follow a file, such as an open editor.
struct FileMove
{
    QString from;
    QString to;

    bool operator==(const FileMove &) const = default;
};

enum class JobChangeKind
{
    Queued,
    Started,
    Progress,
    Finished, // ended (done, failed, blocked, cancelled) or queued again for a later attempt
    Step,     // a running pipeline job began one of its steps ("hub", "git"); see JobChange::step
};

struct JobChange
{
    JobChangeKind kind = JobChangeKind::Queued;
    qint64 id = 0;
    QString jobKind;
    JobState state = JobState::Queued;
    Progress progress;
    QString error;
    QString step; // Step only: the step's name
};

enum class WorkspaceChangeKind
{
    Added,
    Renamed,
    Removed,
    Current,
};

struct WorkspaceChange
{
    WorkspaceChangeKind kind = WorkspaceChangeKind::Added;
    QString name;
    QString oldName; // Renamed only
};

// The changes of one workspace in one batch, one entry per path (merged in order), and its moves.
class FileChangeSet
{
public:
    void add(const FileChange &change);
    void addMove(const FileMove &move) { m_moves.append(move); }
    bool isEmpty() const { return m_order.isEmpty() && m_moves.isEmpty(); }
    // In the order the paths first changed; kinds merged (added then removed is removed).
    QList<FileChange> changes() const;
    // Every move, in order, never merged: following them one by one ends where the files are.
    QList<FileMove> moves() const { return m_moves; }

private:
    QHash<QString, qsizetype> m_slot; // path -> index into m_order
    QList<FileChange> m_order;
    QList<FileMove> m_moves;
};

struct ChangeBatch
{
    QList<WorkspaceChange> workspaces;
    QHash<QString, FileChangeSet> files;   // by workspace name
    QHash<QString, QList<JobChange>> jobs; // by workspace name, in order

    bool isEmpty() const { return workspaces.isEmpty() && files.isEmpty() && jobs.isEmpty(); }
};

class ChangeSink
{
public:
    // A transaction's file changes and moves go in together: no batch holds a move without the
    // rows it removed and added.
    void addFiles(const QString &workspace, const QList<FileChange> &changes,
                  const QList<FileMove> &moves = {});
    void addJobs(const QString &workspace, const QList<JobChange> &changes);
    void addWorkspace(const WorkspaceChange &change);
    // Everything collected since the last take.
    ChangeBatch take();
    // The files of a workspace this process reported since the last call, by path (the last
    // change of each): how IndexFollower tells what other processes wrote to the index from what
    // was told already. Up to maxRemembered paths per workspace are kept; past that none are, and
    // the follower tells those changes once more.
    static constexpr qsizetype maxRemembered = 20000;
    QHash<QString, FileChange> takeReported(const QString &workspace);
    // Whether a workspace change waits (a Now wakeup may find it taken already).
    bool hasWorkspaceChanges();
    enum class Delivery
    {
        Batched, // when the batch's time is up
        Now,     // at once, with whatever else is pending
    };
    // Called (under the sink's lock, from the writing thread) when a change arrives while nothing
    // is pending (Batched): the notifier schedules one delivery for the whole batch; and for each
    // workspace change (Now). Clear it before the receiver goes away.
    void setWakeup(std::function<void(Delivery)> wakeup);

private:
    void wakeIfFirst(); // with m_mutex held

    QMutex m_mutex;
    ChangeBatch m_pending;
    QHash<QString, QHash<QString, FileChange>> m_reported; // by workspace, then path
    std::function<void(Delivery)> m_wakeup;
};

// The changes of one index connection's open transaction: handed to the sink when it commits,
// dropped when it rolls back. Writes outside a transaction are handed over at once.
class PendingChanges
{
public:
    PendingChanges(std::shared_ptr<ChangeSink> sink, QString workspace)
        : m_sink(std::move(sink))
        , m_workspace(std::move(workspace))
    {}

    void addFile(const FileChange &change) { m_files.append(change); }
    void addMove(const FileMove &move) { m_moves.append(move); }
    void addJob(const JobChange &change) { m_jobs.append(change); }
    void committed();
    void rolledBack();

private:
    std::shared_ptr<ChangeSink> m_sink;
    QString m_workspace;
    QList<FileChange> m_files;
    QList<FileMove> m_moves;
    QList<JobChange> m_jobs;
};

} // namespace hawkmoth
