#include "Workspace.h"

#include "ChangeSink.h"
#include "IndexRepair.h"
#include "PathValidator.h"
#include "PolicyChanges.h"

#include <QDir>
#include <QFileInfo>

namespace hawkmoth {

Workspace::Workspace(QString name, QString root)
    : m_name(std::move(name))
    , m_root(std::move(root))
{}

QString Workspace::absolutePath(const QString &relative) const
{
    return relative.isEmpty() ? m_root : m_root + QLatin1Char('/') + relative;
}

Status Workspace::checkPresent() const
{
    if (QFileInfo(m_root).isDir())
        return {};
    return Error::notFound(QStringLiteral("the folder of workspace '%1' is gone ('%2'); another "
                                          "process renamed or deleted it")
                               .arg(m_name, m_root));
}

Result<QString> Workspace::resolve(const QString &relative, bool allowRoot) const
{
    // A write through a path of a workspace renamed meanwhile would re-create its old folder.
    HM_TRY(checkPresent());
    return PathValidator::resolveInside(m_root, relative, allowRoot);
}

Result<WorkspacePath> Workspace::target(const QString &path, const TargetOptions &options) const
{
    auto rel = PathValidator::normalize(path, options.allowRoot);
    if (!rel)
        return rel.error();
    auto absolute = resolve(*rel, options.allowRoot);
    if (!absolute)
        return absolute.error();
    auto st = statPath(*absolute, options.followLinks);
    if (!st)
        return st.error();
    return WorkspacePath{*rel, *absolute, *st};
}

Result<std::unique_ptr<SqliteConnection>> Workspace::connect(int busyTimeoutMs) const
{
    // Never re-create the workspace's folder: after a rename or delete by another process that
    // would leave a folder holding only an index, which is no workspace.
    HM_TRY(checkPresent());
    if (!QFileInfo(metaDir()).isDir() && !QDir(m_root).mkdir(QStringLiteral(".hawkmoth")) &&
        !QFileInfo(metaDir()).isDir())
        return Error::io(QStringLiteral("cannot create '%1'").arg(metaDir()));
    auto db = IndexRepair::open(*this, busyTimeoutMs, SqliteConnection::Access::ReadWrite);
    if (!db)
        db = IndexRepair(*this).recover(db.error(), busyTimeoutMs);
    if (db && m_changes)
        (*db)->setPendingChanges(std::make_unique<PendingChanges>(m_changes, m_name));
    return db;
}

Result<std::unique_ptr<SqliteConnection>> Workspace::read() const
{
    return IndexRepair::open(*this, SqliteConnection::defaultBusyTimeoutMs,
                             SqliteConnection::Access::ReadOnly);
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
