#include "StampSnapshots.h"

#include "FileIndex.h"

#include <sqlite3.h>

namespace hawkmoth {

namespace {

constexpr char stampColumns[] = "SELECT path, size, mtime_ns, indexed_ns, state, layer FROM files";

void addStampRow(StampSnapshot::Builder &builder, const SqliteStatement &stmt)
{
    static const QByteArray remote = syncStateName(SyncState::RemoteOnly).toLatin1();
    builder.add(stmt.textView(0),
                {stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.textView(4) == remote,
                 layerFromName(QString::fromLatin1(stmt.textView(5))).value_or(Layer::Git)});
}

// Rows to stamps, straight from SQLite: through QSqlQuery, 100,000 rows cost most of a rescan.
// Everything at or below dir, or with direct only the files directly in it (by files_by_folder).
Status readStampRows(SqliteConnection &db, const QString &dir, StampSnapshot::Builder &builder,
                     bool direct = false)
{
    sqlite3 *handle = db.sqliteHandle();
    if (!handle)
        return Error::internal(QStringLiteral("the SQLite driver gave no database handle"));
    QByteArray sql = stampColumns;
    if (direct)
        sql += " WHERE rtrim(path, replace(path, '/', '')) = ?1";
    else if (!dir.isEmpty())
        sql += " WHERE path = ?1 OR (path > ?2 AND path < ?3)";
    SqliteStatement stmt(handle, sql);
    if (!stmt.ok())
        return db.failure(stmt);
    if (direct) {
        stmt.bindText(1, dir.isEmpty() ? QByteArray("") : (dir + QLatin1Char('/')).toUtf8());
    } else if (!dir.isEmpty()) {
        stmt.bindText(1, dir.toUtf8());
        stmt.bindText(2, (dir + QLatin1Char('/')).toUtf8());
        stmt.bindText(3, (dir + QLatin1Char('0')).toUtf8());
    }
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW)
        addStampRow(builder, stmt);
    if (rc != SQLITE_DONE)
        return db.failure(stmt);
    return {};
}

constexpr char stampTokenKey[] = "stampToken";

} // namespace

Result<qint64> StampSnapshots::generation()
{
    SqliteStatement stmt(m_db.sqliteHandle(), "SELECT value FROM counters WHERE name = 'files'");
    if (!stmt.ok() || stmt.step() != SQLITE_ROW)
        return m_db.failure(stmt);
    return stmt.int64(0);
}

StampSnapshotFile StampSnapshots::file() const
{
    return StampSnapshotFile(m_db.file() + QStringLiteral(".stamps"));
}

Result<StampSnapshot> StampSnapshots::read(const QString &dir, bool *fromFile, qint64 *readAt)
{
    if (fromFile)
        *fromFile = false;
    if (readAt)
        *readAt = -1;
    auto before = generation();
    if (!before)
        return before.error();
    if (dir.isEmpty()) {
        // The snapshot file serves while the files table is at the generation it was built at; a
        // trigger bumps the generation on every write that changes a stamp, whoever makes it.
        auto token = FileIndex(m_db).meta(QString::fromLatin1(stampTokenKey));
        if (!token)
            return token.error();
        if (auto table = file().load({token->toLatin1(), *before})) {
            if (fromFile)
                *fromFile = true;
            if (readAt)
                *readAt = *before;
            return std::move(*table);
        }
    }
    StampSnapshot::Builder builder;
    HM_TRY(readStampRows(m_db, dir, builder));
    // Outside a transaction another writer may have come between: then no generation is known.
    auto after = generation();
    if (!after)
        return after.error();
    if (readAt && *after == *before)
        *readAt = *before;
    return builder.build();
}

Result<StampSnapshot> StampSnapshots::readFolder(const QString &dir)
{
    StampSnapshot::Builder builder;
    HM_TRY(readStampRows(m_db, dir, builder, true));
    return builder.build();
}

Status StampSnapshots::refresh()
{
    auto tx = Transaction::begin(m_db);
    if (!tx)
        return tx.error();
    StampSnapshot::Builder builder;
    HM_TRY(readStampRows(m_db, {}, builder));
    auto key = claim();
    if (!key)
        return key.error();
    HM_TRY((*tx)->commit());
    return store(builder.build(), *key);
}

Result<StampSnapshot> StampSnapshots::patch(const StampSnapshot &before,
                                            const QSet<QByteArray> &written)
{
    // Many rows written (a first index): one pass over the table beats a lookup for each.
    if (written.size() > 1000 && qsizetype(written.size()) * 8 > before.count()) {
        StampSnapshot::Builder builder;
        HM_TRY(readStampRows(m_db, {}, builder));
        return builder.build();
    }
    std::vector<char> rewritten(size_t(before.count()), 0);
    for (const QByteArray &path : written) {
        if (const int record = before.find(path); record >= 0)
            rewritten[size_t(record)] = 1;
    }
    StampSnapshot::Builder builder;
    builder.reserve(before.count() + written.size(), before.pathBytes());
    for (int record = 0; record < before.count(); ++record) {
        if (!rewritten[size_t(record)])
            builder.add(before.path(record), before.stamp(record));
    }
    if (!written.isEmpty()) {
        SqliteStatement stmt(m_db.sqliteHandle(), QByteArray(stampColumns) + " WHERE path = ?1");
        if (!stmt.ok())
            return m_db.failure(stmt);
        for (const QByteArray &path : written) {
            stmt.reset();
            stmt.bindText(1, path);
            const int rc = stmt.step();
            if (rc == SQLITE_ROW)
                addStampRow(builder, stmt);
            else if (rc != SQLITE_DONE)
                return m_db.failure(stmt);
        }
    }
    return builder.build();
}

Result<StampSnapshotKey> StampSnapshots::claim()
{
    StampSnapshotKey key{StampSnapshotFile::newToken(), -1};
    auto current = generation();
    if (!current)
        return current.error();
    key.generation = *current;
    HM_TRY(FileIndex(m_db).setMeta(QString::fromLatin1(stampTokenKey),
                                   QString::fromLatin1(key.token)));
    return key;
}

Status StampSnapshots::store(const StampSnapshot &table, const StampSnapshotKey &key)
{
    return file().store(table, key);
}

} // namespace hawkmoth
