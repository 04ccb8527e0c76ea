// FileIndex's listings: one folder's files and subfolders, or everything below a folder. Listing
// one folder reads that folder's rows and the per-folder totals, never the files below it.

#include "FileIndex.h"

#include "FileIndexSql.h"

#include <QSet>

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

Status FileIndex::eachBelow(const QString &dir, const EntryVisitor &each)
{
    if (dir.isEmpty())
        return visit({}, {}, each);
    return visit(QStringLiteral("WHERE ") + belowClause, belowBindings(dir), each);
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

Result<QStringList> FileIndex::findNames(const NameFilter &filter, int limit)
{
    // Only the path column, straight from SQLite: 100,000 rows are read in a few tens of ms.
    SqliteStatement stmt(m_db.sqliteHandle(), "SELECT path FROM files ORDER BY path");
    if (!stmt.ok())
        return m_db.failure(stmt);
    QStringList out;
    QSet<QString> seen;
    int rc;
    while (out.size() < limit && (rc = stmt.step()) == SQLITE_ROW) {
        const QString path = QString::fromUtf8(stmt.textView(0));
        QString match = filter.firstMatch(path);
        if (!match.isEmpty() && !seen.contains(match)) {
            seen.insert(match);
            out.append(std::move(match));
        }
    }
    if (out.size() < limit && rc != SQLITE_DONE)
        return m_db.failure(stmt);
    return out;
}

} // namespace hawkmoth
