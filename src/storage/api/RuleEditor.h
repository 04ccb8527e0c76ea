#pragma once
// Rule editing on the async API (core.rules()): the ordered rule list of a workspace's layer
// policy, read, added to at a position and removed from, each edit saved and followed by a
// relayer job that moves the files (run it with core.jobs(), or let the scheduler take it).

#include "RuleBook.h"

#include <QFuture>
#include <QObject>

namespace hawkmoth {

class StorageCore;

class RuleEditor : public QObject
{
    Q_OBJECT

public:
    explicit RuleEditor(StorageCore &core, QObject *parent = nullptr);

    QFuture<Result<QList<PolicyRule>>> list(const Workspace &ws);
    // at: 0-based position to insert before; -1 appends.
    QFuture<Result<RuleChange>> add(const Workspace &ws, const PolicyRule &rule, int at = -1);
    QFuture<Result<RuleChange>> remove(const Workspace &ws, int index);
    // Saves the whole list (a reorder, several edits) with one relayer job.
    QFuture<Result<RuleChange>> replace(const Workspace &ws, const QList<PolicyRule> &rules);
    // Which layer path would get from rules (the saved ones or an edit not saved yet).
    QFuture<Result<RulePreview>> preview(const Workspace &ws, const QList<PolicyRule> &rules,
                                         const QString &path);
    // The session layer's retention period of the workspace (in its policy.json).
    QFuture<Result<int>> retentionDays(const Workspace &ws);
    QFuture<Status> setRetentionDays(const Workspace &ws, int days);

Q_SIGNALS:
    // The rule list of a workspace was saved; relayerJob moves its files.
    void rulesChanged(const QString &workspace, qint64 relayerJob);

private:
    QFuture<Result<RuleChange>> edit(const Workspace &ws,
                                     std::function<Result<RuleChange>(RuleBook &)> change);

    StorageCore &m_core;
};

} // namespace hawkmoth
