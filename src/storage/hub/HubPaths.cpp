#include "HubPaths.h"

#include "CopyName.h"
#include "PathValidator.h"
#include "TextEscape.h"

namespace hawkmoth::hub {

bool HubPaths::isInternal(const QString &path)
{
    return path == QLatin1String(".gitattributes") ||
           path == QLatin1String(".hawkmoth/workspace.json");
}

Status HubPaths::check(const QString &path)
{
    auto normalized = PathValidator::normalize(path);
    if (!normalized)
        return normalized.error();
    // "a//b" or "./a" would name the same file as another entry: only the normal form is taken.
    if (*normalized != path)
        return Error::invalid(
            QStringLiteral("not a normalised path (it would be '%1')").arg(printable(*normalized)));
    return {};
}

Result<QString> HubPaths::resolve(const Workspace &workspace, const QString &path)
{
    HM_TRY(check(path));
    return PathValidator::resolveInside(workspace.root(), path);
}

QString HubPaths::copyPath(const QString &path, const QString &oid)
{
    return copyPathWith(path, QStringLiteral(".hub-") + oid.left(7));
}

QString HubPaths::refusal(const QString &path, const Error &why)
{
    return QStringLiteral("'%1' (%2)").arg(printable(path), printable(why.message));
}

} // namespace hawkmoth::hub
