#pragma once
// The latest known storage numbers of the current workspace — statistics per layer and of the job
// queue, the git layer's and the hub layer's status — and the transfer rate. Refreshed off the GUI
// thread after change notifications, coalesced (a few reads a second at most, the git and hub
// status less often), one read of each kind in flight; answers for an earlier workspace dropped.

#include "GitWorkflows.h"
#include "HubAccount.h"
#include "StorageStats.h"
#include "Workspace.h"

#include <QObject>

#include <optional>

namespace hawkmoth {

class RefreshGate;
class StorageCore;
class TransferRate;
class WorkspaceFollower;

class StorageStatus : public QObject
{
    Q_OBJECT

public:
    static constexpr int statsIntervalMs = 300;
    static constexpr int hubIntervalMs = 1500;
    // git status walks the working tree: on a large workspace it costs seconds, so it runs at
    // most every few seconds however many files change.
    static constexpr int gitIntervalMs = 4000;
    // After a switch (or the first workspace): long enough for the tree's first listing.
    static constexpr int followDelayMs = 150;

    explicit StorageStatus(StorageCore &core, QObject *parent = nullptr);
    ~StorageStatus() override;

    const Workspace &workspace() const;
    // Empty until the first read of the current workspace came back.
    const std::optional<StorageStats> &stats() const { return m_stats; }
    const std::optional<git::LayerStatus> &gitStatus() const { return m_git; }
    const std::optional<hub::LayerStatus> &hubStatus() const { return m_hub; }
    // Why the last read of each failed; empty after a good one.
    const QString &statsError() const { return m_statsError; }
    const QString &gitError() const { return m_gitError; }
    const QString &hubError() const { return m_hubError; }
    TransferRate &transferRate() { return *m_rate; }

    // Reads everything again soon (after an action whose effect has no notification).
    void refresh();

Q_SIGNALS:
    void workspaceChanged(const QString &name);
    void statsChanged();
    void gitChanged();
    void hubChanged();

private:
    void follow(const Workspace &ws);
    void filesTouched(const QString &workspace);
    void jobsTouched(const QString &workspace, bool ended);
    void readStats();
    void readGit();
    void readHub();

    StorageCore &m_core;
    WorkspaceFollower *m_follower;
    TransferRate *m_rate;
    RefreshGate *m_statsGate;
    RefreshGate *m_gitGate;
    RefreshGate *m_hubGate;
    quint64 m_generation = 0; // counts workspaces followed
    std::optional<StorageStats> m_stats;
    std::optional<git::LayerStatus> m_git;
    std::optional<hub::LayerStatus> m_hub;
    QString m_statsError;
    QString m_gitError;
    QString m_hubError;
};

} // namespace hawkmoth
