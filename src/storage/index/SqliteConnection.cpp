#include "SqliteConnection.h"

#include "ChangeSink.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>

#include <sqlite3.h>

#include <atomic>

namespace hawkmoth {

namespace {

std::atomic<quint64> connectionCounter{0};

// Damage found mid-command (past the checks at open): say how to get a working index back.
QString damageHint(int sqliteCode)
{
    return SqliteConnection::isDamageCode(sqliteCode)
               ? QStringLiteral(" (the index is damaged; 'hawkmoth rescan --rebuild' sets it "
                                "aside and rebuilds it from the disk and git)")
               : QString();
}

// Each entry upgrades the schema by one version; never edit a released entry, append instead.
const char *const migrations[] = {
    R"sql(
    CREATE TABLE files(
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        sha256 TEXT NOT NULL DEFAULT '',
        binary INTEGER NOT NULL DEFAULT 0,
        layer TEXT NOT NULL,
        state TEXT NOT NULL,
        remote_id TEXT NOT NULL DEFAULT '',
        error TEXT NOT NULL DEFAULT '',
        indexed_ns INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE jobs(
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL DEFAULT '{}',
        dedup_key TEXT,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL DEFAULT 0,
        hold_until_ms INTEGER NOT NULL DEFAULT 0,
        last_error TEXT NOT NULL DEFAULT '',
        bytes_done INTEGER NOT NULL DEFAULT 0,
        bytes_total INTEGER NOT NULL DEFAULT 0,
        files_done INTEGER NOT NULL DEFAULT 0,
        files_total INTEGER NOT NULL DEFAULT 0,
        created_ms INTEGER NOT NULL,
        updated_ms INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX jobs_dedup ON jobs(dedup_key) WHERE state = 'queued' AND dedup_key IS NOT NULL;
    CREATE INDEX jobs_ready ON jobs(state, next_attempt_ms);
    )sql",
    // 2: the stamp cache and the generation counter that tells when it is stale.
    R"sql(
    CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO counters (name, value) VALUES ('files', 0);
    CREATE TRIGGER files_inserted AFTER INSERT ON files BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    CREATE TRIGGER files_updated AFTER UPDATE ON files BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    CREATE TRIGGER files_deleted AFTER DELETE ON files BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    CREATE TABLE stamp_cache(id INTEGER PRIMARY KEY CHECK (id = 1), generation INTEGER NOT NULL,
                             data BLOB NOT NULL);
    )sql",
    // 3: an update moves the generation only when it changes what a stamp holds; a commit that
    // marks files synced leaves the cached stamps current.
    R"sql(
    DROP TRIGGER files_updated;
    CREATE TRIGGER files_updated AFTER UPDATE ON files
    WHEN NEW.path IS NOT OLD.path OR NEW.size IS NOT OLD.size OR NEW.mtime_ns IS NOT OLD.mtime_ns
        OR NEW.indexed_ns IS NOT OLD.indexed_ns OR NEW.layer IS NOT OLD.layer
        OR (NEW.state = 'remote') IS NOT (OLD.state = 'remote')
    BEGIN
        UPDATE counters SET value = value + 1 WHERE name = 'files';
    END;
    )sql",
    // 4: the stamp snapshot moves to a file of its own beside the index (see StampSnapshotFile).
    R"sql(
    DROP TABLE stamp_cache;
    )sql",
    // 5: listing one folder reads that folder's rows only. Files are indexed by their folder (the
    // path up to its last '/': rtrim drops every trailing character that is not a '/'), and
    // folder_totals holds, per folder that directly holds files, their count and bytes, kept by
    // triggers whoever writes: a subfolder's totals sum these rows, not the file rows below it.
    // INSERT OR REPLACE fires no delete trigger (recursive_triggers is off), so the row it
    // replaces is taken out before the insert.
    R"sql(
    CREATE INDEX files_by_folder ON files(rtrim(path, replace(path, '/', '')), path);
    CREATE TABLE folder_totals(folder TEXT PRIMARY KEY, files INTEGER NOT NULL,
                               bytes INTEGER NOT NULL) WITHOUT ROWID;
    INSERT INTO folder_totals (folder, files, bytes)
        SELECT rtrim(path, replace(path, '/', '')), count(*), sum(size) FROM files GROUP BY 1;
    CREATE TRIGGER folder_totals_replacing BEFORE INSERT ON files
    WHEN EXISTS (SELECT 1 FROM files WHERE path = NEW.path)
    BEGIN
        UPDATE folder_totals SET files = files - 1,
            bytes = bytes - (SELECT size FROM files WHERE path = NEW.path)
            WHERE folder = rtrim(NEW.path, replace(NEW.path, '/', ''));
    END;
    CREATE TRIGGER folder_totals_inserted AFTER INSERT ON files BEGIN
        INSERT INTO folder_totals (folder, files, bytes)
            VALUES (rtrim(NEW.path, replace(NEW.path, '/', '')), 1, NEW.size)
            ON CONFLICT (folder) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes;
    END;
    CREATE TRIGGER folder_totals_deleted AFTER DELETE ON files BEGIN
        UPDATE folder_totals SET files = files - 1, bytes = bytes - OLD.size
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', ''));
        DELETE FROM folder_totals
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', '')) AND files <= 0;
    END;
    CREATE TRIGGER folder_totals_updated AFTER UPDATE OF path, size ON files
    WHEN NEW.path IS NOT OLD.path OR NEW.size IS NOT OLD.size
    BEGIN
        UPDATE folder_totals SET files = files - 1, bytes = bytes - OLD.size
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', ''));
        DELETE FROM folder_totals
            WHERE folder = rtrim(OLD.path, replace(OLD.path, '/', '')) AND files <= 0;
        INSERT INTO folder_totals (folder, files, bytes)
            VALUES (rtrim(NEW.path, replace(NEW.path, '/', '')), 1, NEW.size)
            ON CONFLICT (folder) DO UPDATE SET files = files + 1, bytes = bytes + excluded.bytes;
    END;
    )sql",
    // 6: a user's cancel of a running job (its runner stops it and ends it cancelled), and git
    // progress counted in objects rather than files.
    R"sql(
    ALTER TABLE jobs ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN objects_done INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE jobs ADD COLUMN objects_total INTEGER NOT NULL DEFAULT 0;
    )sql",
};

} // namespace

