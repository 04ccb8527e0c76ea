#pragma once
// Edits the ordered rule list of a workspace's layer policy (first match wins): a validated
// insert at a position and a removal by position. The new list is saved in .hawkmoth/policy.json
// through LayerMover::setRules, which records the rules as the user's and queues the relayer job
// that moves the files to the layers the new rules choose.

#include "LayerPolicy.h"
#include "Result.h"
#include "StorageContext.h"
#include "Workspace.h"

namespace hawkmoth {

struct RuleChange
{
    QList<PolicyRule> rules; // the list as saved
    qint64 relayerJob = 0;   // the job that moves the files
};

// Which layer a path would get from a rule list, and why.
struct RulePreview
{
    Layer layer = Layer::Git;
    int rule = -1;       // 0-based index of the rule that decided; -1: a pin or no rule matched
    bool pinned = false; // a pin on the path (or a folder above it) decided
    bool known = false;  // the file is in the index: its size and content were used
    qint64 size = 0;
    bool binary = false;
};

class RuleBook
{
public:
    RuleBook(const Workspace &workspace, const StorageContext &context);

    Result<QList<PolicyRule>> list() const;
    // Inserts before position `at` (0-based; -1 or the list's size: at the end).
    Result<RuleChange> add(const PolicyRule &rule, int at = -1);
    Result<RuleChange> remove(int index);
    // The whole list at once (a reorder, or the settings dialog's edits): one save, one relayer.
    Result<RuleChange> replace(const QList<PolicyRule> &rules);
    // What rules (not yet saved, say) would decide for path; pins hold as they do for files.
    Result<RulePreview> preview(const QList<PolicyRule> &rules, const QString &path) const;

    // Days an unchanged session file is kept before cleanup removes it.
    Result<int> retentionDays() const;
    Status setRetentionDays(int days);

    // Why a rule cannot be used, if it cannot: no layer-deciding condition, a bad pattern.
    static Status validate(const PolicyRule &rule);

private:
    Result<RuleChange> save(const QList<PolicyRule> &rules);

    const Workspace &m_workspace;
    const StorageContext &m_context;
};

} // namespace hawkmoth
