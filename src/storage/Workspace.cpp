#include "Workspace.h"

#include "PathValidator.h"

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
    return LayerPolicy::load(policyFile());
}

Status Workspace::savePolicy(const LayerPolicy &policy) const
{
    return policy.save(policyFile());
}

Result<WorkspaceMetadata> Workspace::metadata() const
{
    return WorkspaceMetadata::load(metadataFile());
}

} // namespace hawkmoth
