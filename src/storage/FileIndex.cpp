#include "FileIndex.h"

#include <QDateTime>

#include <sqlite3.h>

namespace hawkmoth {

namespace {

const QString columns =
    QStringLiteral("path, size, mtime_ns, sha256, binary, layer, state, remote_id, error");

// Everything below a folder is the key range ("dir/", "dir0"): '0' follows '/' in byte order.
// A range, unlike LIKE, is case-sensitive and uses the primary key.
const QString belowClause = QStringLiteral("path > ? AND path < ?");
QVariantList belowBindings(const QString &dir)
{
    return {QVariant(dir + QLatin1Char('/')), QVariant(dir + QLatin1Char('0'))};
}

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000000LL;
}

} // namespace

Result<FileEntries> FileIndex::select(const QString &where, const QVariantList &bindings)
{
    // Straight through SQLite: listings of tens of thousands of rows are on the sync path, and
    // QSqlQuery's per-value QVariant costs more than the query.
    sqlite3 *handle = m_db.sqliteHandle();
    if (!handle)
        return Error::internal(QStringLiteral("the SQLite driver gave no database handle"));
    SqliteStatement stmt(handle,
                         (QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM files ") +
                          where + QStringLiteral(" ORDER BY path"))
                             .toUtf8());
    if (!stmt.ok())
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(m_db.file(), stmt.errorText()));
    for (int i = 0; i < bindings.size(); ++i)
        stmt.bindText(i + 1, bindings.at(i).toString().toUtf8());
    FileEntries out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        FileEntry e;
        e.path = QString::fromUtf8(stmt.textView(0));
        e.size = stmt.int64(1);
        e.mtimeNs = stmt.int64(2);
        e.sha256 = stmt.textView(3).toByteArray();
        e.binary = stmt.int64(4) != 0;
        e.layer = layerFromName(QString::fromLatin1(stmt.textView(5))).value_or(Layer::Git);
        e.state =
            syncStateFromName(QString::fromLatin1(stmt.textView(6))).value_or(SyncState::Pending);
        e.remoteId = QString::fromUtf8(stmt.textView(7));
        e.error = QString::fromUtf8(stmt.textView(8));
        out.append(std::move(e));
    }
    if (rc != SQLITE_DONE)
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(m_db.file(), stmt.errorText()));
    return out;
}

Result<std::optional<FileEntry>> FileIndex::get(const QString &path)
{
    auto rows = select(QStringLiteral("WHERE path = ?"), {path});
    if (!rows)
        return rows.error();
    if (rows->isEmpty())
        return std::optional<FileEntry>();
    return std::optional<FileEntry>(rows->first());
}

Result<FileEntries> FileIndex::list(const QString &dir, bool recursive)
{
    FileEntries rows;
    if (dir.isEmpty()) {
        auto r = select({}, {});
        if (!r)
            return r.error();
        rows = std::move(*r);
    } else {
        auto r = select(QStringLiteral("WHERE ") + belowClause, belowBindings(dir));
        if (!r)
            return r.error();
        rows = std::move(*r);
    }
    if (recursive)
        return rows;
    const int depth = dir.isEmpty() ? 0 : int(dir.count(QLatin1Char('/'))) + 1;
    FileEntries direct;
    for (FileEntry &e : rows) {
        if (e.path.count(QLatin1Char('/')) == depth)
            direct.append(std::move(e));
    }
    return direct;
}

Result<FileEntries> FileIndex::all()
{
    return select({}, {});
}