SqliteConnection::SqliteConnection(QString file, QString name)
    : m_file(std::move(file))
    , m_name(std::move(name))
{}

SqliteConnection::~SqliteConnection()
{
    // A big transaction (the first index of 100,000 files) leaves a WAL of tens of MB, and every
    // process that opens the index later reads all of it to rebuild the WAL index: far more than
    // the one checkpoint that empties it. (Busy when another connection reads: then a later
    // close does it.)
    if (QFileInfo(m_file + QStringLiteral("-wal")).size() > maxWalBytes) {
        if (sqlite3 *handle = sqliteHandle())
            sqlite3_wal_checkpoint_v2(handle, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                                      nullptr);
    }
    m_db.close();
    m_db = QSqlDatabase(); // drop our handle before Qt forgets the connection name
    QSqlDatabase::removeDatabase(m_name);
}

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const QString &file,
                                                                 int busyTimeoutMs, Access access)
{
    const QString name = QStringLiteral("hawkmoth-%1").arg(++connectionCounter);
    std::unique_ptr<SqliteConnection> c(new SqliteConnection(file, name));
    c->m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    c->m_db.setDatabaseName(file);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(busyTimeoutMs);
    if (access == Access::ReadOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    c->m_db.setConnectOptions(options);
    if (!c->m_db.open())
        return Error::io(QStringLiteral("cannot open index database '%1': %2")
                             .arg(file, c->m_db.lastError().text()));
    // The schema is read lazily: reading it now makes a damaged file fail here, not mid-command.
    HM_TRY(c->exec(QStringLiteral("SELECT count(*) FROM sqlite_master")));
    if (access == Access::ReadOnly)
        return c;
    // WAL keeps readers off the writer's back; NORMAL sync is crash-safe for the application in
    // WAL mode and avoids an fsync per transaction.
    HM_TRY(c->enableWal(busyTimeoutMs));
    HM_TRY(c->exec(QStringLiteral("PRAGMA synchronous=NORMAL")));
    HM_TRY(c->exec(QStringLiteral("PRAGMA temp_store=MEMORY")));
    // Memory-mapped reads: a rescan reads the whole files table, and 4 KiB pread() calls for each
    // page cost more than the rows themselves.
    HM_TRY(c->exec(QStringLiteral("PRAGMA mmap_size=1073741824")));

    // Connections live for one operation; checkpointing the WAL (with its fsyncs) every time the
    // last one closes would cost more than the operation. SQLite's auto-checkpoint still bounds it.
    if (sqlite3 *handle = c->sqliteHandle())
        sqlite3_db_config(handle, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    HM_TRY(c->migrate());
    return c;
}

Status SqliteConnection::enableWal(int busyTimeoutMs)
{
    // Switching a new file to WAL reads its header and then upgrades to a write, and SQLite
    // reports that upgrade busy at once, without the busy handler: two processes creating the same
    // index would fail with "database is locked". The mode persists, so only a new file retries.
    const QDeadlineTimer deadline(busyTimeoutMs);
    for (;;) {
        QSqlQuery q(m_db);
        if (q.exec(QStringLiteral("PRAGMA journal_mode=WAL")))
            return {};
        if ((q.lastError().nativeErrorCode().toInt() & 0xff) != SQLITE_BUSY ||
            deadline.hasExpired())
            return failure(q);
        QThread::msleep(quint64(qBound(qint64(1), deadline.remainingTime(), qint64(10))));
    }
}

bool SqliteConnection::isDamageCode(int sqliteCode)
{
    const int primary = sqliteCode & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

bool SqliteConnection::isDamaged(const QString &file)
{
    sqlite3 *db = nullptr;
    const int opened =
        sqlite3_open_v2(QFile::encodeName(file).constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    const std::unique_ptr<sqlite3, decltype(&sqlite3_close_v2)> handle(db, &sqlite3_close_v2);
    if (opened != SQLITE_OK)
        return isDamageCode(opened);
    sqlite3_busy_timeout(db, defaultBusyTimeoutMs);
    SqliteStatement check(db, QByteArrayLiteral("PRAGMA quick_check(1)"));
    if (!check.ok())
        return isDamageCode(sqlite3_errcode(db));
    const int stepped = check.step();
    if (stepped == SQLITE_ROW)
        return check.textView(0) != QByteArrayView("ok");
    return isDamageCode(stepped);
}

sqlite3 *SqliteConnection::sqliteHandle() const
{
    const QVariant v = m_db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(v.data());
}

SqliteStatement::SqliteStatement(sqlite3 *db, const QByteArray &sql)
    : m_db(db)
{
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &m_stmt, nullptr) != SQLITE_OK)
        m_stmt = nullptr;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_stmt);
}

QString SqliteStatement::errorText() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

bool SqliteStatement::storageFailed() const
{
    const int code = sqlite3_errcode(m_db);
    return code == SQLITE_FULL || code == SQLITE_IOERR || code == SQLITE_CANTOPEN;
}

void SqliteStatement::bindText(int index, const QByteArray &utf8)
{
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindInt64(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
}

void SqliteStatement::bindStaticBlob(int index, const QByteArray &data)
{
    sqlite3_bind_blob(m_stmt, index, data.constData(), int(data.size()), SQLITE_STATIC);
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_stmt);
}

int SqliteStatement::step()
{
    return sqlite3_step(m_stmt);
}

qint64 SqliteStatement::vmSteps() const
{
    return m_stmt ? sqlite3_stmt_status(m_stmt, SQLITE_STMTSTATUS_VM_STEP, 0) : 0;
}

qint64 SqliteStatement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QByteArrayView SqliteStatement::textView(int column) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return QByteArrayView(text, sqlite3_column_bytes(m_stmt, column));
}

