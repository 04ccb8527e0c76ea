#pragma once
// SQL fragments shared by the files of FileIndex: the key range of a folder's subtree and the
// folder expression the files_by_folder index is built on.

#include <QString>
#include <QVariantList>

namespace hawkmoth::fileindexsql {

// Everything below a folder is the key range ("dir/", "dir0"): '0' follows '/' in byte order.
// A range, unlike LIKE, is case-sensitive and uses the primary key.
inline const QString belowClause = QStringLiteral("path > ? AND path < ?");
inline QVariantList belowBindings(const QString &dir)
{
    return {QVariant(dir + QLatin1Char('/')), QVariant(dir + QLatin1Char('0'))};
}

// A file's folder as schema 5 indexes it (files_by_folder): the path up to and with its last '/',
// "" at the root. The planner uses the index only for this exact expression.
inline const QString folderOfPath = QStringLiteral("rtrim(path, replace(path, '/', ''))");
inline QString folderKey(const QString &dir)
{
    return dir.isEmpty() ? QString(QLatin1String("")) : dir + QLatin1Char('/');
}

} // namespace hawkmoth::fileindexsql