namespace {

// Rows to stamps, straight from SQLite: through QSqlQuery, 100,000 rows cost most of a rescan.
Result<std::vector<StampTable::Row>> readStampRows(SqliteConnection &db, const QString &dir)
{
    sqlite3 *handle = db.sqliteHandle();
    if (!handle)
        return Error::internal(QStringLiteral("the SQLite driver gave no database handle"));
    QByteArray sql = "SELECT path, size, mtime_ns, indexed_ns, state, layer FROM files";
    if (!dir.isEmpty())
        sql += " WHERE path = ?1 OR (path > ?2 AND path < ?3)";
    SqliteStatement stmt(handle, sql);
    if (!stmt.ok())
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(db.file(), stmt.errorText()));
    if (!dir.isEmpty()) {
        stmt.bindText(1, dir.toUtf8());
        stmt.bindText(2, (dir + QLatin1Char('/')).toUtf8());
        stmt.bindText(3, (dir + QLatin1Char('0')).toUtf8());
    }
    std::vector<StampTable::Row> rows;
    const QByteArray remote = syncStateName(SyncState::RemoteOnly).toLatin1();
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        rows.push_back(
            {stmt.textView(0).toByteArray(),
             {stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.textView(4) == remote,
              layerFromName(QString::fromLatin1(stmt.textView(5))).value_or(Layer::Git)}});
    }
    if (rc != SQLITE_DONE)
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(db.file(), stmt.errorText()));
    return rows;
}

Result<qint64> filesGeneration(SqliteConnection &db)
{
    SqliteStatement stmt(db.sqliteHandle(), "SELECT value FROM counters WHERE name = 'files'");
    if (!stmt.ok() || stmt.step() != SQLITE_ROW)
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(db.file(), stmt.errorText()));
    return stmt.int64(0);
}

} // namespace

Result<StampTable> FileIndex::stamps(const QString &dir, bool *fromCache)
{
    if (fromCache)
        *fromCache = false;
    if (dir.isEmpty()) {
        // The cache is valid when it was built at the current generation of the files table; a
        // trigger bumps the generation on every insert, update and delete, whoever makes it.
        auto generation = filesGeneration(m_db);
        if (!generation)
            return generation.error();
        SqliteStatement stmt(m_db.sqliteHandle(),
                             "SELECT generation, data FROM stamp_cache WHERE id = 1");
        if (stmt.ok() && stmt.step() == SQLITE_ROW && stmt.int64(0) == *generation) {
            if (auto table = StampTable::fromBlob(stmt.blob(1))) {
                if (fromCache)
                    *fromCache = true;
                return std::move(*table);
            }
        }
    }
    auto rows = readStampRows(m_db, dir);
    if (!rows)
        return rows.error();
    return StampTable::fromRows(*rows);
}

Status FileIndex::refreshStampCache()
{
    auto rows = readStampRows(m_db, {});
    if (!rows)
        return rows.error();
    auto generation = filesGeneration(m_db);
    if (!generation)
        return generation.error();
    const StampTable table = StampTable::fromRows(*rows);
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO stamp_cache (id, generation, data) VALUES (1, ?, ?)"));
    q.addBindValue(*generation);
    q.addBindValue(table.blob());
    return m_db.run(q);
}

Status FileIndex::touch(const QString &path, qint64 size, qint64 mtimeNs)
{
    QSqlQuery q = m_db.query();
    q.prepare(
        QStringLiteral("UPDATE files SET size = ?, mtime_ns = ?, indexed_ns = ? WHERE path = ?"));
    q.addBindValue(size);
    q.addBindValue(mtimeNs);
    q.addBindValue(nowNs());
    q.addBindValue(path);
    return m_db.run(q);
}

Result<FileEntries> FileIndex::withState(SyncState state)
{
    return select(QStringLiteral("WHERE state = ?"), {syncStateName(state)});
}

Result<FileEntries> FileIndex::inLayer(Layer layer)
{
    return select(QStringLiteral("WHERE layer = ?"), {layerName(layer)});
}

Result<FileEntries> FileIndex::unsettledInLayer(Layer layer)
{
    return select(QStringLiteral("WHERE layer = ? AND state NOT IN (?, ?, ?)"),
                  {layerName(layer), syncStateName(SyncState::Synced),
                   syncStateName(SyncState::Conflict), syncStateName(SyncState::RemoteOnly)});
}

