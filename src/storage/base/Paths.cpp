#include "Paths.h"

#include <QDir>
#include <QStandardPaths>

namespace hawkmoth {

Paths::Paths(QString dataRoot, QString cacheRoot)
    : m_dataRoot(QDir::cleanPath(QDir(dataRoot).absolutePath()))
    , m_cacheRoot(QDir::cleanPath(QDir(cacheRoot).absolutePath()))
{}

Paths Paths::fromEnvironment()
{
    QString data = qEnvironmentVariable("HAWKMOTH_DATA_DIR");
    if (data.isEmpty()) {
        data = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
               QStringLiteral("/hawkmoth");
    }
    QString cache = qEnvironmentVariable("HAWKMOTH_CACHE_DIR");
    if (cache.isEmpty()) {
        cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
                QStringLiteral("/hawkmoth");
    }
    return Paths(data, cache);
}

} // namespace hawkmoth
