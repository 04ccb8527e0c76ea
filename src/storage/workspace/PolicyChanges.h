#pragma once
// Where the layer policy came from and whether its files follow it yet: which version of
// policy.json the files were last re-evaluated against (a hand edit or a pull changes it behind
// HAWKMOTH's back), and which rules were written on this machine through HAWKMOTH — only those
// may take a persisted file out to the session layer. Both are small files in .hawkmoth/ that
// never leave the machine.

#include "LayerPolicy.h"
#include "Result.h"

#include <QByteArray>

namespace hawkmoth {

class Workspace;

class PolicyChanges
{
public:
    explicit PolicyChanges(const Workspace &workspace);

    // SHA-256 (hex) of policy.json as it is on disk; empty when there is none.
    QByteArray fileDigest() const;
    // The digest the files were last re-evaluated against; empty before the first time.
    QByteArray appliedDigest() const;
    Status markApplied(const QByteArray &digest) const;

    // Whether the policy's rules are the defaults or the last ones written here through HAWKMOTH.
    bool rulesOwned(const LayerPolicy &policy) const;
    // Records the policy's rules as written here, by the user, through HAWKMOTH.
    Status markRulesOwned(const LayerPolicy &policy) const;

private:
    QString m_appliedFile;
    QString m_ownRulesFile;
    QString m_policyFile;
};

} // namespace hawkmoth