QByteArray SqliteStatement::blob(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    return QByteArray(data, sqlite3_column_bytes(m_stmt, column));
}

Status SqliteConnection::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (!q.exec(sql))
        return failure(q);
    return {};
}

Status SqliteConnection::run(QSqlQuery &query)
{
    if (!query.exec())
        return failure(query);
    return {};
}

Error SqliteConnection::failure(const QSqlQuery &query) const
{
    const QSqlError e = query.lastError();
    // By SQLite's result code (its primary part), as for statements: never by the text.
    const int code = e.nativeErrorCode().toInt();
    const int primary = code & 0xff;
    const bool storage =
        primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN;
    return Error{
        storage ? ErrorCode::Io : ErrorCode::Internal,
        QStringLiteral("index database '%1': %2%3").arg(m_file, e.text(), damageHint(code))};
}

Error SqliteConnection::failure(const SqliteStatement &statement) const
{
    return Error{
        statement.storageFailed() ? ErrorCode::Io : ErrorCode::Internal,
        QStringLiteral("index database '%1': %2%3")
            .arg(m_file, statement.errorText(), damageHint(sqlite3_errcode(sqliteHandle())))};
}

Result<int> SqliteConnection::schemaVersion()
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("PRAGMA user_version")) || !q.next())
        return failure(q);
    return q.value(0).toInt();
}

