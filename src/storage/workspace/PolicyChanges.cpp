#include "PolicyChanges.h"

#include "AtomicWriter.h"
#include "Sha256.h"
#include "Workspace.h"

#include <QFile>

namespace hawkmoth {

namespace {

QByteArray firstLine(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readLine(128).trimmed();
}

} // namespace

PolicyChanges::PolicyChanges(const Workspace &workspace)
    : m_appliedFile(workspace.metaDir() + QStringLiteral("/policy.applied"))
    , m_ownRulesFile(workspace.metaDir() + QStringLiteral("/policy.own-rules"))
    , m_policyFile(workspace.policyFile())
{}

QByteArray PolicyChanges::fileDigest() const
{
    auto digest = Sha256::ofFile(m_policyFile);
    return digest ? *digest : QByteArray();
}

QByteArray PolicyChanges::appliedDigest() const
{
    return firstLine(m_appliedFile);
}

Status PolicyChanges::markApplied(const QByteArray &digest) const
{
    return AtomicWriter::writeFile(m_appliedFile, QByteArray(digest + '\n'));
}

bool PolicyChanges::rulesOwned(const LayerPolicy &policy) const
{
    static const QByteArray defaults = LayerPolicy::defaults().rulesDigest();
    const QByteArray digest = policy.rulesDigest();
    return digest == defaults || digest == firstLine(m_ownRulesFile);
}

Status PolicyChanges::markRulesOwned(const LayerPolicy &policy) const
{
    return AtomicWriter::writeFile(m_ownRulesFile, QByteArray(policy.rulesDigest() + '\n'));
}

} // namespace hawkmoth
