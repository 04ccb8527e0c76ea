#include "FileIndex.h"

#include "ChangeSink.h"
#include "FileIndexSql.h"

#include <QDateTime>
#include <QScopeGuard>

#include <sqlite3.h>

namespace hawkmoth {

using fileindexsql::belowBindings;
using fileindexsql::belowClause;

namespace {

const QString columns =
    QStringLiteral("path, size, mtime_ns, sha256, binary, layer, state, remote_id, error");

constexpr int layerTotalsSchema = 9; // the migration that made layer_totals

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000000LL;
}

FileEntry readEntry(const SqliteStatement &stmt)
{
    FileEntry e;
    e.path = QString::fromUtf8(stmt.textView(0));
    e.size = stmt.int64(1);
    e.mtimeNs = stmt.int64(2);
    e.sha256 = stmt.textView(3).toByteArray();
    e.binary = stmt.int64(4) != 0;
    e.layer = layerFromName(QString::fromLatin1(stmt.textView(5))).value_or(Layer::Git);
    e.state = syncStateFromName(QString::fromLatin1(stmt.textView(6))).value_or(SyncState::Pending);
    e.remoteId = QString::fromUtf8(stmt.textView(7));
    e.error = QString::fromUtf8(stmt.textView(8));
    return e;
}

// One row by its path, through a statement prepared on first use and kept by the caller.
template<typename Read>
auto rowByPath(SqliteConnection &db, std::unique_ptr<SqliteStatement> &stmt, const QByteArray &sql,
               const QString &path, Read read)
    -> Result<std::optional<decltype(read(std::declval<const SqliteStatement &>()))>>
{
    using Row = decltype(read(std::declval<const SqliteStatement &>()));
    if (!stmt)
        stmt = std::make_unique<SqliteStatement>(db.sqliteHandle(), sql);
    if (!stmt->ok())
        return db.failure(*stmt);
    stmt->reset();
    stmt->bindText(1, path.toUtf8());
    const int rc = stmt->step();
    if (rc == SQLITE_DONE)
        return std::optional<Row>();
    if (rc != SQLITE_ROW)
        return db.failure(*stmt);
    std::optional<Row> row(read(*stmt));
    stmt->reset(); // no read left open on the connection
    return row;
}

// How a row written over `before` changed, for notifications; nullopt when it did not.
std::optional<FileChangeKind> changeKind(const std::optional<FileEntry> &before,
                                         const FileEntry &after)
{
    if (!before)
        return FileChangeKind::Added;
    if (before->sha256 != after.sha256 || before->size != after.size ||
        before->mtimeNs != after.mtimeNs)
        return FileChangeKind::Changed;
    if (before->layer != after.layer || before->state != after.state ||
        before->remoteId != after.remoteId || before->error != after.error ||
        before->binary != after.binary)
        return FileChangeKind::StateChanged;
    return std::nullopt;
}

} // namespace

FileIndex::FileIndex(SqliteConnection &connection)
    : m_db(connection)
{}

FileIndex::~FileIndex() = default;

Result<FileEntries> FileIndex::select(const QString &where, const QVariantList &bindings,
                                      qint64 *steps)
{
    FileEntries out;
    HM_TRY(visit(
        where, bindings,
        [&out](const FileEntry &e) {
            out.append(e);
            return true;
        },
        steps));
    return out;
}

Status FileIndex::visit(const QString &where, const QVariantList &bindings,
                        const EntryVisitor &each, qint64 *steps)
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
        return m_db.failure(stmt);
    for (int i = 0; i < bindings.size(); ++i)
        stmt.bindText(i + 1, bindings.at(i).toString().toUtf8());
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        if (!each(readEntry(stmt)))
            return {};
    }
    if (rc != SQLITE_DONE)
        return m_db.failure(stmt);
    if (steps)
        *steps += stmt.vmSteps();
    return {};
}

Result<std::optional<FileEntry>> FileIndex::get(const QString &path)
{
    // Prepared once per FileIndex: a rescan looks up every changed file's previous row.
    static const QByteArray sql =
        (QStringLiteral("SELECT ") + columns + QStringLiteral(" FROM files WHERE path = ?1"))
            .toUtf8();
    return rowByPath(m_db, m_getStatement, sql, path, readEntry);
}

