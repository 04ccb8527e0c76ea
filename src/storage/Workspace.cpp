#include "Workspace.h"

#include "PathValidator.h"
#include "PolicyChanges.h"

#include <QDir>

namespace hawkmoth {

Workspace::Workspace(QString name, QString root)
    : m_name(std::move(name))
    , m_root(std::move(root))
{}

QString Workspace::absolutePath(const QString &relative) const
{
    return relative.isEmpty() ? m_root : m_root + QLatin1Char('/') + relative;
}

Result<QString> Workspace::resolve(const QString &relative, bool allowRoot) const
{
    return PathValidator::resolveInside(m_root, relative, allowRoot);
}

Result<std::unique_ptr<SqliteConnection>> Workspace::connect(int busyTimeoutMs) const
{
    if (!QDir().mkpath(metaDir()))
        return Error::io(QStringLiteral("cannot create '%1'").arg(metaDir()));
    return SqliteConnection::open(indexFile(), busyTimeoutMs);
}

Result<LayerPolicy> Workspace::policy() const
{
    auto policy = LayerPolicy::load(policyFile());
    if (policy)
        policy->setRulesOwned(PolicyChanges(*this).rulesOwned(*policy));
    return policy;
}

Status Workspace::savePolicy(const LayerPolicy &policy) const
{
    // HAWKMOTH's own change (a pin, a move): its caller re-evaluates what it affects. A change
    // still waiting to be applied (a hand edit, a pull) keeps waiting for its own re-evaluation.
    const PolicyChanges changes(*this);
    const QByteArray before = changes.fileDigest();
    const QByteArray applied = changes.appliedDigest();
    HM_TRY(policy.save(policyFile()));
    if (applied.isEmpty() || applied == before)
        return changes.markApplied(changes.fileDigest());
    return {};
}

Result<WorkspaceMetadata> Workspace::metadata() const
{
    return WorkspaceMetadata::load(metadataFile());
}

} // namespace hawkmoth
