#pragma once
// The typed change notifications of a long-lived process (core.changes()): takes what the index
// writes, the job queue and the workspace registry reported to its sink, and emits it as one
// signal per kind and workspace per batch, on this object's thread (receivers on other threads
// get them queued). A 100,000-file import is a handful of signals, not 100,000.

#include "ChangeSink.h"

#include <QObject>
#include <QTimer>

namespace hawkmoth {

class ChangeNotifier : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultBatchMs = 50;

    explicit ChangeNotifier(QObject *parent = nullptr);
    ~ChangeNotifier() override;

    // What operations report to (shared with workspaces and contexts; outlives this object).
    const std::shared_ptr<ChangeSink> &sink() const { return m_sink; }
    // How long changes gather before one delivery: 0 = the next event-loop turn.
    void setBatchInterval(int ms) { m_timer.setInterval(ms); }
    // Delivers what has gathered now (tests, shutdown).
    void flush();

Q_SIGNALS:
    // Files and folders that now live elsewhere, in the order they moved; emitted before the
    // same batch's removals and additions, which list the moved rows too.
    void filesMoved(const QString &workspace, const QList<hawkmoth::FileMove> &moves);
    void filesAdded(const QString &workspace, const hawkmoth::FileEntries &entries);
    void filesChanged(const QString &workspace, const hawkmoth::FileEntries &entries);
    void filesRemoved(const QString &workspace, const QStringList &paths);
    void filesStateChanged(const QString &workspace, const hawkmoth::FileEntries &entries);

    void jobsQueued(const QString &workspace, const QList<hawkmoth::JobChange> &jobs);
    void jobStarted(const QString &workspace, const hawkmoth::JobChange &job);
    void jobProgress(const QString &workspace, const hawkmoth::JobChange &job);
    // A running pipeline job began the step job.step ("hub", "git"); in order with the others.
    void jobStep(const QString &workspace, const hawkmoth::JobChange &job);
    void jobFinished(const QString &workspace, const hawkmoth::JobChange &job);

    void workspaceAdded(const QString &name);
    void workspaceRenamed(const QString &from, const QString &to);
    void workspaceRemoved(const QString &name);
    void currentWorkspaceChanged(const QString &name);

private:
    void emitFiles(const QString &workspace, const FileChangeSet &set);
    void emitJobs(const QString &workspace, const QList<JobChange> &jobs);
    void emitWorkspace(const WorkspaceChange &change);

    std::shared_ptr<ChangeSink> m_sink;
    QTimer m_timer;
};

} // namespace hawkmoth

Q_DECLARE_METATYPE(hawkmoth::JobChange)
Q_DECLARE_METATYPE(hawkmoth::FileMove)