Result<std::optional<qint64>> FileIndex::indexedAt(const QString &path)
{
    return rowByPath(m_db, m_indexedStatement, "SELECT indexed_ns FROM files WHERE path = ?1", path,
                     [](const SqliteStatement &stmt) { return stmt.int64(0); });
}

Result<FileEntries> FileIndex::all()
{
    return select({}, {});
}

Status FileIndex::touch(const QString &path, qint64 size, qint64 mtimeNs)
{
    // Prepared once per FileIndex: the first rescan after an import touches every file it wrote
    // (all of them were indexed within the racy window), and preparing cost more than the update.
    if (!m_touchStatement)
        m_touchStatement = std::make_unique<SqliteStatement>(
            m_db.sqliteHandle(),
            "UPDATE files SET size = ?1, mtime_ns = ?2, indexed_ns = ?3 WHERE path = ?4");
    SqliteStatement &stmt = *m_touchStatement;
    if (!stmt.ok()) {
        const Error error = m_db.failure(stmt);
        m_touchStatement.reset(); // prepared again next time
        return error;
    }
    stmt.reset();
    stmt.bindInt64(1, size);
    stmt.bindInt64(2, mtimeNs);
    stmt.bindInt64(3, nowNs());
    stmt.bindText(4, path.toUtf8());
    if (stmt.step() != SQLITE_DONE)
        return m_db.failure(stmt);
    return {};
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

Result<FileEntries> FileIndex::awaitingSync(Layer layer)
{
    return select(QStringLiteral("WHERE layer = ? AND state IN (?, ?, ?)"),
                  {layerName(layer), syncStateName(SyncState::Pending),
                   syncStateName(SyncState::Error), syncStateName(SyncState::Conflict)});
}

Result<bool> FileIndex::containsFileNamed(const QString &name)
{
    // The name, or "/name" at the end of a path: compared as bytes, case-sensitively.
    SqliteStatement stmt(m_db.sqliteHandle(),
                         "SELECT 1 FROM files WHERE path = ?1 OR substr(path, -length(?2)) = ?2 "
                         "LIMIT 1");
    if (!stmt.ok())
        return m_db.failure(stmt);
    stmt.bindText(1, name.toUtf8());
    stmt.bindText(2, (QLatin1Char('/') + name).toUtf8());
    const int rc = stmt.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return m_db.failure(stmt);
    return rc == SQLITE_ROW;
}

Status FileIndex::upsert(const FileEntry &entry)
{
    return upsertMany({entry});
}

Status FileIndex::upsertMany(const FileEntries &entries)
{
    // Straight through SQLite: a first index writes every row, and QSqlQuery's QVariant bindings
    // cost several times the insert itself. Prepared once per FileIndex: with the totals'
    // triggers, preparing costs more than the insert, and an import upserts row by row.
    if (!m_upsertStatement)
        m_upsertStatement = std::make_unique<SqliteStatement>(
            m_db.sqliteHandle(),
            (QStringLiteral("INSERT OR REPLACE INTO files (") + columns +
             QStringLiteral(", indexed_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"))
                .toUtf8());
    SqliteStatement &stmt = *m_upsertStatement;
    if (!stmt.ok()) {
        const Error error = m_db.failure(stmt);
        m_upsertStatement.reset(); // prepared again next time
        return error;
    }
    const qint64 indexedNs = nowNs();
    PendingChanges *changes = m_db.pendingChanges();
    // Outside a transaction each row commits on its own: the rows written before a failure are
    // in the index and are announced too.
    const auto announce = qScopeGuard([this] { m_db.changesWritten(); });
    for (const FileEntry &e : entries) {
        std::optional<FileChangeKind> kind;
        if (changes) {
            auto before = get(e.path);
            if (!before)
                return before.error();
            kind = changeKind(*before, e);
        }
        stmt.reset();
        stmt.bindText(1, e.path.toUtf8());
        stmt.bindInt64(2, e.size);
        stmt.bindInt64(3, e.mtimeNs);
        stmt.bindText(4, e.sha256);
        stmt.bindInt64(5, e.binary ? 1 : 0);
        stmt.bindText(6, layerName(e.layer).toLatin1());
        stmt.bindText(7, syncStateName(e.state).toLatin1());
        stmt.bindText(8, e.remoteId.toUtf8());
        stmt.bindText(9, e.error.toUtf8());
        stmt.bindInt64(10, indexedNs);
        if (stmt.step() != SQLITE_DONE)
            return m_db.failure(stmt);
        if (kind)
            changes->addFile({*kind, e});
    }
    return {};
}

Status FileIndex::remove(const QString &path)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("DELETE FROM files WHERE path = ?"));
    q.addBindValue(path);
    HM_TRY(m_db.run(q));
    if (PendingChanges *changes = m_db.pendingChanges(); changes && q.numRowsAffected() > 0) {
        FileEntry gone;
        gone.path = path;
        changes->addFile({FileChangeKind::Removed, gone});
        m_db.changesWritten();
    }
    return {};
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
    if (PendingChanges *changes = m_db.pendingChanges()) {
        for (const QString &p : std::as_const(removed)) {
            FileEntry gone;
            gone.path = p;
            changes->addFile({FileChangeKind::Removed, gone});
        }
        m_db.changesWritten();
    }
    return removed;
}

