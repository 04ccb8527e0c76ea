#pragma once
// The job queue of the current workspace as a table: every queued, running, blocked and failed
// job (finished ones on request), kept current in place from the core's job notifications and
// reloaded off the GUI thread, coalesced, when a notification does not carry everything.

#include "ChangeSink.h"
#include "Clock.h"
#include "Job.h"
#include "Result.h"
#include "Workspace.h"

#include <QAbstractTableModel>
#include <QFuture>
#include <QHash>
#include <QSet>

namespace hawkmoth {

class RefreshGate;
class StorageCore;
class WorkspaceFollower;

class JobListModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        KindColumn,
        StateColumn,
        ProgressColumn,
        ErrorColumn,
        NextAttemptColumn,
        ColumnCount
    };
    enum Role
    {
        JobIdRole = Qt::UserRole + 1,
        JobKindRole,          // the raw kind ("sync")
        JobStateRole,         // int(JobState)
        ProgressFractionRole, // double in [0, 1], -1 without a total
        CancelRequestedRole,
    };
    static constexpr int reloadIntervalMs = 250;

    explicit JobListModel(StorageCore &core, QObject *parent = nullptr);
    ~JobListModel() override;

    // Done and cancelled jobs too (off by default).
    void setShowFinished(bool on);
    bool showFinished() const { return m_showFinished; }
    // The clock "next attempt" and "held" are measured on (tests move it by hand).
    void setClock(const Clock &clock) { m_clock = clock; }

    const Workspace &workspace() const;
    const Job *jobAt(int row) const;
    int rowOf(qint64 id) const; // -1 when not shown
    bool canCancel(int row) const;
    bool canRetry(int row) const;
    bool canUnblock(int row) const;

    // The user's actions; each ends in actionFinished.
    void cancelJob(qint64 id);
    void retryJob(qint64 id);
    void unblockJob(qint64 id);
    // Reads the queue again (soon; several calls make one read).
    void reload();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void actionFinished(qint64 id, const QString &action, bool ok, const QString &message);
    // A read of the queue failed (the message says why); the rows shown stay as they were.
    void loadFailed(const QString &message);
    // A read of the queue was merged in (tests wait for it).
    void loaded();

private:
    struct Row
    {
        Job job;
        quint64 touched = 0; // the notification serial that last changed it
    };

    void followWorkspace(const Workspace &ws);
    void startReload();
    void merge(const QList<Job> &jobs, quint64 askedAt);
    void onQueued(const QString &workspace, const QList<hawkmoth::JobChange> &jobs);
    Job shownJob(qint64 id, const QString &kind);
    void onStarted(const QString &workspace, qint64 id, const QString &kind);
    void onProgress(const QString &workspace, qint64 id, const hawkmoth::Progress &progress);
    void onFinished(const QString &workspace, const hawkmoth::JobChange &job);
    void act(qint64 id, const QString &action, QFuture<Result<Job>> future);
    // Inserts or replaces one row (or removes it when it is hidden), in place.
    void put(const Job &job, bool structural);
    void removeAt(int row);
    bool hidden(JobState state) const;
    static bool isFinal(JobState state)
    {
        return state == JobState::Done || state == JobState::Cancelled;
    }
    int lowerBound(qint64 id) const;
    bool isCurrent(const QString &workspace) const;

    StorageCore &m_core;
    WorkspaceFollower *m_follower;
    RefreshGate *m_gate;
    Clock m_clock;
    QList<Row> m_rows;                  // by id, oldest first
    QHash<qint64, quint64> m_removedAt; // ids removed by a notification, and when
    // Jobs seen done or cancelled: those states are final, so a notification saying otherwise
    // is older than what a read already found, and is dropped.
    QSet<qint64> m_ended;
    quint64 m_serial = 0;     // counts structural notifications
    quint64 m_generation = 0; // counts workspaces followed; older replies are dropped
    bool m_showFinished = false;
};

} // namespace hawkmoth
