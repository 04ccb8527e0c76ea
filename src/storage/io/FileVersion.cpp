#include "FileVersion.h"

#include "PosixFile.h"
#include "Sha256.h"

namespace hawkmoth {

Status checkUnchanged(const QString &absolute, const QString &rel, const FileVersion &expected)
{
    auto st = statPath(absolute, true);
    if (!st)
        return st.error();
    if (!st->has_value())
        return Error::conflict(
            QStringLiteral("%1 was deleted on disk since it was loaded; save it again without the "
                           "expected version to recreate it")
                .arg(rel));
    if (expected.hasStamp() && (*st)->size == expected.size && (*st)->mtimeNs == expected.mtimeNs)
        return {};
    auto sha = Sha256::ofFile(absolute);
    if (!sha)
        return sha.error();
    if (QString::fromLatin1(*sha) == expected.sha256.toLower())
        return {};
    return Error::conflict(
        QStringLiteral("%1 changed on disk since it was loaded (expected "
                       "version %2, found %3); load it again or save elsewhere")
            .arg(rel, expected.sha256.left(12), QString::fromLatin1(sha->left(12))));
}

} // namespace hawkmoth
