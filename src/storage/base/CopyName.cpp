#include "CopyName.h"

namespace hawkmoth {

QString copyPathWith(const QString &path, const QString &tag)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    const qsizetype dot = path.lastIndexOf(QLatin1Char('.'));
    // A leading dot names a hidden file, not an extension.
    if (dot > slash + 1)
        return path.left(dot) + tag + path.mid(dot);
    return path + tag;
}

} // namespace hawkmoth