Result<FileEntries> FileIndex::outsideLayer(Layer layer)
{
    return select(QStringLiteral("WHERE layer != ?"), {layerName(layer)});
}

Result<QSet<QByteArray>> FileIndex::pathsInLayer(Layer layer)
{
    SqliteStatement stmt(m_db.sqliteHandle(), "SELECT path FROM files WHERE layer = ?1");
    if (!stmt.ok())
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(m_db.file(), stmt.errorText()));
    stmt.bindText(1, layerName(layer).toUtf8());
    QSet<QByteArray> out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        out.insert(stmt.textView(0).toByteArray());
    if (rc != SQLITE_DONE)
        return Error::internal(
            QStringLiteral("index database '%1': %2").arg(m_db.file(), stmt.errorText()));
    return out;
}

Status FileIndex::upsert(const FileEntry &entry)
{
    return upsertMany({entry});
}

Status FileIndex::upsertMany(const FileEntries &entries)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO files (") + columns +
              QStringLiteral(", indexed_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    const qint64 indexedNs = nowNs();
    for (const FileEntry &e : entries) {
        q.bindValue(9, indexedNs);
        q.bindValue(0, e.path);
        q.bindValue(1, e.size);
        q.bindValue(2, e.mtimeNs);
        q.bindValue(3, sqlText(QString::fromLatin1(e.sha256)));
        q.bindValue(4, e.binary ? 1 : 0);
        q.bindValue(5, layerName(e.layer));
        q.bindValue(6, syncStateName(e.state));
        q.bindValue(7, sqlText(e.remoteId));
        q.bindValue(8, sqlText(e.error));
        HM_TRY(m_db.run(q));
    }
    return {};
}

Status FileIndex::remove(const QString &path)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("DELETE FROM files WHERE path = ?"));
    q.addBindValue(path);
    return m_db.run(q);
}

Result<QStringList> FileIndex::removeTree(const QString &path)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("DELETE FROM files WHERE path = ? OR (") + belowClause +
              QStringLiteral(") RETURNING path"));
    q.addBindValue(path);
    for (const QVariant &b : belowBindings(path))
        q.addBindValue(b);
    HM_TRY(m_db.run(q));
    QStringList removed;
    while (q.next())
        removed.append(q.value(0).toString());
    return removed;
}

Status FileIndex::setState(const QString &path, SyncState state, const QString &error)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE files SET state = ?, error = ? WHERE path = ?"));
    q.addBindValue(syncStateName(state));
    q.addBindValue(sqlText(error));
    q.addBindValue(path);
    return m_db.run(q);
}

Result<QHash<Layer, LayerTotals>> FileIndex::totals()
{
    QSqlQuery q = m_db.query();
    q.prepare(
        QStringLiteral("SELECT layer, COUNT(*), COALESCE(SUM(size), 0) FROM files GROUP BY layer"));
    HM_TRY(m_db.run(q));
    QHash<Layer, LayerTotals> out;
    for (Layer l : {Layer::Git, Layer::Hub, Layer::Session})
        out.insert(l, {});
    while (q.next()) {
        if (auto l = layerFromName(q.value(0).toString()))
            out[*l] = {q.value(1).toLongLong(), q.value(2).toLongLong()};
    }
    return out;
}

Result<qint64> FileIndex::count()
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM files"));
    HM_TRY(m_db.run(q));
    return q.next() ? q.value(0).toLongLong() : 0;
}

Result<QString> FileIndex::meta(const QString &key)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    q.addBindValue(key);
    HM_TRY(m_db.run(q));
    return q.next() ? q.value(0).toString() : QString();
}

Status FileIndex::setMeta(const QString &key, const QString &value)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"));
    q.addBindValue(key);
    q.addBindValue(sqlText(value));
    return m_db.run(q);
}

} // namespace hawkmoth