Status SqliteConnection::migrate()
{
    constexpr int latest = int(std::size(migrations));
    auto version = schemaVersion();
    if (!version)
        return version.error();
    if (*version > latest)
        return Error::invalid(
            QStringLiteral("index database '%1' was written by a newer HAWKMOTH (schema %2, this "
                           "build knows %3); update HAWKMOTH")
                .arg(m_file)
                .arg(*version)
                .arg(latest));
    while (*version < latest) {
        auto tx = Transaction::begin(*this);
        if (!tx)
            return tx.error();
        // Read again under the write lock: another process creating the same fresh index (two
        // that found it damaged at once) may have upgraded it meanwhile.
        version = schemaVersion();
        if (!version)
            return version.error();
        if (*version >= latest)
            return (*tx)->commit();
        // Qt runs one statement per exec(); SQLite's own exec runs a script (with triggers).
        char *message = nullptr;
        if (sqlite3_exec(sqliteHandle(), migrations[*version], nullptr, nullptr, &message) !=
            SQLITE_OK) {
            const QString why = QString::fromUtf8(message);
            sqlite3_free(message);
            return Error::internal(
                QStringLiteral("cannot upgrade index database '%1': %2").arg(m_file, why));
        }
        HM_TRY(exec(QStringLiteral("PRAGMA user_version=%1").arg(*version + 1)));
        HM_TRY((*tx)->commit());
        version = *version + 1;
    }
    return {};
}

Result<std::unique_ptr<Transaction>> Transaction::begin(SqliteConnection &connection)
{
    HM_TRY(connection.exec(QStringLiteral("BEGIN IMMEDIATE")));
    return std::unique_ptr<Transaction>(new Transaction(connection));
}

Transaction::~Transaction()
{
    if (!m_done) {
        (void)m_connection.exec(QStringLiteral("ROLLBACK"));
        if (PendingChanges *changes = m_connection.pendingChanges())
            changes->rolledBack();
    }
}

Status Transaction::commit()
{
    m_done = true;
    PendingChanges *changes = m_connection.pendingChanges();
    if (auto s = m_connection.exec(QStringLiteral("COMMIT")); !s) {
        (void)m_connection.exec(QStringLiteral("ROLLBACK"));
        if (changes)
            changes->rolledBack();
        return s;
    }
    if (changes)
        changes->committed();
    return {};
}

void SqliteConnection::setPendingChanges(std::unique_ptr<PendingChanges> changes)
{
    m_changes = std::move(changes);
}

void SqliteConnection::changesWritten()
{
    if (m_changes && sqlite3_get_autocommit(sqliteHandle()) != 0)
        m_changes->committed();
}

} // namespace hawkmoth
