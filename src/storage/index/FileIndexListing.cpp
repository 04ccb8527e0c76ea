// FileIndex's listings: one folder's files and subfolders, or everything below a folder. Listing
// one folder reads that folder's rows and the per-folder totals, never the files below it.

#include "FileIndex.h"

#include "FileIndexSql.h"

#include <sqlite3.h>

namespace hawkmoth {

using fileindexsql::belowBindings;
using fileindexsql::belowClause;
using fileindexsql::folderKey;
using fileindexsql::folderOfPath;

Result<FileEntries> FileIndex::list(const QString &dir, bool recursive)
{
    if (!recursive)
        return select(QStringLiteral("WHERE ") + folderOfPath + QStringLiteral(" = ?"),
                      {folderKey(dir)});
    if (dir.isEmpty())
        return select({}, {});
    return select(QStringLiteral("WHERE ") + belowClause, belowBindings(dir));
}

Result<FolderContents> FileIndex::folder(const QString &dir)
{
    qint64 steps = 0;
    FolderContents out;
    auto files = select(QStringLiteral("WHERE ") + folderOfPath + QStringLiteral(" = ?"),
                        {folderKey(dir)}, &steps);
    if (!files)
        return files.error();
    out.files = std::move(*files);
    auto folders = subfolders(dir, &steps);
    if (!folders)
        return folders.error();
    out.folders = std::move(*folders);
    m_lastFolderSteps = steps;
    return out;
}

Result<QList<FolderEntry>> FileIndex::subfolders(const QString &dir, qint64 *steps)
{
    // Every folder below dir that directly holds files, in path order: the rows of one subfolder
    // are adjacent, so each is summed as the scan passes it.
    const QByteArray key = folderKey(dir).toUtf8();
    SqliteStatement stmt(m_db.sqliteHandle(),
                         dir.isEmpty() ? QByteArrayLiteral("SELECT folder, files, bytes FROM "
                                                           "folder_totals WHERE folder > '' "
                                                           "ORDER BY folder")
                                       : QByteArrayLiteral("SELECT folder, files, bytes FROM "
                                                           "folder_totals WHERE folder > ?1 AND "
                                                           "folder < ?2 ORDER BY folder"));
    if (!stmt.ok())
        return m_db.failure(stmt);
    if (!dir.isEmpty()) {
        stmt.bindText(1, key);
        stmt.bindText(2, key.chopped(1) + '0');
    }
    QList<FolderEntry> out;
    QByteArray current;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        const QByteArrayView folder = stmt.textView(0);
        const QByteArrayView child = folder.first(folder.indexOf('/', key.size()));
        if (out.isEmpty() || current != child) {
            current = child.toByteArray();
            out.append(FolderEntry{QString::fromUtf8(current), 0, 0});
        }
        out.last().files += stmt.int64(1);
        out.last().bytes += stmt.int64(2);
    }
    if (rc != SQLITE_DONE)
        return m_db.failure(stmt);
    *steps += stmt.vmSteps();
    return out;
}

} // namespace hawkmoth