void FileIndex::noteMove(const QString &from, const QString &to)
{
    if (PendingChanges *changes = m_db.pendingChanges()) {
        changes->addMove({from, to});
        m_db.changesWritten();
    }
}

Status FileIndex::setState(const QString &path, SyncState state, const QString &error)
{
    QSqlQuery q = m_db.query();
    q.prepare(QStringLiteral("UPDATE files SET state = ?, error = ? WHERE path = ?"));
    q.addBindValue(syncStateName(state));
    q.addBindValue(sqlText(error));
    q.addBindValue(path);
    HM_TRY(m_db.run(q));
    return noteStateChanges({path});
}

Status FileIndex::settle(const QList<Settlement> &files, SyncState state)
{
    SqliteStatement stmt(m_db.sqliteHandle(),
                         "UPDATE files SET state = ?1, remote_id = ?2, error = '' WHERE path = ?3");
    if (!stmt.ok())
        return m_db.failure(stmt);
    const QByteArray stateName = syncStateName(state).toLatin1();
    for (const Settlement &f : files) {
        stmt.reset();
        stmt.bindText(1, stateName);
        stmt.bindText(2, f.remoteId.toUtf8());
        stmt.bindText(3, f.path.toUtf8());
        if (stmt.step() != SQLITE_DONE)
            return m_db.failure(stmt);
    }
    if (!m_db.pendingChanges())
        return {};
    QStringList paths;
    paths.reserve(files.size());
    for (const Settlement &f : files)
        paths.append(f.path);
    return noteStateChanges(paths);
}

Status FileIndex::noteStateChanges(const QStringList &paths)
{
    PendingChanges *changes = m_db.pendingChanges();
    if (!changes)
        return {};
    // The rows as written: callers change a few columns, receivers want whole entries.
    for (const QString &path : paths) {
        auto row = get(path);
        if (!row)
            return row.error();
        if (*row)
            changes->addFile({FileChangeKind::StateChanged, **row});
    }
    m_db.changesWritten();
    return {};
}

Result<QHash<Layer, LayerTotals>> FileIndex::totals()
{
    // A reader does not upgrade the index: one that no writer of schema 9 opened yet has no
    // layer_totals, and its rows are counted.
    auto version = m_db.schemaVersion();
    if (!version)
        return version.error();
    QSqlQuery q = m_db.query();
    q.prepare(*version >= layerTotalsSchema
                  ? QStringLiteral("SELECT layer, files, bytes FROM layer_totals")
                  : QStringLiteral("SELECT layer, COUNT(*), COALESCE(SUM(size), 0) FROM files "
                                   "GROUP BY layer"));
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

Result<FileEntries> FileIndex::hubSummaries()
{
    // The layer as a literal: SQLite reads a partial index only for a query that states its
    // condition, and a bound value is not known when the statement is prepared.
    SqliteStatement stmt(m_db.sqliteHandle(),
                         "SELECT path, size, sha256, state FROM files WHERE layer = 'hub'");
    if (!stmt.ok())
        return m_db.failure(stmt);
    FileEntries out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        FileEntry e;
        e.path = QString::fromUtf8(stmt.textView(0));
        e.size = stmt.int64(1);
        e.sha256 = stmt.textView(2).toByteArray();
        e.layer = Layer::Hub;
        e.state =
            syncStateFromName(QString::fromLatin1(stmt.textView(3))).value_or(SyncState::Pending);
        out.append(std::move(e));
    }
    if (rc != SQLITE_DONE)
        return m_db.failure(stmt);
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
