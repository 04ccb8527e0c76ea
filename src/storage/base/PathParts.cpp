#include "PathParts.h"

namespace hawkmoth {

QString parentFolder(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

QString nameIn(const QString &folder, const QString &path)
{
    return folder.isEmpty() ? path : path.mid(folder.size() + 1);
}

QString joinPath(const QString &folder, const QString &name)
{
    return folder.isEmpty() ? name : folder + QLatin1Char('/') + name;
}

} // namespace hawkmoth
