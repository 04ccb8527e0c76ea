#include "WorkspaceName.h"

namespace hawkmoth {

Status WorkspaceName::validate(const QString &name)
{
    if (name.isEmpty())
        return Error::invalid(QStringLiteral("a workspace name cannot be empty"));
    if (name.size() > maxLength)
        return Error::invalid(QStringLiteral("workspace name '%1…' is longer than %2 characters")
                                  .arg(name.left(20))
                                  .arg(maxLength));
    if (name.startsWith(QLatin1Char('.')) || name.startsWith(QLatin1Char('-')))
        return Error::invalid(
            QStringLiteral("workspace name '%1' cannot start with '.' or '-'").arg(name));
    for (const QChar c : name) {
        const ushort u = c.unicode();
        const bool allowed = (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') ||
                             (u >= '0' && u <= '9') || u == '.' || u == '_' || u == '-';
        if (!allowed)
            return Error::invalid(
                QStringLiteral("workspace name '%1' may only contain letters A-Z, digits, '.', '_' "
                               "and '-'")
                    .arg(name));
    }
    return {};
}

bool WorkspaceName::same(const QString &a, const QString &b)
{
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

} // namespace hawkmoth
